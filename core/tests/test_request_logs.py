"""Each request has an id: in the X-Request-ID header, in every log line written while it is
handled, and the lines are JSON."""

import json
import logging

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from core.logs import JsonFormatter, RequestIdFilter, logging_config, request_id

pytestmark = pytest.mark.django_db

probe = logging.getLogger("plc.tests.probe")


def logging_view(request):
    probe.warning("inside the view", extra={"application_id": 7})
    return HttpResponse("ok")


def failing_view(request):
    raise RuntimeError("the view broke")


urlpatterns = [path("logs/", logging_view), path("fails/", failing_view)]


@pytest.fixture
def lines(caplog):
    """The records of a request, formatted as the console handler does."""
    caplog.set_level(logging.INFO, logger="plc.request")
    caplog.handler.addFilter(RequestIdFilter())
    formatter = JsonFormatter()
    return lambda: [json.loads(formatter.format(record)) for record in caplog.records]


@pytest.mark.urls(__name__)
def test_every_line_of_a_request_carries_its_id(client, lines):
    response = client.get("/logs/")

    rid = response["X-Request-ID"]
    assert len(rid) == 32
    written = lines()
    inside = next(line for line in written if line["message"] == "inside the view")
    assert inside["request_id"] == rid
    assert inside["application_id"] == 7
    assert inside["level"] == "WARNING"
    assert inside["logger"] == "plc.tests.probe"
    request_line = next(line for line in written if line["logger"] == "plc.request")
    assert request_line["request_id"] == rid
    assert request_line["method"] == "GET"
    assert request_line["path"] == "/logs/"
    assert request_line["status"] == 200
    assert request_line["duration_ms"] >= 0


@pytest.mark.urls(__name__)
def test_two_requests_get_different_ids_and_none_is_left_after(client):
    first = client.get("/logs/")["X-Request-ID"]
    second = client.get("/logs/")["X-Request-ID"]

    assert first != second
    assert request_id.get() == "-"


@pytest.mark.urls(__name__)
def test_a_500_is_logged_with_its_traceback_and_the_id(lines):
    response = Client(raise_request_exception=False).get("/fails/")

    assert response.status_code == 500
    rid = response["X-Request-ID"]
    error = next(line for line in lines() if line["logger"] == "django.request")
    assert error["request_id"] == rid
    assert error["level"] == "ERROR"
    assert "RuntimeError: the view broke" in error["exception"]


@pytest.mark.urls(__name__)
def test_a_proxys_id_is_kept_only_behind_trusted_proxies(client, settings):
    header = {"HTTP_X_REQUEST_ID": "lb-0f3e2a9c-77"}
    settings.TRUSTED_PROXY_COUNT = 0
    assert client.get("/logs/", **header)["X-Request-ID"] != "lb-0f3e2a9c-77"

    settings.TRUSTED_PROXY_COUNT = 1
    assert client.get("/logs/", **header)["X-Request-ID"] == "lb-0f3e2a9c-77"
    forged = {"HTTP_X_REQUEST_ID": 'x" \n{"level": "ERROR"}'}
    assert "\n" not in client.get("/logs/", **forged)["X-Request-ID"]


def test_json_lines_keep_chinese_readable():
    record = logging.LogRecord("plc", logging.INFO, __file__, 1, "送出 %s", ("社群",), None)
    RequestIdFilter().filter(record)

    line = JsonFormatter().format(record)

    assert "送出 社群" in line
    assert json.loads(line)["request_id"] == "-"


def test_text_format_for_a_terminal():
    config = logging_config(level="INFO", fmt="text")
    assert config["handlers"]["console"]["formatter"] == "text"
    assert logging_config(level="INFO", fmt="json")["handlers"]["console"]["formatter"] == "json"
