"""The benchmark's server: the production settings as they are, plus the floor view's URL and a
header that counts each response's SQL queries. Plain HTTP on 127.0.0.1, so the cookies are not
marked Secure and nothing redirects to HTTPS; everything else is production's."""

from config.settings.production import *  # noqa: F403
from config.settings.production import MIDDLEWARE

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.middleware.count_queries", *MIDDLEWARE]
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# django-axes reports every login at INFO: 300 logins of the rush would bury the figures.
LOGGING = {
    **LOGGING,  # noqa: F405
    "loggers": {**LOGGING.get("loggers", {}), "axes": {"level": "WARNING"}},  # noqa: F405
}
