from config.env import env_str
from core.logs import logging_config

from .base import *  # noqa: F403

DEBUG = True
POST_OFFICE["BACKENDS"] = {"default": "django.core.mail.backends.console.EmailBackend"}  # noqa: F405
# Text logs at the terminal unless LOG_FORMAT says otherwise.
LOGGING = logging_config(level=env_str("LOG_LEVEL", "INFO"), fmt=env_str("LOG_FORMAT", "text"))
