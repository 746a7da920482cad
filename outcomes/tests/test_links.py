"""Where people find the 成果報告書: the teacher's 流程進度 and home tasks once approved, the
school's and the center's tasks for the reports to check and to close."""

import pytest
from django.urls import reverse

from communities import workflow
from communities.tests.helpers import Page
from portal.tests.test_tasks import task_links, tasks
from testsupport.flow import application_in, center_user, school_admin_of

pytestmark = pytest.mark.django_db


def test_the_progress_page_offers_the_report_once_approved(client, program):
    application = application_in(workflow.APPROVED, program)
    client.force_login(application.convenor)
    page = Page(client.get(reverse("communities:progress", args=[application.pk])))

    row = page.text("report")
    assert "成果報告書" in row and "填寫成果報告書" in row
    assert reverse("outcomes:report", args=[application.pk]) in page.html


def test_the_teachers_home_asks_for_the_report(client, program):
    application = application_in(workflow.APPROVED, program, name="已核定社群")

    links = task_links(tasks(client, application.convenor))

    assert links == {
        "「已核定社群」已核定，請填寫並送出成果報告書": reverse(
            "outcomes:report", args=[application.pk]
        )
    }


def test_a_returned_report_asks_for_corrections(client, program):
    application = application_in(workflow.REPORT_RETURNED, program, name="退回的社群")

    links = task_links(tasks(client, application.convenor))

    assert "「退回的社群」成果報告退回修正，請修正後重新送出" in links


def test_the_school_is_told_of_reports_to_check(client, program):
    application = application_in(workflow.REPORT_REVIEW, program)

    links = task_links(tasks(client, school_admin_of(application)))

    assert links["1 件成果報告待學校審核"] == (
        f"{reverse('outcomes:reports')}?year=109&status={workflow.REPORT_REVIEW}"
    )
    client.force_login(school_admin_of(application))
    listed = client.get(links["1 件成果報告待學校審核"]).content.decode()
    assert reverse("outcomes:decide", args=[application.pk]) in listed and "審核" in listed


def test_the_center_is_told_of_reports_to_close(client, program):
    application = application_in(workflow.REPORT_FORWARDED, program)
    center = center_user()
    client.force_login(center)

    page = Page(client.get(reverse("center:home")))
    url = f"{reverse('outcomes:reports')}?year=109&status={workflow.REPORT_FORWARDED}"
    assert url.replace("&", "&amp;") in page.html
    listed = client.get(url).content.decode()
    assert reverse("outcomes:decide", args=[application.pk]) in listed and "審核結案" in listed
