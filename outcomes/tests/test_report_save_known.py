"""儲存 compares the posted 成果報告書 with the rows the page read, when no other save came
between; otherwise it reads them again after its lock. A refusal after it began changing rows
shows the page again from what is stored."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities import workflow
from outcomes import services
from outcomes.models import Report, ReportSession
from outcomes.selectors import report_view
from outcomes.services import report_add_session, report_save, report_start
from testsupport.flow import application_in
from testsupport.html import form_values

pytestmark = pytest.mark.django_db


def _attendees(session) -> set[int]:
    return set(ReportSession.objects.get(pk=session.pk).attendees.values_list("pk", flat=True))


def _save(application, session, members, **kwargs):
    return report_save(
        application=application,
        reflections="",
        sessions={session.pk: {"attendees": members}},
        fees={},
        spending={},
        by=application.convenor,
        **kwargs,
    )


def test_rows_read_before_another_save_are_read_again(program):
    application = application_in(workflow.APPROVED, program)
    report = report_start(application=application, by=application.convenor)
    first = report.sessions.order_by("number").first()
    members = list(application.members.order_by("order"))
    _save(application, first, members)  # all three attended
    page = report_view(report=Report.objects.get(pk=report.pk), application=application)

    _save(application, first, members[:1])  # another tab: only the first member
    _save(application, first, members[:2], known=page)  # the page's read is out of date now

    assert _attendees(first) == {m.pk for m in members[:2]}


def test_rows_the_page_read_are_used_when_nothing_came_between(program):
    application = application_in(workflow.APPROVED, program)
    report = report_start(application=application, by=application.convenor)
    first = report.sessions.order_by("number").first()
    members = list(application.members.order_by("order"))

    def save_counting(members_, **kwargs):
        with CaptureQueriesContext(connection) as done:
            _save(application, first, members_, **kwargs)
        return len(done.captured_queries)

    _save(application, first, members[:1])
    # The same save twice more (nothing changes): reading the rows again, then trusting the
    # page's read of them.
    read_again = save_counting(members[:1])
    page = report_view(report=Report.objects.get(pk=report.pk), application=application)
    trusted = save_counting(members[:1], known=page)

    assert _attendees(first) == {members[0].pk}
    # Sessions, members, budget lines, attendance and fees were not read again.
    assert trusted == read_again - 5


def test_a_refusal_midway_shows_the_page_again_from_what_is_stored(client, program, monkeypatch):
    application = application_in(workflow.APPROVED, program)
    report_start(application=application, by=application.convenor)
    added = report_add_session(application=application, by=application.convenor)
    url = reverse("outcomes:report", args=[application.pk])
    client.force_login(application.convenor)
    data = form_values(client.get(url).content.decode(), form_id="report-form")
    data[f"s{added.pk}-delete"] = ["on"]
    data["action"] = ["save"]

    def refuse(*args, **kwargs):
        raise ValidationError("經費項目不屬於本社群的經費概算表。")

    monkeypatch.setattr(services, "_save_amount", refuse)
    page = client.post(url, data)

    assert page.status_code == 200
    assert "經費項目不屬於本社群的經費概算表。" in page.content.decode()
    assert ReportSession.objects.filter(pk=added.pk).exists()  # the delete was rolled back
    assert f'name="s{added.pk}-delete"' in page.content.decode()
    assert 'name="sNone-' not in page.content.decode()
