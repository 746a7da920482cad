"""The background work as Celery tasks (the home page's to-do list is portal.tasks): the same
services ``run_worker`` calls, scheduled by Celery beat (settings.CELERY_BEAT_SCHEDULE) when a
broker is configured.

Several workers on several machines may pick these up; a lock in Redis (the broker) lets one
run of each at a time, so a mail is never sent twice by two overlapping runs. Without a broker
(eager, in-process) there is nothing to overlap with and no lock is taken."""

import contextlib
import io

from celery import shared_task
from django.conf import settings
from django.core.management import call_command

from center.services import reminders_send
from portal.services import announcements_release_due


@contextlib.contextmanager
def one_at_a_time(name: str, *, timeout: int = 600):
    """True inside when this run holds the lock (always without a broker)."""
    if not settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        yield True
        return
    import redis

    lock = redis.Redis.from_url(settings.CELERY_BROKER_URL).lock(
        f"plc:task:{name}", timeout=timeout, blocking=False
    )
    held = lock.acquire()
    try:
        yield held
    finally:
        if held:
            with contextlib.suppress(Exception):
                lock.release()


@shared_task(name="plc.send_outbox", ignore_result=True)
def send_outbox() -> str:
    """Queued e-mail sent (failures retried with growing waits)."""
    with one_at_a_time("send_outbox") as held:
        if not held:
            return "skipped: another run is sending"
        out = io.StringIO()
        call_command("send_outbox", stdout=out)
        return out.getvalue().strip()


@shared_task(name="plc.release_announcements", ignore_result=True)
def release_announcements() -> int:
    """Scheduled announcements whose time came made public, their audience told once."""
    return announcements_release_due()


@shared_task(name="plc.send_reminders", ignore_result=True)
def send_reminders() -> int:
    """The deadline reminders due today."""
    with one_at_a_time("send_reminders") as held:
        return reminders_send() if held else 0
