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
