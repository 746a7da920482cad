"""The background work as Celery tasks: in-process without a broker (what `make start` has), and
on a real worker through the machine's Redis (CI starts it)."""

import os
import time
import uuid

import pytest
from django.core import mail as django_mail

from config.celery import app
from notifications.services import notify
from people.tests.factories import UserFactory
from portal import jobs

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except (OSError, ImportError, Exception):
        return False


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seeded_rules")
def test_without_a_broker_a_task_runs_in_the_calling_process(settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER
    teacher = UserFactory(email="teacher1@example.tw")
    notify(event="test", recipients=[teacher], title="狀態通知", body="內容")

    jobs.send_outbox.delay()

    assert [m.to for m in django_mail.outbox] == [["teacher1@example.tw"]]


@pytest.fixture
def redis_worker(settings):
    """A Celery worker in this process on the machine's Redis (CI must have it: there a missing
    Redis fails the test instead of skipping it)."""
    if not redis_answers():
        if os.environ.get("CI"):
            pytest.fail(f"Redis does not answer at {REDIS_URL}")
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    from celery import Celery
    from celery.contrib.testing.worker import start_worker

    settings.CELERY_BROKER_URL = REDIS_URL  # the tasks' lock is taken in Redis too
    # An app of its own on Redis: the site's app keeps its (eager) state for the other tests.
    # shared_task puts the same tasks on it.
    on_redis = Celery("plc-test", set_as_current=False)
    on_redis.conf.update(
        broker_url=REDIS_URL,
        result_backend=REDIS_URL,
        task_always_eager=False,
        # A queue of this test's own: another test process (or a message an interrupted earlier
        # run left) is never taken for this one's.
        task_default_queue=f"plc-test-{uuid.uuid4().hex}",
        broker_connection_retry_on_startup=True,
    )
    on_redis.finalize()
    with start_worker(on_redis, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield on_redis


def outcome(result, timeout: float = 60):
    """The task's return value once the worker has stored it (read from Redis directly rather
    than by the result's publish/subscribe wait)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        meta = result.backend.get_task_meta(result.id)
        if meta["status"] == "SUCCESS":
            return meta["result"]
        assert meta["status"] in ("PENDING", "STARTED", "RECEIVED"), meta
        time.sleep(0.2)
    raise AssertionError("the worker did not run the task within a minute")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seeded_rules")
def test_a_worker_on_redis_sends_the_queued_mail(redis_worker):
    teacher = UserFactory(email="teacher2@example.tw")
    notify(event="test", recipients=[teacher], title="審查結果", body="內容")

    result = redis_worker.tasks["plc.send_outbox"].apply_async(ignore_result=False)

    assert "寄出 1 封" in outcome(result)
    assert [m.subject for m in django_mail.outbox] == ["審查結果"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seeded_rules")
def test_two_runs_at_once_send_nothing_twice(redis_worker):
    import redis

    lock = redis.Redis.from_url(REDIS_URL).lock("plc:task:send_outbox", timeout=30)
    assert lock.acquire(blocking=False)
    try:
        result = redis_worker.tasks["plc.send_outbox"].apply_async(ignore_result=False)
        assert outcome(result) == "skipped: another run is sending"
    finally:
        lock.release()


def test_beat_schedules_each_task_that_exists():
    from django.conf import settings

    registered = set(app.tasks)
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in registered


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seeded_rules")
def test_a_worker_on_redis_makes_a_year_report_asked_for_on_the_page(redis_worker):
    from documents.models import GeneratedFile
    from programs.models import ProgramYear

    # The row generated_file_request queues (its own enqueueing runs on this process's eager
    # app; here the task goes through Redis).
    row = GeneratedFile.objects.create(
        kind="year_report",
        program=ProgramYear.objects.get(academic_year=109),
        requested_by=UserFactory(center=True),
    )

    result = redis_worker.tasks["plc.make_generated_file"].apply_async(
        args=[row.pk], ignore_result=False
    )

    assert outcome(result) == "done"
    row.refresh_from_db()
    assert row.state == GeneratedFile.State.DONE
    assert row.file.read().startswith(b"PK")  # an .xlsx is a zip
