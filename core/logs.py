"""Structured logs: one JSON object a line, each carrying the id of the request it was written in.

``request_id`` holds the id while a request is handled (``core.middleware.RequestIdMiddleware``
sets it); ``RequestIdFilter`` copies it onto every record, and ``JsonFormatter`` writes the record
as JSON. Nothing here imports Django's models, so gunicorn's master process can use it too.
"""

import contextvars
import json
import logging
from datetime import UTC, datetime

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

# The attributes every LogRecord has; anything else was passed with ``extra=`` and is written.
_RECORD_FIELDS = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "request_id",
}


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """A record as one line of JSON: time (UTC), level, logger, message, request_id, the fields
    given with ``extra=``, and the traceback of an exception."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id.get()),
        }
        for key, value in vars(record).items():
            if key not in _RECORD_FIELDS and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """The same records for a person at a terminal (``LOG_FORMAT=text``)."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")


def logging_config(*, level: str, fmt: str) -> dict:
    """The LOGGING setting: everything to standard error through one handler, as JSON
    (``fmt="json"``) or text."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "core.logs.RequestIdFilter"}},
        "formatters": {
            "json": {"()": "core.logs.JsonFormatter"},
            "text": {"()": "core.logs.TextFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "json" if fmt == "json" else "text",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        # The request middleware writes one line per request; Django's own line for a 4xx or
        # 5xx would say it again (its 500s keep their traceback: the middleware's line has none).
        "loggers": {"django.server": {"level": "WARNING"}},
    }
