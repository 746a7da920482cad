"""gunicorn's settings for the web process (``gunicorn -c config/gunicorn.py``, as the Procfile
says). Values come from the environment through config.env; every app machine runs the same."""

import multiprocessing
import sys
from pathlib import Path

# gunicorn reads this file by path: the project directory is where config.env is found.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config.env import env_int, env_str  # noqa: E402
from core.logs import logging_config  # noqa: E402

wsgi_app = "config.wsgi:application"
bind = env_str("GUNICORN_BIND") or f"0.0.0.0:{env_int('PORT', 8000)}"
# Processes, not threads: PDF rendering holds the interpreter. 2 per core + 1 by default.
workers = env_int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
threads = env_int("GUNICORN_THREADS", 1)
# A 申請總表 PDF of a large school takes seconds; a request hung for longer is killed.
timeout = env_int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5
# Workers are replaced now and then, so a slow leak cannot grow for ever.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = 100
# X-Forwarded-* (https, the client's address) are believed from these proxies only.
forwarded_allow_ips = env_str("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The app logs one JSON line per request with its id (core.middleware): no access log here.
accesslog = None
errorlog = "-"
loglevel = (env_str("LOG_LEVEL", "INFO") or "INFO").lower()
logconfig_dict = logging_config(
    level=(env_str("LOG_LEVEL", "INFO") or "INFO").upper(),
    fmt=env_str("LOG_FORMAT", "json") or "json",
)
# gunicorn's own lines (workers started, timeouts) in the same format, once.
logconfig_dict["loggers"]["gunicorn.error"] = {"handlers": ["console"], "propagate": False}
