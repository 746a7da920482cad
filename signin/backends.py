"""Who a session belongs to: the account read with its school, which every page's header names
(Django's ModelBackend reads the account alone, and the header then asks for its school)."""

from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend

CURRENT = "signin.backends.AccountBackend"
# What the sessions begun before AccountBackend name (see SessionBackendMiddleware).
PREVIOUS = "django.contrib.auth.backends.ModelBackend"


def session_account(user_id):
    """The account of a session with its school, in one query; None when it is gone."""
    model = get_user_model()
    try:
        return model._default_manager.select_related("school").get(pk=user_id)
    except model.DoesNotExist:
        return None


class AccountBackend(ModelBackend):
    """Username and password as Django's ModelBackend checks them; the session's account read
    with its school."""

    def get_user(self, user_id):
        user = session_account(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class SessionBackendMiddleware:
    """A session begun under Django's ModelBackend (before AccountBackend took its place in
    AUTHENTICATION_BACKENDS) is moved to AccountBackend, so that nobody is signed out by the
    change; before AuthenticationMiddleware. Once no such session can be left (SESSION_COOKIE_AGE
    after the release), this step can go."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if session.session_key and session.get(BACKEND_SESSION_KEY) == PREVIOUS:
            session[BACKEND_SESSION_KEY] = CURRENT
        return self.get_response(request)
