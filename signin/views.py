"""Sign-in pages: 登入, 忘記密碼, 變更密碼, 帳號安全 (登出所有裝置)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from people.client_address import client_address
from people.views import center_required

from . import second_factor, services
from .forms import EventFilterForm, LanguageForm, OutboxPasswordResetForm
from .models import SignInEvent
from .selectors import sign_in_events

Kind = SignInEvent.Kind


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"

    def get_context_data(self, **kwargs):
        from .providers import providers

        # 以教育雲端帳號登入: one button per configured provider (none: no button).
        return super().get_context_data(**kwargs, oidc_providers=providers())


class PasswordResetView(auth_views.PasswordResetView):
    """忘記密碼: the same answer whether or not the address has an account."""

    template_name = "signin/password_reset.html"
    form_class = OutboxPasswordResetForm
    success_url = reverse_lazy("signin:password_reset_sent")

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        services.password_reset_mail_queue(email=email)
        services.event_record(
            kind=Kind.PASSWORD_RESET_REQUESTED,
            username=email,
            address=client_address(self.request),
        )
        return redirect(self.success_url)


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "signin/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "signin/password_reset_confirm.html"
    success_url = reverse_lazy("signin:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        services.sessions_end_all(user=user)
        services.event_record(
            kind=Kind.PASSWORD_RESET, user=user, address=client_address(self.request)
        )
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "signin/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    """變更密碼: this session stays signed in; every other session of the account ends."""

    template_name = "signin/password_change.html"
    success_url = reverse_lazy("signin:security")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        services.sessions_end_all(user=user, keep_session_key=self.request.session.session_key)
        services.event_record(
            kind=Kind.PASSWORD_CHANGED, user=user, address=client_address(self.request)
        )
        messages.success(self.request, _("密碼已變更，其他裝置上的登入已登出。"))
        return response


@login_required
def security(request):
    """帳號安全: the account's password, second factor and sessions."""
    return render(
        request,
        "signin/security.html",
        {
            "title": _("帳號安全"),
            "crumbs": [_("帳號安全")],
            "events": SignInEvent.objects.filter(user=request.user).select_related("by")[:10],
            "second_factor_enabled": second_factor.second_factor_enabled(request.user),
            "second_factor_required": second_factor.second_factor_required(request.user),
            "language_form": LanguageForm(
                initial={"language": request.user.language or translation.get_language()}
            ),
            "identities": _identities(request.user),
        },
    )


def _identities(user) -> list[dict]:
    """The account's links to OpenID Connect providers, named by the providers' buttons."""
    from .providers import provider_get

    return [
        {
            "label": provider.label
            if (provider := provider_get(identity.provider))
            else identity.provider,
            "identity": identity,
        }
        for identity in user.external_identities.all()
    ]


@require_POST
def language(request):
    """語言 / Language: Django's set_language (the cookie, then back to `next`), and for a
    signed-in person the choice kept on the account, for every later sign-in and their mail."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        # Not one of LANGUAGES (set_language would keep any language Django itself knows).
        next_url = request.POST.get("next", request.GET.get("next", ""))
        safe = url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        return redirect(next_url if safe else "/")
    chosen = form.cleaned_data["language"]
    if request.user.is_authenticated:
        services.user_language_set(user=request.user, language=chosen)
    with translation.override(chosen):
        messages.success(request, _("已切換介面語言。"))
    return set_language(request)


@require_POST
@login_required
def sign_out_everywhere(request):
    """登出所有裝置: every session of the account ends, this one too."""
    user = request.user
    services.sessions_end_all(user=user, keep_session_key=request.session.session_key)
    services.event_record(
        kind=Kind.SIGNED_OUT_EVERYWHERE, user=user, address=client_address(request)
    )
    from django.contrib.auth import logout

    logout(request)
    messages.success(request, _("已登出所有裝置，請重新登入。"))
    return redirect("login")


EVENTS_PAGE_SIZE = 50


@center_required
def events(request):
    """登入紀錄 for the center: every account's sign-ins and security changes, in pages."""
    from django.core.paginator import Paginator

    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    paginator = Paginator(
        sign_in_events(kind=filters.get("kind", ""), account=filters.get("account", "").strip()),
        EVENTS_PAGE_SIZE,
    )
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "signin/events.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "title": _("登入紀錄"),
            "crumbs": [_("中心端"), _("登入紀錄")],
        },
    )
