"""The one place that reads the environment."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent

# SQLite: wait for a busy file instead of failing at once, and take the write lock when a
# transaction begins so concurrent writers queue up rather than fail with "database is locked".
SQLITE_OPTIONS = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
# PostgreSQL connections are kept for a minute instead of opened on every request.
POSTGRES_CONN_MAX_AGE = 60
# PostgreSQL's JIT compiler costs 20–30 ms a statement over the year's tens of thousands of
# rows (the center's dashboard and lists) and saves nothing on a page's short queries. Options
# in the URL (?options=…) win.
POSTGRES_OPTIONS = {"options": "-c jit=off"}
# Django's PostgreSQL backend with its bulk writes kept under the protocol's parameter limit.
POSTGRES_ENGINE = "core.db.postgresql"
SUPPORTED_SCHEMES = {"sqlite", "postgres", "postgresql"}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"{name} must be a number, not {value!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_env(default_sqlite: Path) -> dict:
    """DATABASE_URL (postgres://user:pass@host:port/name or sqlite:///path) or the SQLite file.

    A relative SQLite path (sqlite:///var/db.sqlite3) is taken from the project directory, so
    every command finds the same file wherever it is started."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    scheme = url.split(":", 1)[0].lower()
    if scheme not in SUPPORTED_SCHEMES:
        raise ValueError(
            f"DATABASE_URL scheme {scheme!r} is not supported: use postgres:// or sqlite://"
        )
    config = dj_database_url.parse(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        name = config["NAME"]
        if name != ":memory:" and not Path(name).is_absolute():
            config["NAME"] = str(BASE_DIR / name)
        # Options written in the URL (?timeout=5) win over the defaults.
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    elif config["ENGINE"] == "django.db.backends.postgresql":
        config["ENGINE"] = POSTGRES_ENGINE
        config["CONN_MAX_AGE"] = POSTGRES_CONN_MAX_AGE
        config["OPTIONS"] = {**POSTGRES_OPTIONS, **_prepared(), **config.get("OPTIONS", {})}
    return config


def _prepared() -> dict:
    """Parameters sent apart from the query (server-side binding), so that a statement a kept
    connection runs again is prepared after DATABASE_PREPARE_THRESHOLD runs (2) and no longer
    planned each time: a detail page's seven-table read planned in 1.5 ms and ran in 0.2.
    DATABASE_PREPARE_THRESHOLD=off sends each query with its values written in, as Django does
    by default; a connection pooler in transaction mode (PgBouncer without prepared-statement
    support) needs it."""
    if os.environ.get("DATABASE_PREPARE_THRESHOLD", "").strip().lower() == "off":
        return {}
    return {
        "server_side_binding": True,
        "prepare_threshold": env_int("DATABASE_PREPARE_THRESHOLD", 2),
        # How many a connection keeps (core.db.postgresql): psycopg's 100 are fewer than the
        # pages run (the benchmark's 23 pages that only read ran 127 different statements), and
        # one forgotten is counted again from nothing before it is prepared again.
        "prepared_max": env_int("DATABASE_PREPARED_MAX", 500),
    }


def private_storage_from_env(default_root: str) -> dict:
    """Where the private files (signed PDFs, evidence, attachments) are kept: an S3-compatible
    bucket when S3_BUCKET is set (AWS, MinIO, Ceph…: S3_ENDPOINT_URL, S3_REGION,
    S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_PREFIX), the private folder otherwise.

    Objects are private (no ACL given: the bucket's own policy, which must not be public);
    downloads are streamed by the app after its permission check, so no object URL is handed
    out, and any URL the storage makes is signed and short-lived (5 minutes)."""
    bucket = os.environ.get("S3_BUCKET", "").strip()
    if not bucket:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": default_root},
        }
    endpoint = os.environ.get("S3_ENDPOINT_URL", "").strip() or None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": os.environ.get("S3_REGION", "").strip() or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("S3_PREFIX", "").strip().strip("/"),
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
            # Servers other than AWS name buckets in the path, not the host name.
            "addressing_style": "path" if endpoint else None,
        },
    }


def oidc_providers_from_env() -> dict[str, dict]:
    """The OpenID Connect providers of 「以教育雲端帳號登入」, by key, in the order of
    OIDC_PROVIDERS (e.g. "edu,tainan"). For each key K (upper-cased):

    - OIDC_K_ISSUER, OIDC_K_CLIENT_ID, OIDC_K_CLIENT_SECRET: required; the endpoints are read
      from the issuer's /.well-known/openid-configuration;
    - OIDC_K_LABEL: the button's text (default 以教育雲端帳號登入);
    - OIDC_K_SCOPES: default "openid email profile";
    - OIDC_K_EMAIL_CLAIM: default email; OIDC_K_EMAIL_TRUSTED: true when the provider's
      addresses are its own and it sends no email_verified (default false: email_verified must
      be true);
    - OIDC_K_SCHOOL_CLAIM, OIDC_K_TITLE_CLAIM: the claims naming the person's school code and
      title (both empty: no matching by school and title);
    - OIDC_K_SIGN_ALGO: the ID token's algorithm (default RS256)."""
    providers = {}
    for key in env_list("OIDC_PROVIDERS"):
        key = key.lower()
        prefix = f"OIDC_{key.upper()}_"

        def value(name: str, default: str = "", prefix=prefix) -> str:
            return (os.environ.get(prefix + name) or default).strip()

        missing = [name for name in ("ISSUER", "CLIENT_ID", "CLIENT_SECRET") if not value(name)]
        if missing:
            raise ValueError(
                f"OIDC_PROVIDERS names {key!r}, but {', '.join(prefix + m for m in missing)} "
                "is not set"
            )
        providers[key] = {
            "issuer": value("ISSUER"),
            "client_id": value("CLIENT_ID"),
            "client_secret": value("CLIENT_SECRET"),
            "label": value("LABEL", "以教育雲端帳號登入"),
            "scopes": value("SCOPES", "openid email profile"),
            "email_claim": value("EMAIL_CLAIM", "email"),
            "email_trusted": env_bool(prefix + "EMAIL_TRUSTED", False),
            "school_claim": value("SCHOOL_CLAIM"),
            "title_claim": value("TITLE_CLAIM"),
            "sign_algo": value("SIGN_ALGO", "RS256"),
        }
    return providers
