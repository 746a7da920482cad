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
# django-axes reports every reset at INFO: noise in a failing test's output.
LOGGING = {
    **LOGGING,  # noqa: F405
    "loggers": {"axes": {"level": "WARNING"}},
}
