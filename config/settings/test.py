from .base import *  # noqa: F403
from .base import DATABASES, POST_OFFICE

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
POST_OFFICE["BACKENDS"] = {"default": "django.core.mail.backends.locmem.EmailBackend"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
AXES_ENABLED = True
# The dashboard counts on every request (center.tests.test_board keeps its figures).
DASHBOARD_SECONDS = 0
# No 以教育雲端帳號登入 provider from the environment: the OIDC tests configure their own.
OIDC_PROVIDERS = {}
# django-axes reports every reset at INFO: noise in a failing test's output.
# The line per request too (its own tests turn it on).
LOGGING = {
    **LOGGING,  # noqa: F405
    "loggers": {
        **LOGGING["loggers"],  # noqa: F405
        "axes": {"level": "WARNING"},
        "plc.request": {"level": "WARNING"},
    },
}
# Static files are served from the apps' folders as they are (no collectstatic before a test).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
