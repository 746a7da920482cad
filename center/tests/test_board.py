"""The dashboard's figures kept for DASHBOARD_SECONDS (center.board): served as counted a
moment ago, with the time they were counted; 立即重新統計 counts now; 待辦 and 期限 are read
on every request."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from center.board import board_key
from communities import workflow
from communities.tests.helpers import Page
from core.roc import roc_date
from people.tests.factories import SchoolFactory, UserFactory
from testsupport.flow import application_in

pytestmark = pytest.mark.django_db

HOME = reverse("center:home")


@pytest.fixture
def kept(settings):
    settings.DASHBOARD_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def center_client(client):
    client.force_login(UserFactory(center=True))
    return client


def test_the_figures_are_served_as_counted_until_they_are_counted_again(
    kept, center_client, program
):
    application_in(workflow.SUBMITTED, program)
    first = Page(center_client.get(HOME))
    assert "共 1 件" in first.text("by-status")
    stamp = first.text("board-time")
    assert f"以下統計於 {roc_date(timezone.localdate())}" in stamp
    assert "每 60 秒重新統計一次" in stamp

    application_in(workflow.SUBMITTED, program)
    again = Page(center_client.get(HOME))
    assert "共 1 件" in again.text("by-status")
    assert again.text("board-time") == stamp

    fresh_link = again.by_id("board-time").find(".//{*}a")
    assert fresh_link.text == "立即重新統計"
    now = Page(center_client.get(HOME + fresh_link.get("href")))
    assert "共 2 件" in now.text("by-status")
    # What was counted now is what the next reader is served.
    assert "共 2 件" in Page(center_client.get(HOME)).text("by-status")


def test_the_tasks_and_deadlines_are_read_on_every_request(kept, center_client, program):
    Page(center_client.get(HOME))
    application_in(workflow.SENT_TO_CENTER, program)
    program.first_review_due = timezone.localdate() + timedelta(days=10)
    program.save()

    page = Page(center_client.get(HOME))

    assert "1 件申請待指定審查" in page.text("tasks")
    assert f"初審期限 {roc_date(program.first_review_due)} 剩 10 天" in page.text("deadlines")
    assert "共 0 件" in page.text("by-status")


def test_each_language_has_its_own_figures(kept, settings, center_client, program):
    application_in(workflow.SUBMITTED, program)
    assert "已送出待學校審核" in Page(center_client.get(HOME)).text("by-status")

    center_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = Page(center_client.get(HOME))
    assert "已送出待學校審核" not in english.text("by-status")
    assert "Submitted" in english.text("by-status")
    center_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"
    assert "已送出待學校審核" in Page(center_client.get(HOME)).text("by-status")


def test_the_kept_fragments_carry_no_form_or_token(kept, center_client, program):
    application_in(workflow.APPROVED, program)
    center_client.get(HOME)
    kept_page = cache.get(board_key(program))
    assert kept_page["counts"] and kept_page["spending"] and kept_page["people"]
    for name in ("counts", "spending", "people"):
        assert "<form" not in kept_page[name] and "csrf" not in kept_page[name]
    # The 產製 buttons are written on each request, after the kept 核定金額與實支 figures.
    spending = Page(center_client.get(HOME)).by_id("spending")
    assert len(spending.findall(".//{*}form")) == 2


@pytest.mark.parametrize("count", [10, 1000])
def test_a_kept_dashboard_reads_few_rows_whatever_the_year_holds(
    kept, center_client, program, count, django_assert_max_num_queries
):
    from summaries.tests.builders import bulk_applications

    bulk_applications(program=program, school=SchoolFactory(), partner=SchoolFactory(), count=count)
    center_client.get(HOME)
    # The session, the account, the year, the years, the deadlines' rule rows, 待辦 (two) and
    # the mail outbox: none of the year's counting.
    with django_assert_max_num_queries(12):
        response = center_client.get(HOME)
    assert f"共 {count} 件" in Page(response).text("by-status")


def test_without_seconds_the_year_is_counted_on_every_request(settings, center_client, program):
    settings.DASHBOARD_SECONDS = 0
    cache.clear()
    application_in(workflow.SUBMITTED, program)
    page = Page(center_client.get(HOME))
    assert "共 1 件" in page.text("by-status")
    assert "每" not in page.text("board-time")
    application_in(workflow.SUBMITTED, program)
    assert "共 2 件" in Page(center_client.get(HOME)).text("by-status")


def test_with_cache_url_every_worker_reads_the_figures_kept_in_redis(
    kept, monkeypatch, center_client, program
):
    """CACHE_URL (redis://…) makes the cache Redis, so both of a server's workers serve the
    same figures and 立即重新統計 in one is what the other serves next."""
    from django.core.cache.backends.redis import RedisCache

    from portal.tests.test_celery_tasks import REDIS_URL, redis_answers

    if not redis_answers():
        if os.environ.get("CI"):
            pytest.fail(f"Redis does not answer at {REDIS_URL}")
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    shared = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-board-{os.getpid()}"})
    monkeypatch.setattr("center.board.cache", shared)
    shared.delete(board_key(program))
    try:
        application_in(workflow.SUBMITTED, program)
        assert "共 1 件" in Page(center_client.get(HOME)).text("by-status")
        application_in(workflow.SUBMITTED, program)
        cache.clear()  # this process's own memory holds nothing
        assert "共 1 件" in Page(center_client.get(HOME)).text("by-status")
        center_client.get(HOME + "?fresh=1")
        assert "共 2 件" in Page(center_client.get(HOME)).text("by-status")
    finally:
        shared.delete(board_key(program))


def test_cache_url_names_the_redis_the_settings_use():
    settings_of = subprocess.run(
        [sys.executable, "-c", SHOW_CACHES],
        env={**os.environ, "CACHE_URL": "redis://127.0.0.1:6379/3"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert settings_of == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6379/3",
    ]
    without = {key: value for key, value in os.environ.items() if key != "CACHE_URL"}
    alone = subprocess.run(
        [sys.executable, "-c", SHOW_CACHES], env=without, capture_output=True, text=True, check=True
    ).stdout.split()
    assert alone[0] == "django.core.cache.backends.locmem.LocMemCache"


SHOW_CACHES = (
    "import django; django.setup(); from django.conf import settings; "
    "c = settings.CACHES['default']; print(c['BACKEND'], c.get('LOCATION', ''))"
)
