"""Every request gets an id: in each log line written while it is handled, in the answer's
``X-Request-ID`` header and in the error sent to Sentry, so a user's "it failed at 10:02" leads to
its lines. One line is logged per request (method, path, status, duration, account)."""

import logging
import re
import time
import uuid

from django.conf import settings
from django.core.signals import request_finished
from django.dispatch import receiver
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .logs import request_id

logger = logging.getLogger("plc.request")

HEADER = "X-Request-ID"
# An id a proxy of our own may pass on (nginx's $request_id, a load balancer's trace id).
_ACCEPTED = re.compile(r"^[A-Za-z0-9._:-]{8,100}$")


def _incoming_id(request) -> str | None:
    """The proxy's id, believed only behind our own proxies (DJANGO_TRUSTED_PROXY_COUNT), as
    X-Forwarded-For is: a client reaching the site directly could write anything in it."""
    if settings.TRUSTED_PROXY_COUNT <= 0:
        return None
    value = request.headers.get(HEADER, "")
    return value if _ACCEPTED.match(value) else None


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = _incoming_id(request) or uuid.uuid4().hex
        # Kept until the response is closed (request_finished), so Django's own line about a
        # 4xx or 5xx, written after the middleware, carries it too.
        request_id.set(rid)
        request.request_id = rid
        started = time.perf_counter()
        response = self.get_response(request)
        response[HEADER] = rid
        user = getattr(request, "user", None)
        logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response


@receiver(request_finished)
def _forget_request_id(sender, **kwargs):
    request_id.set("-")


def chosen_language(request) -> str:
    """The language a request is answered in: the account's choice, else the switch's cookie,
    else LANGUAGE_CODE. Never the browser's Accept-Language (see LANGUAGES in settings)."""
    known = {code for code, _name in settings.LANGUAGES}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        chosen = getattr(user, "language", "")
        if chosen in known:
            return chosen
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return cookie if cookie in known else settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Activates the chosen language for the request, in place of Django's LocaleMiddleware
    (which would follow Accept-Language); after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
