"""/healthz: 200 with each check's result while the database, the private storage and the
outbox are fine; 503 naming the failed check otherwise."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from post_office.models import STATUS, Email

from core import health

pytestmark = pytest.mark.django_db


def _queued_mail(*, created_minutes_ago: int, scheduled_minutes_ago: int | None = None):
    email = Email.objects.create(
        to=["teacher@example.tw"], subject="通知", status=STATUS.queued, from_email="c@x.tw"
    )
    now = timezone.now()
    Email.objects.filter(pk=email.pk).update(
        created=now - timedelta(minutes=created_minutes_ago),
        scheduled_time=(
            None
            if scheduled_minutes_ago is None
            else now - timedelta(minutes=scheduled_minutes_ago)
        ),
    )
    return email


def test_healthy_site_answers_200_with_every_check(client):
    _queued_mail(created_minutes_ago=1)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    body = response.json()
    assert body == {
        "status": "ok",
        "checks": {
            "database": {"ok": True},
            "storage": {"ok": True},
            "outbox": {"ok": True, "queued": 1, "oldest_due_minutes": 1},
            "queue": {"ok": True, "broker": "none"},
        },
    }


def test_storage_check_leaves_no_file_behind(client):
    client.get("/healthz")

    assert default_storage.listdir("healthz")[1] == []


def test_mail_long_overdue_means_the_worker_is_not_running(client, settings):
    settings.HEALTH_OUTBOX_MAX_MINUTES = 15
    _queued_mail(created_minutes_ago=90, scheduled_minutes_ago=40)

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["outbox"] == {"ok": False, "queued": 1, "oldest_due_minutes": 40}
    assert body["checks"]["database"] == {"ok": True}


def test_mail_scheduled_for_later_is_not_a_backlog(client):
    email = _queued_mail(created_minutes_ago=600)
    Email.objects.filter(pk=email.pk).update(scheduled_time=timezone.now() + timedelta(hours=1))

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"]["outbox"] == {"ok": True, "queued": 1, "oldest_due_minutes": 0}


def test_unwritable_storage_fails_the_check_without_telling_why_publicly(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError("/srv/plc/private is read-only")

    monkeypatch.setattr(default_storage, "save", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == {"ok": False, "error": "PermissionError"}
    assert b"/srv/plc" not in response.content


def test_database_that_does_not_answer_fails_the_check(client, monkeypatch):
    def down():
        raise ConnectionError("could not connect to server")

    monkeypatch.setitem(health.CHECKS, "database", down)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"ok": False, "error": "ConnectionError"}


def test_health_takes_only_get(client):
    assert client.post("/healthz").status_code == 405


def test_a_broker_that_does_not_answer_fails_the_queue_check(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["queue"] == {"ok": False, "error": "ConnectionError"}
