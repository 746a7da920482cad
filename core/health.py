"""``/healthz``: can this app machine serve? The database answers, the private storage takes a
file, the outbox is being worked (no mail waiting long past its time: the worker runs) and the
task queue's broker answers (when one is configured).

200 with ``{"status": "ok", ...}`` when every check passes, 503 with ``"status": "error"``
otherwise, each check with its own result, so a load balancer takes a machine out and a person
sees why. A failure's detail goes to the log (with the request id), not to the public answer.
"""

import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from post_office.models import STATUS, Email

logger = logging.getLogger(__name__)


class Unhealthy(Exception):
    """A check that ran and found something wrong (as opposed to one that crashed)."""


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {}


def check_storage() -> dict:
    """A small file written, read back and removed where the signed PDFs are kept."""
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name, "rb") as stored:
            if stored.read() != b"ok":
                raise Unhealthy("the file read back differs")
    finally:
        default_storage.delete(name)
    return {}


def check_outbox() -> dict:
    """Mail still queued well after its time means no worker is sending."""
    now = timezone.now()
    waiting = Email.objects.filter(status=STATUS.queued)
    due = waiting.filter(scheduled_time__isnull=True) | waiting.filter(scheduled_time__lte=now)
    oldest = due.order_by("created").values_list("created", "scheduled_time").first()
    lag = 0
    if oldest is not None:
        since = max(moment for moment in oldest if moment is not None)
        lag = max(0, int((now - since).total_seconds() // 60))
    result = {"queued": waiting.count(), "oldest_due_minutes": lag}
    if lag > settings.HEALTH_OUTBOX_MAX_MINUTES:
        raise Unhealthy(result)
    return result


def check_queue() -> dict:
    """The Celery broker answers (Redis); without one, tasks run in-process: nothing to ask."""
    url = settings.CELERY_BROKER_URL
    if not url:
        return {"broker": "none"}
    import redis

    redis.Redis.from_url(url, socket_timeout=3, socket_connect_timeout=3).ping()
    return {"broker": "redis"}


CHECKS: dict[str, Callable[[], dict]] = {
    "database": check_database,
    "storage": check_storage,
    "outbox": check_outbox,
    "queue": check_queue,
}


def health_report() -> tuple[bool, dict]:
    report = {}
    healthy = True
    for name, check in CHECKS.items():
        try:
            report[name] = {"ok": True, **check()}
        except Unhealthy as problem:
            healthy = False
            detail = problem.args[0] if problem.args else {}
            report[name] = {"ok": False, **(detail if isinstance(detail, dict) else {})}
            logger.error("health check %s failed: %s", name, detail)
        except Exception as error:  # a check that cannot run is a failed check
            healthy = False
            report[name] = {"ok": False, "error": type(error).__name__}
            logger.exception("health check %s could not run", name)
    return healthy, report


@never_cache
@require_GET
def healthz(request):
    healthy, checks = health_report()
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks},
        status=200 if healthy else 503,
        json_dumps_params={"ensure_ascii": False},
    )
