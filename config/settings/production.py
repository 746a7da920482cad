"""Production: everything from the environment; refuses to start without a real secret."""

import logging

from whitenoise.compress import Compressor

from config.env import env_bool, env_list, env_str

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY or SECRET_KEY.startswith("insecure") or len(SECRET_KEY) < 50:
    raise RuntimeError("DJANGO_SECRET_KEY must be set to a random value of 50+ characters")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# A load balancer's probe asks over plain HTTP, from inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(env_str("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Compressed copies and content-hashed names made by collectstatic, served by WhiteNoise with a
# year's cache (a new release has new names).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Source maps (half of the collected bytes: the API pages' bundles) are fetched only by a
# developer's browser tools; compressing them twice (gzip and brotli) doubled collectstatic's time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
# Only the hashed copies are kept (every page names its files through {% static %}, and the
# stylesheets' url()s and the scripts' source maps are rewritten to the hashed names): half the
# files to compress and to ship.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True

# Python's warnings become log lines too (logger py.warnings), so standard error is all JSON.
logging.captureWarnings(True)
