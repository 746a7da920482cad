from .base import *  # noqa: F403

DEBUG = True
POST_OFFICE["BACKENDS"] = {"default": "django.core.mail.backends.console.EmailBackend"}  # noqa: F405
