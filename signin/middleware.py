import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

from .sessions import idle_seconds

LAST_SEEN = "signin_last_seen"


class IdleTimeoutMiddleware:
    """Signs out a session left idle longer than its account's limit (signin.sessions).

    The time of the last request is kept in the session, written at most once per
    SESSION_IDLE_RESOLUTION seconds, and the session's own expiry follows it, so an abandoned
    session also disappears from the store."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            idle = idle_seconds(user)
            seen = request.session.get(LAST_SEEN)
            if seen is not None and now - seen > idle:
                logout(request)
                messages.info(
                    request,
                    _("閒置超過 %(minutes)d 分鐘，已自動登出，請重新登入。")
                    % {"minutes": idle // 60},
                )
                return redirect_to_login(request.get_full_path())
            if seen is None or now - seen >= settings.SESSION_IDLE_RESOLUTION:
                request.session[LAST_SEEN] = now
                request.session.set_expiry(idle)
        return self.get_response(request)


# What an account that still owes its second factor may open: signing in and out, the second
# factor's own pages, and the password pages a visitor may use.
SECOND_FACTOR_OPEN = {
    "login",
    "logout",
    "signin:oidc_start",
    "signin:oidc_callback",
    "signin:two_factor",
    "signin:two_factor_verify",
    "signin:password_reset",
    "signin:password_reset_sent",
    "signin:password_reset_confirm",
    "signin:password_reset_complete",
}


class SecondFactorMiddleware:
    """An account that must give a second factor (signin.second_factor) and has not yet, in this
    session, is sent to give it (or to set it up) before any other page, the admin included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.shortcuts import redirect
        from django.urls import reverse
        from django.utils.http import urlencode

        from . import second_factor

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in SECOND_FACTOR_OPEN:
            return None
        if not second_factor.session_needs_second_factor(request.session, user):
            return None
        target = (
            "signin:two_factor_verify"
            if second_factor.second_factor_enabled(user)
            else "signin:two_factor"
        )
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return redirect(reverse(target) + (f"?{query}" if query else ""))
