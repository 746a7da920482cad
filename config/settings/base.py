from datetime import timedelta

from csp.constants import NONE, SELF

from config.env import (
    BASE_DIR,
    database_from_env,
    env_bool,
    env_float,
    env_int,
    env_list,
    env_str,
    oidc_providers_from_env,
    private_storage_from_env,
)
from config.sentry import sentry_init
from core.logs import logging_config

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-local-only-key")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "auditlog",
    "post_office",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "people",
    "programs",
    "signin",
    "portal",
    "documents",
    "notifications",
    "communities",
    "reviews",
    "outcomes",
    "summaries",
    "center",
    "printing",
    "api",
    "demo",
]

MIDDLEWARE = [
    # First: every later step (a redirect to https included) is logged with the request's id.
    "core.middleware.RequestIdMiddleware",
    # A request that grew the worker (a PDF, a long export) gives the memory it freed back.
    "core.memory.ReleaseMemoryMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app itself (compressed, cached for a year under hashed names in
    # production): no separate file server to keep in step on each app machine.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Sessions begun under Django's ModelBackend carry on under signin.backends.AccountBackend.
    "signin.backends.SessionBackendMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After the account is known: its chosen language, else the switch's cookie, else zh-Hant.
    "core.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "signin.middleware.IdleTimeoutMiddleware",
    "signin.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "communities.middleware.ActionUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]

# Form widgets are written by Jinja2 from Django's own widget templates (the same markup, a
# fraction of the time); the admin's by the Django template engine (core.forms.FormRenderer).
FORM_RENDERER = "core.forms.FormRenderer"

DATABASES = {"default": database_from_env(BASE_DIR / "var" / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the session's account with its school (the header's).
    "signin.backends.AccountBackend",
    # 以教育雲端帳號登入 (signin.oidc): only the OIDC callback calls it; sessions it began are
    # read back through it.
    "signin.oidc.ProviderBackend",
]
# Django's validators; their messages come in Traditional Chinese from Django's own catalogue.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The address the site is reached at, for links in e-mails written outside a request
# (重設密碼). Read from the environment.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# 重設密碼 links work for this many seconds (Django's default is three days).
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 60 * 60 * 24)
LOGIN_URL = "login"
# 以教育雲端帳號登入 (OpenID Connect, signin.oidc): one button per provider of OIDC_PROVIDERS,
# each configured by OIDC_<KEY>_* variables (config.env.oidc_providers_from_env, README).
OIDC_PROVIDERS = oidc_providers_from_env()
# Seconds to wait for a provider (discovery, token, keys, userinfo), and to keep its discovery
# document; a sign-in started and not finished within OIDC_STATE_MAX_AGE seconds is refused.
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
OIDC_DISCOVERY_CACHE_SECONDS = env_int("OIDC_DISCOVERY_CACHE_SECONDS", 60 * 60)
OIDC_STATE_MAX_AGE = env_int("OIDC_STATE_MAX_AGE", 10 * 60)
LOGIN_REDIRECT_URL = "portal:role_home"
LOGOUT_REDIRECT_URL = "portal:home"

# Traditional Chinese for everyone; English only for whoever chooses it (the header's switch, or
# 帳號安全 for an account): core.middleware.LanguageMiddleware never reads the browser's
# Accept-Language, so a teacher whose browser is English still gets Chinese. Each language is
# named in itself, untranslated, so the switch reads the same in either.
LANGUAGE_CODE = "zh-hant"
LANGUAGES = [("zh-hant", "繁體中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Taipei"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "var" / "staticfiles"))

# Uploaded signed documents live outside any URL-served directory; views stream them after a
# permission check.
PRIVATE_STORAGE_ROOT = env_str("PRIVATE_STORAGE_ROOT", str(BASE_DIR / "var" / "private"))
# Or an S3-compatible bucket when S3_BUCKET is set (config.env.private_storage_from_env): every
# app machine then shares it without a shared volume.
STORAGES = {
    "default": private_storage_from_env(PRIVATE_STORAGE_ROOT),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The upload limit is rule data (ProgramYear.upload_max_bytes); this only stops absurd bodies.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Fits the largest legal 社群申請書: programs.models.MAX_ROWS members and as many sessions, every
# option ticked and a few hundred partner schools (a test counts it). Beyond it the user reads
# core.views.bad_request's message and keeps what was saved.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 3000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Files the center offers on the public pages (公告 attachments, 檔案下載, 操作教學): the largest
# file, and how many files one announcement carries. Settings rather than rule data: they are not
# a year's rules. Checked by content in documents.checks.read_attachment.
PUBLIC_FILE_MAX_BYTES = env_int("PUBLIC_FILE_MAX_BYTES", 10 * 1024 * 1024)
ANNOUNCEMENT_MAX_ATTACHMENTS = env_int("ANNOUNCEMENT_MAX_ATTACHMENTS", 10)

# The platform's city: shown in the forms' header (109學年度 臺南市 …).
PLATFORM_CITY = env_str("PLATFORM_CITY", "臺南市")
# PDF font: WeasyPrint embeds the subset it uses. Debian's fonts-noto-cjk provides this file.
PDF_FONT_FILE = env_str("PDF_FONT_FILE", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
PDF_FONT_BOLD_FILE = env_str(
    "PDF_FONT_BOLD_FILE", "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
)

# Login lockout (django-axes): 5 failures lock the username+address pair for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Behind reverse proxies the address is read from X-Forwarded-For, but only as far as the number
# of our own proxies in front of the site: 0 (the default) trusts no header and uses REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
# A request that grew the worker by this many MB hands the memory it freed back to the system
# once answered (core.memory); 0: never.
RELEASE_MEMORY_AFTER_MB = env_int("RELEASE_MEMORY_AFTER_MB", 8)
# ... and one that grew it by this many MB (a whole year's export) first frees what it left in
# reference cycles (a full collection: 100-150 ms in a big worker).
COLLECT_CYCLES_AFTER_MB = env_int("COLLECT_CYCLES_AFTER_MB", 32)
AXES_CLIENT_IP_CALLABLE = "people.client_address.client_address"

# Every e-mail is a row in django-post-office's queue first; `manage.py send_outbox` (every minute)
# sends what is due. Nothing is sent inside a request, so a slow or down mail server never blocks
# a page, and a failed send is tried again: after 5, 10, 20, 40 and 80 minutes (the interval
# doubles from RETRY_INTERVAL), then it is marked failed and listed for the center to resend.
EMAIL_BACKEND = "post_office.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "教師專業發展中心 <no-reply@plc.example.tw>")
POST_OFFICE = {
    "BACKENDS": {
        "default": env_str("EMAIL_DELIVERY_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    },
    "DEFAULT_PRIORITY": "medium",
    "MAX_RETRIES": 5,
    "RETRY_INTERVAL": timedelta(minutes=5),
    # Every attempt is logged, so the center sees how often a mail was tried and why it failed.
    "LOG_LEVEL": 2,
    "CELERY_ENABLED": False,
}
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
# Seconds to wait for the mail server: a silent one must not hang the sender.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)

AUDITLOG_INCLUDE_ALL_MODELS = False

# The REST API (/api/, the api app): read-only, a token per account (issued by the center in the
# admin, 資料介接 API → Token) or the signed-in session, in pages of 50 (?page_size= up to 200).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pages",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "教師專業學習社群申辦平台 API",
    "DESCRIPTION": (
        "The year's rules, schools, applications and each school's summary, each account "
        "seeing what its pages show; and the center's writes (指定審查: POST /api/assignments/). "
        "Send `Authorization: Token <key>`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The doc page's script and styles come from this site (drf-spectacular-sidecar), not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {"ApplicationStatus": "communities.workflow.STATUS_CHOICES"},
}
# 兩步驟驗證 (django-otp): the name an authenticator app shows beside the account.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "教師專業學習社群申辦平台")

SESSION_COOKIE_HTTPONLY = True
# A session ends after this many seconds without a request: center staff and reviewers (and
# any admin-site account) sooner than teachers and school admins (signin.sessions). The last
# request's time is written at most once per SESSION_IDLE_RESOLUTION seconds.
SESSION_IDLE_STAFF_SECONDS = env_int("SESSION_IDLE_STAFF_SECONDS", 2 * 60 * 60)
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 8 * 60 * 60)
SESSION_IDLE_RESOLUTION = 60
# No session outlives the longer idle limit, even one that is never used again.
SESSION_COOKIE_AGE = max(SESSION_IDLE_STAFF_SECONDS, SESSION_IDLE_SECONDS)
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts and styles only from the site's own static files,
# no inline script, handler or style attribute, no plug-ins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# One JSON object a line on standard error (LOG_FORMAT=text for a terminal), each with the id of
# the request it was written in (core.logs, core.middleware).
LOGGING = logging_config(
    level=env_str("LOG_LEVEL", "INFO"), fmt=env_str("LOG_FORMAT", "json") or "json"
)

# The center's dashboard is served from its figures as counted at most DASHBOARD_SECONDS ago
# (center.board, kept in the database every worker shares) and says when; 0 counts the year
# again on every request.
DASHBOARD_SECONDS = env_int("DASHBOARD_SECONDS", 60)

# The center's 申請案件列表 is exported at once up to this many rows; a longer one (and the whole
# year) is made in the background and downloaded from 背景產製檔案 (center.views).
EXPORT_AT_ONCE_MAX_ROWS = env_int("EXPORT_AT_ONCE_MAX_ROWS", 2000)

# Background work on Celery with Redis when CELERY_BROKER_URL is set (config.celery,
# portal.jobs, documents.jobs); without it tasks run in the calling process and run_worker does the periodic
# work from the database's queue, so `make start` needs no broker.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "") or ""
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "outbox": {"task": "plc.send_outbox", "schedule": 60.0},
    "announcements": {"task": "plc.release_announcements", "schedule": 60.0},
    "reminders": {"task": "plc.send_reminders", "schedule": 3600.0},
    # A file whose task was lost (a broker restart) is still made.
    "generated_files": {"task": "plc.make_queued_generated_files", "schedule": 300.0},
}

# /healthz fails when a due mail has waited longer than this: the worker is not running.
HEALTH_OUTBOX_MAX_MINUTES = env_int("HEALTH_OUTBOX_MAX_MINUTES", 15)

# Errors to Sentry when a DSN is given (config.sentry).
SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    sentry_init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production") or "production",
        release=env_str("SENTRY_RELEASE"),
        traces_sample_rate=env_float("SENTRY_TRACES_SAMPLE_RATE", 0.0),
    )
