"""The dashboard's figures kept for DASHBOARD_SECONDS (center.board): served as counted a
moment ago, with the time they were counted; 立即重新統計 counts now; 待辦 and 期限 are read
on every request."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from center.models import BoardSnapshot
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
    stamp = english.text("board-time")
    assert stamp.startswith("Figures below counted at") and "every 60 seconds." in stamp
    assert "。" not in stamp
    center_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"
    assert "已送出待學校審核" in Page(center_client.get(HOME)).text("by-status")


def test_the_kept_fragments_carry_no_form_or_token(kept, center_client, program):
    application_in(workflow.APPROVED, program)
    center_client.get(HOME)
    kept_page = BoardSnapshot.objects.get(program=program, language="zh-hant")
    for name in ("counts", "spending", "people"):
        fragment = getattr(kept_page, name)
        assert fragment and "<form" not in fragment and "csrf" not in fragment
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
    application_in(workflow.SUBMITTED, program)
    page = Page(center_client.get(HOME))
    assert "共 1 件" in page.text("by-status")
    assert "每" not in page.text("board-time")
    application_in(workflow.SUBMITTED, program)
    assert "共 2 件" in Page(center_client.get(HOME)).text("by-status")
    assert not BoardSnapshot.objects.exists()


def test_every_center_account_is_served_the_same_figures_until_they_expire(kept, client, program):
    """The figures live in the database every worker and machine reads: one counted for one
    person is what the next person is served, until DASHBOARD_SECONDS have passed."""
    application_in(workflow.SUBMITTED, program)
    client.force_login(UserFactory(center=True))
    stamp = Page(client.get(HOME)).text("board-time")
    application_in(workflow.SUBMITTED, program)

    other = Client()
    other.force_login(UserFactory(center=True))
    page = Page(other.get(HOME))
    assert page.text("board-time") == stamp and "共 1 件" in page.text("by-status")

    BoardSnapshot.objects.update(taken_at=timezone.now() - timedelta(seconds=61))
    page = Page(other.get(HOME))
    assert "共 2 件" in page.text("by-status")
    assert BoardSnapshot.objects.count() == 1


def test_each_year_has_its_own_figures(kept, center_client, program):
    from programs.services import program_year_copy

    application_in(workflow.SUBMITTED, program)
    assert "共 1 件" in Page(center_client.get(HOME + "?year=109")).text("by-status")
    next_year = program_year_copy(source=program, by=UserFactory(center=True))
    page = Page(center_client.get(HOME + f"?year={next_year.academic_year}"))
    assert "共 0 件" in page.text("by-status")
    assert "共 1 件" in Page(center_client.get(HOME + "?year=109")).text("by-status")
