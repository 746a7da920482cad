"""以教育雲端帳號登入: the OpenID Connect authorization code flow (with PKCE and a nonce) against
each provider of settings.OIDC_PROVIDERS, on mozilla-django-oidc.

The library's views and backend read one provider from settings; these subclasses take the
provider from the URL (/accounts/oidc/<key>/ and its own callback, so a code is only ever
taken from the provider the sign-in began with), and keep what the library leaves to the
project: the issuer and audience of the ID token, the userinfo's `sub`, the rule that finds
the account (signin.identities, never a new account), the 登入紀錄 and the Chinese pages.
After the sign-in the account gives its second factor as after a password
(signin.middleware.SecondFactorMiddleware)."""

import logging
import time
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import (
    absolutify,
    add_state_and_verifier_and_nonce_to_session,
    generate_code_challenge,
)
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
    get_next_url,
)

from people.client_address import client_address

from . import identities, services
from .backends import session_account
from .models import SignInEvent
from .providers import DiscoveryError, Provider, discovery, provider_get

log = logging.getLogger(__name__)
Kind = SignInEvent.Kind
BACKEND = "signin.oidc.ProviderBackend"
# The session's key of the page to open after the sign-in (the library's).
NEXT_KEY = "oidc_login_next"
# How far the provider's clock may be from ours when the ID token's times are checked.
CLOCK_LEEWAY_SECONDS = 60


class Refused(Exception):
    """A sign-in that is not let through; `reason` is written to the 登入紀錄."""

    def __init__(self, reason: str, *, user=None, username: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.user = user
        self.username = username


class Unknown(Exception):
    """The provider vouched for the person, but no account fits the rule."""

    def __init__(self, claims: identities.Claims):
        super().__init__(claims.sub)
        self.claims = claims


def token_basic_auth(document: dict) -> bool:
    """Whether the client's secret goes to the token endpoint as HTTP Basic (the default of
    OpenID Connect Discovery when the provider lists no methods) rather than in the form."""
    methods = document.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    return "client_secret_basic" in methods or "client_secret_post" not in methods


def callback_url(request, provider: Provider) -> str:
    return absolutify(request, reverse("signin:oidc_callback", args=[provider.key]))


class ProviderBackend(OIDCAuthenticationBackend):
    """The library's backend for one provider at a time, chosen by the callback.

    Only the callback calls authenticate() (with `oidc_provider`): a password sign-in never
    reaches it. Returns the matched account or raises Refused / Unknown."""

    def __init__(self, *args, **kwargs):
        # The library reads one provider's settings here; they are set per sign-in instead.
        self.UserModel = get_user_model()
        self.provider = None

    def _configure(self, provider: Provider) -> None:
        document = discovery(provider)
        self.provider = provider
        self.OIDC_OP_TOKEN_ENDPOINT = document["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = document["userinfo_endpoint"]
        self.OIDC_OP_JWKS_ENDPOINT = document["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.client_secret
        self.OIDC_RP_SIGN_ALGO = provider.sign_algo
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.token_basic_auth = token_basic_auth(document)

    def get_settings(self, attr, *args):
        """The library's settings, but how to send the client's secret is the provider's."""
        if attr == "OIDC_TOKEN_USE_BASIC_AUTH" and self.provider is not None:
            return self.token_basic_auth
        return super().get_settings(attr, *args)

    def authenticate(self, request, oidc_provider=None, nonce=None, code_verifier=None):
        if request is None or oidc_provider is None:
            return None
        self.request = request
        try:
            self._configure(oidc_provider)
            token_payload = {
                "client_id": self.OIDC_RP_CLIENT_ID,
                "client_secret": self.OIDC_RP_CLIENT_SECRET,
                "grant_type": "authorization_code",
                "code": request.GET.get("code", ""),
                "redirect_uri": callback_url(request, oidc_provider),
            }
            if code_verifier is not None:
                token_payload["code_verifier"] = code_verifier
            try:
                token_info = self.get_token(token_payload)
            except requests.HTTPError as exc:
                log.warning("oidc token refused: %s", exc)
                raise Refused(_("登入服務不接受這次的授權碼（已使用過或已過期）")) from exc
            id_token = token_info.get("id_token")
            if not id_token:
                raise Refused(_("登入服務沒有給身分權杖"))
            payload = self.verify_token(id_token, nonce=nonce)
            return self.get_or_create_user(token_info.get("access_token"), id_token, payload)
        except (DiscoveryError, requests.RequestException) as exc:
            log.warning("oidc provider %s unreachable: %s", oidc_provider.key, exc)
            raise Refused(_("無法連線到登入服務")) from exc

    def verify_token(self, token, **kwargs):
        """The ID token (OpenID Connect Core 3.1.3.7): its algorithm the configured one, signed
        by a key the provider publishes (the library finds it), not expired, issued by the
        provider for this client, and (at the sign-in) with this sign-in's nonce. The library
        itself checks neither issuer nor audience."""
        algorithm = self.OIDC_RP_SIGN_ALGO
        try:
            if jwt.get_unverified_header(token).get("alg") != algorithm:
                raise Refused(_("身分權杖的簽章演算法不符"))
            if algorithm.startswith(("RS", "ES")):
                key = self.retrieve_matching_jwk(token)
            else:
                key = self.OIDC_RP_CLIENT_SECRET
            payload = jwt.decode(
                token,
                key,
                algorithms=[algorithm],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=self.provider.issuer,
                leeway=CLOCK_LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.InvalidAudienceError as exc:
            raise Refused(_("身分權杖不是給本平台的")) from exc
        except jwt.InvalidIssuerError as exc:
            raise Refused(_("身分權杖的簽發者不符")) from exc
        except (SuspiciousOperation, jwt.PyJWTError) as exc:
            raise Refused(_("身分權杖的簽章無效或已過期")) from exc
        audience = payload["aud"]
        if isinstance(audience, list) and len(audience) > 1:
            if payload.get("azp") != self.OIDC_RP_CLIENT_ID:
                raise Refused(_("身分權杖不是給本平台的"))
        if "nonce" in kwargs and (not kwargs["nonce"] or payload.get("nonce") != kwargs["nonce"]):
            raise Refused(_("身分權杖不屬於這次登入（nonce 不符）"))
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        """The account the rule finds (signin.identities); never a new one."""
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if not payload.get("sub") or userinfo.get("sub") != payload.get("sub"):
            raise Refused(_("登入服務的使用者資料與身分權杖不符"))
        # Claims from the ID token, those of the userinfo winning (the library reads those).
        protocol = {"iss", "aud", "azp", "exp", "iat", "nbf", "nonce", "at_hash", "auth_time"}
        claims = identities.claims_read(
            self.provider,
            {**{k: v for k, v in payload.items() if k not in protocol}, **userinfo},
        )
        try:
            found = identities.account_match(self.provider, claims)
        except identities.AccountInactive as exc:
            raise Refused(_("帳號已停用"), user=exc.user) from exc
        if found is None:
            raise Unknown(claims)
        user, matched_by = found
        if matched_by == "sub":
            identities.identity_used(provider=self.provider, sub=claims.sub)
            user.sign_in_method = self.provider.label
        else:
            try:
                identities.identity_link(
                    provider=self.provider, sub=claims.sub, user=user, matched_by=matched_by
                )
            except identities.LinkRefused as exc:
                raise Refused(_("這個帳號剛由另一次登入連結"), user=user) from exc
            how = identities.MatchedBy(matched_by).label
            user.sign_in_method = _("%(label)s（首次登入，依%(how)s連結帳號）") % {
                "label": self.provider.label,
                "how": how,
            }
        return user

    def get_user(self, user_id):
        user = session_account(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


def _unconfigured(request):
    messages.error(request, _("這個登入方式目前沒有開放，請以帳號密碼登入。"))
    return redirect("login")


class StartView(OIDCAuthenticationRequestView):
    """The button's link: to the provider's sign-in page, with a new state, nonce and PKCE
    challenge kept in the session (the library's layout, with the provider's key)."""

    def __init__(self, *args, **kwargs):
        # The library reads one provider's settings here; the URL names the provider instead.
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request, provider):
        provider = provider_get(provider)
        if provider is None:
            return _unconfigured(request)
        try:
            document = discovery(provider)
        except DiscoveryError as exc:
            log.warning("oidc provider %s unreachable: %s", provider.key, exc)
            return _failed(request, provider, _("無法連線到登入服務"), record=True)
        state = get_random_string(32)
        nonce = get_random_string(32)
        code_verifier = get_random_string(64)
        params = {
            "response_type": "code",
            "scope": provider.scopes,
            "client_id": provider.client_id,
            "redirect_uri": callback_url(request, provider),
            "state": state,
            "nonce": nonce,
            "code_challenge": generate_code_challenge(code_verifier, "S256"),
            "code_challenge_method": "S256",
        }
        add_state_and_verifier_and_nonce_to_session(request, state, params, code_verifier)
        request.session["oidc_states"][state]["provider"] = provider.key
        request.session[NEXT_KEY] = get_next_url(request, "next")
        return redirect(f"{document['authorization_endpoint']}?{urlencode(params)}")


def _record_failure(request, provider: Provider, reason: str, *, user=None, username=""):
    services.event_record(
        kind=Kind.SIGN_IN_FAILED,
        user=user,
        username=username,
        address=client_address(request),
        detail=f"{provider.label}：{reason}",
    )


def _failed(request, provider: Provider, reason: str, *, record: bool, user=None, username=""):
    if record:
        _record_failure(request, provider, reason, user=user, username=username)
    return render(
        request,
        "signin/oidc_failed.html",
        {"provider": provider, "reason": reason, "title": _("登入未完成")},
        status=400,
    )


class CallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the person back: the state must be one this session began with
    this provider (used once, within OIDC_STATE_MAX_AGE); then the backend checks the code's
    tokens and finds the account."""

    def get(self, request, provider):
        provider = provider_get(provider)
        if provider is None:
            return _unconfigured(request)
        states = request.session.get("oidc_states")
        states = states if isinstance(states, dict) else {}
        state = request.GET.get("state", "")
        entry = states.pop(state, None) if state else None
        if entry is not None:
            # Used once, whatever follows.
            request.session["oidc_states"] = states
            request.session.save()
        if request.GET.get("error"):
            error = request.GET.get("error", "")[:60]
            return _failed(
                request,
                provider,
                _("在登入服務取消或未完成登入（%(error)s）") % {"error": error},
                record=True,
            )
        if not state or not request.GET.get("code"):
            return _failed(request, provider, _("登入服務沒有送回授權碼"), record=True)
        if entry is None or entry.get("provider") != provider.key:
            return _failed(
                request, provider, _("登入請求不符或已使用過（state 不符）"), record=True
            )
        if time.time() - entry.get("added_on", 0) > settings.OIDC_STATE_MAX_AGE:
            return _failed(request, provider, _("登入逾時，請重新登入"), record=True)
        # As the library does: read the session anew after the slow calls to the provider.
        request.session = request.session.__class__(request.session.session_key)
        try:
            self.user = ProviderBackend().authenticate(
                request,
                oidc_provider=provider,
                nonce=entry.get("nonce"),
                code_verifier=entry.get("code_verifier"),
            )
        except Refused as refusal:
            return _failed(
                request,
                provider,
                refusal.reason,
                record=True,
                user=refusal.user,
                username=refusal.username,
            )
        except Unknown as unknown:
            return _unknown(request, provider, unknown.claims)
        return self.login_success()

    def login_success(self):
        request = self.request
        next_url = request.session.pop(NEXT_KEY, None)
        auth.login(request, self.user, backend=BACKEND)
        return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))


def _unknown(request, provider: Provider, claims: identities.Claims):
    """The provider knows the person; the platform has no account for them. Whom to ask."""
    _record_failure(
        request,
        provider,
        _("找不到對應的帳號（%(claims)s）") % {"claims": claims.described},
        username=claims.email or claims.sub,
    )
    return render(
        request,
        "signin/oidc_unknown.html",
        {
            "provider": provider,
            "claims": claims,
            "school": identities.school_named(claims),
            "title": _("找不到您的平台帳號"),
        },
        status=403,
    )
