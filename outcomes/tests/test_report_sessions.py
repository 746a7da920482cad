"""A report's sessions name who attended each from the application's members read already (their
schools with them), by the attendance rows' ids; as stored, whatever members are given."""

import pytest

from communities import workflow
from outcomes.models import Report, ReportSession
from outcomes.selectors import report_sessions
from testsupport.flow import application_in

pytestmark = pytest.mark.django_db


def _stored(session: ReportSession) -> list[int]:
    return list(ReportSession.objects.get(pk=session.pk).attendees.values_list("pk", flat=True))


def test_attendees_are_the_members_given_in_their_order(program, django_assert_num_queries):
    application = application_in(workflow.REPORT_REVIEW, program, members=4, sessions=6)
    report = Report.objects.get(application=application)
    members = list(application.members.select_related("school").order_by("order", "id"))

    # The sessions with their planned rows, fees, evidence, and the attendance rows' ids.
    with django_assert_num_queries(4):
        sessions = report_sessions(report, members=members)
        for session in sessions:
            attendees = list(session.attendees.all())
            for member in attendees:
                member.school.name  # noqa: B018 - read with the members, no query

    assert any(s.attendees.all() for s in sessions)
    given = {id(m) for m in members}
    for session in sessions:
        assert [m.pk for m in session.attendees.all()] == _stored(session)
        assert all(id(m) in given for m in session.attendees.all())


def test_an_attendee_not_among_the_members_given_is_read_as_stored(program):
    application = application_in(workflow.REPORT_REVIEW, program, members=4, sessions=6)
    report = Report.objects.get(application=application)
    members = list(application.members.order_by("order", "id"))
    attended = next(s for s in report.sessions.all() if s.attendees.exists())
    left_out = attended.attendees.first()

    sessions = report_sessions(report, members=[m for m in members if m.pk != left_out.pk])

    for session in sessions:
        assert [m.pk for m in session.attendees.all()] == _stored(session)
