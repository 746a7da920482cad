"""兩步驟驗證 pages: enrol (the QR code, its secret and the first code), verify at sign-in (a
code or a recovery code), new recovery codes, turning it off where it is optional."""

import segno
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from people.client_address import client_address

from . import second_factor
from .forms_second_factor import TokenForm


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _secret_groups(device) -> str:
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
def enrol(request):
    """設定兩步驟驗證: scan the QR code (or type the secret), then type the code it shows."""
    user = request.user
    if second_factor.second_factor_enabled(user) and not request.session.get(
        second_factor.SESSION_VERIFIED
    ):
        return redirect(f"{_verify_url()}?next={_next_url(request)}")
    device = second_factor.totp_pending(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = second_factor.totp_confirm(
            user=user, token=form.cleaned_data["token"], address=client_address(request)
        )
        if result is None:
            form.add_error(
                "token", _("驗證碼不正確或已過期，請輸入驗證器 App 目前顯示的 6 位數字。")
            )
        else:
            confirmed, codes = result
            otp_login(request, confirmed)
            second_factor.session_mark_verified(request.session)
            request.session[second_factor.SESSION_NEEDED] = True
            return render(
                request,
                "signin/recovery_codes.html",
                {
                    "codes": codes,
                    "next": _next_url(request),
                    "title": _("備用碼"),
                    "just_enrolled": True,
                },
            )
    return render(
        request,
        "signin/two_factor_enrol.html",
        {
            "form": form,
            "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=4),
            "secret": _secret_groups(device),
            "required": second_factor.second_factor_required(user),
            "enabled": second_factor.second_factor_enabled(user),
            "next": _next_url(request),
            "title": _("設定兩步驟驗證"),
            "crumbs": [_("帳號安全"), _("兩步驟驗證")],
        },
    )


def _verify_url() -> str:
    from django.urls import reverse

    return reverse("signin:two_factor_verify")


@login_required
def verify(request):
    """兩步驟驗證 at sign-in: the authenticator's code, or one recovery code."""
    user = request.user
    if not second_factor.second_factor_enabled(user):
        return redirect("signin:two_factor")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_factor.token_verify(
            user=user, token=form.cleaned_data["token"], address=client_address(request)
        )
        if device is None:
            form.add_error(
                "token",
                _("驗證碼不正確或已過期（或備用碼已用過），請再試一次；連續錯誤會暫停一段時間。"),
            )
        else:
            otp_login(request, device)
            second_factor.session_mark_verified(request.session)
            return redirect(_next_url(request) or "portal:role_home")
    return render(
        request,
        "signin/two_factor_verify.html",
        {"form": form, "next": _next_url(request), "title": _("兩步驟驗證")},
    )


@require_POST
@login_required
def recovery_codes(request):
    """New recovery codes; the old ones stop working."""
    if not second_factor.second_factor_enabled(request.user):
        return redirect("signin:two_factor")
    codes = second_factor.recovery_codes_make(user=request.user, address=client_address(request))
    return render(
        request,
        "signin/recovery_codes.html",
        {"codes": codes, "title": _("備用碼"), "crumbs": [_("帳號安全"), _("備用碼")]},
    )


@require_POST
@login_required
def disable(request):
    """Turn the second factor off: only where it is optional."""
    user = request.user
    if second_factor.second_factor_required(user):
        messages.error(request, _("您的角色必須使用兩步驟驗證，無法關閉。"))
        return redirect("signin:security")
    second_factor.second_factor_reset(user=user, by=user, address=client_address(request))
    # Resetting ended every session, this one too.
    logout(request)
    messages.success(request, _("已關閉兩步驟驗證，請重新登入。"))
    return redirect("login")
