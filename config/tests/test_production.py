"""The production profile: gunicorn with config/gunicorn.py serving the app (JSON log lines with
the request's id), static files through WhiteNoise, errors to Sentry
when a DSN is set."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import path

from config.env import BASE_DIR

SECRET = "p" + "k3J9xq2LmZ8vT4rW6yB1nC5hD7fG0sA".lower() * 2  # 63 characters, not "insecure"


def failing_view(request):
    raise RuntimeError("審查結果 could not be read")


urlpatterns = [path("fails/", failing_view)]


def production_env(tmp_path: Path, **extra) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "SENTRY_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://plc.example.tw",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        PRIVATE_STORAGE_ROOT=str(tmp_path / "private"),
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        LOG_FORMAT="json",
        **extra,
    )
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_gunicorn_serves_the_app_and_its_hashed_static_files_and_logs_json_lines(tmp_path):
    port = free_port()
    env = production_env(
        tmp_path,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="1",
        DJANGO_SECURE_SSL_REDIRECT="true",
    )
    # /healthz reads the outbox: its table is enough for this test.
    migrated = manage(env, "migrate", "post_office", "--no-input", "-v0")
    assert migrated.returncode == 0, migrated.stderr
    # The deploy step: static files collected with content hashes in their names, compressed.
    collected = manage(env, "collectstatic", "--no-input", "-v0")
    assert collected.returncode == 0, collected.stderr
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
    hashed = manifest["css/app.css"]
    assert hashed != "css/app.css" and hashed.startswith("css/app.")
    assert (tmp_path / "static" / (hashed + ".gz")).exists()
    assert not (tmp_path / "static" / "css" / "app.css").exists()  # only the hashed copy
    # Source maps are collected but not compressed (only a developer's browser tools fetch them).
    source_map = manifest["rest_framework/css/bootstrap.min.css.map"]
    assert (tmp_path / "static" / source_map).exists()
    assert not (tmp_path / "static" / (source_map + ".gz")).exists()
    # Templates name the hashed file.
    named = manage(
        env,
        "shell",
        "-c",
        "from django.templatetags.static import static; print(static('css/app.css'))",
    )
    assert named.stdout.strip().splitlines()[-1] == f"/static/{hashed}", named.stderr
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py"],
        cwd=BASE_DIR,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                # A probe over plain HTTP is not redirected to https.
                answer = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30)
                break
            except (ConnectionError, TimeoutError, urllib.error.URLError):
                assert server.poll() is None, server.stderr.read()
                assert time.monotonic() < deadline, "gunicorn did not answer within a minute"
                time.sleep(0.3)
        body = json.loads(answer.read())
        rid = answer.headers["X-Request-ID"]
        assert answer.status == 200, body
        assert body["status"] == "ok"
        assert answer.headers["Server"] == "gunicorn"
        # A hashed file is served from the collected folder and may be cached for good.
        # (Through the TLS proxy, which says so.)
        css = urllib.request.urlopen(
            urllib.request.Request(
                f"http://127.0.0.1:{port}/static/{hashed}", headers={"X-Forwarded-Proto": "https"}
            ),
            timeout=30,
        )
        assert css.read() == (BASE_DIR / "static" / "css" / "app.css").read_bytes()
        assert "immutable" in css.headers["Cache-Control"]
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    lines = [json.loads(line) for line in stderr.splitlines() if line.strip()]
    assert any(line["logger"] == "gunicorn.error" for line in lines)
    request_line = next(line for line in lines if line["logger"] == "plc.request")
    assert request_line["request_id"] == rid
    assert (request_line["path"], request_line["status"]) == ("/healthz", 200)


def test_static_files_are_served_by_the_app():
    found = finders.find("css/app.css")
    assert found

    response = Client().get("/static/css/app.css")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == Path(found).read_bytes()
    assert response["Content-Type"].startswith("text/css")


@pytest.fixture
def sentry_events():
    import sentry_sdk
    from sentry_sdk.transport import Transport

    from config.sentry import sentry_init

    events = []

    class Captured(Transport):
        def capture_envelope(self, envelope):
            event = envelope.get_event()
            if event is not None:
                events.append(event)

    sentry_init(
        dsn="https://public@sentry.example.tw/1",
        environment="test",
        release="plc@test",
        traces_sample_rate=0.0,
        transport=Captured,
    )
    yield events
    sentry_sdk.get_client().close()
    sentry_sdk.get_global_scope().set_client(None)


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_an_error_goes_to_sentry_with_the_request_id_and_no_personal_data(sentry_events):
    client = Client(raise_request_exception=False)
    response = client.get("/fails/", HTTP_COOKIE="sessionid=secret-session")

    assert response.status_code == 500
    errors = [e for e in sentry_events if e.get("exception")]
    assert errors, sentry_events
    event = errors[0]
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert event["tags"]["request_id"] == response["X-Request-ID"]
    assert event["environment"] == "test"
    assert "secret-session" not in json.dumps(event, default=str)


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_an_error_report_carries_no_user_form_query_sql_or_local_variables(sentry_events):
    from django.contrib.auth import get_user_model

    teacher = get_user_model().objects.create_user(
        "t0912345", email="wang.xiaoming@school.tn.edu.tw", first_name="小明", last_name="王"
    )
    client = Client(raise_request_exception=False)
    client.force_login(teacher)
    response = client.post(
        "/fails/?q=A123456789",
        {"name": "王小明", "phone": "0912-345-678"},
        HTTP_USER_AGENT="tester",
    )

    assert response.status_code == 500
    event = next(e for e in sentry_events if e.get("exception"))
    sent = json.dumps(event, default=str, ensure_ascii=False)
    assert event["transaction"] == "/fails/"
    assert not {"data", "query_string", "cookies"} & set(event.get("request", {}))
    for personal in ("t0912345", "wang.xiaoming", "小明", "王小明", "0912-345-678", "A123456789"):
        assert personal not in sent, personal
    assert "user" not in event
    assert all(
        not frame.get("vars")
        for value in event["exception"]["values"]
        for frame in value["stacktrace"]["frames"]
    )


def test_without_a_dsn_sentry_is_not_started():
    import sentry_sdk

    assert not sentry_sdk.get_client().is_active()
