"""研習時數: each member's hours from the held sessions they attended; the school's list, the
center's (filterable by school), the .xlsx export; a fixed number of queries."""

import io
from datetime import time
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from communities import workflow
from outcomes.models import Report
from outcomes.selectors import member_hours
from outcomes.services import report_save
from testsupport.flow import application_in, center_user, fill_report, school_admin_of

pytestmark = pytest.mark.django_db


def _closed(program, **kwargs):
    return application_in(workflow.CLOSED, program, **kwargs)


def test_hours_are_the_held_sessions_attended(program):
    application = application_in(workflow.APPROVED, program)
    report = fill_report(application)
    sessions = list(report.sessions.order_by("number"))
    members = list(application.members.order_by("order"))
    # The second member missed session 2; session 3 lasted 90 minutes; session 4 was not held.
    report_save(
        application=application,
        reflections=report.reflections,
        sessions={
            sessions[1].pk: {"attendees": [members[0], members[2]]},
            sessions[2].pk: {"end_time": time(15, 30)},
            sessions[3].pk: {"held": False},
        },
        fees={},
        spending={},
        by=application.convenor,
    )
    assert member_hours(program=program) == []  # not sent yet

    from outcomes.services import report_submit

    application.community_type.min_sessions = 5
    application.community_type.save()
    report_submit(application=application, by=application.convenor)

    hours = {m.name: m.hours for m in member_hours(program=program)}
    assert hours == {
        members[0].name: Decimal("9.5"),  # 2 + 2 + 1.5 + 2 + 2
        members[1].name: Decimal("7.5"),
        members[2].name: Decimal("9.5"),
    }


def test_the_school_sees_its_communities_and_the_center_every_school(client, program):
    ours = _closed(program, name="本校社群", convenor_name="本校老師")
    theirs = _closed(program, name="他校社群", convenor_name="他校老師")

    client.force_login(school_admin_of(ours))
    page = client.get(reverse("outcomes:hours")).content.decode()
    assert "本校老師" in page and "他校老師" not in page
    assert "12.0" in page  # six sessions of two hours

    client.force_login(center_user())
    page = client.get(reverse("outcomes:hours")).content.decode()
    assert "本校老師" in page and "他校老師" in page
    page = client.get(reverse("outcomes:hours"), {"school": theirs.school_id}).content.decode()
    assert "本校老師" not in page and "他校老師" in page


def test_hours_export(client, program):
    application = _closed(program, name="=HYPERLINK(1)", convenor_name="曾鼎育")
    client.force_login(center_user())
    response = client.get(reverse("outcomes:hours_xlsx"), {"year": 109})

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("姓名", "學校", "社群", "日期", "時數")
    mine = [row for row in rows[1:] if row[0] == "曾鼎育"]
    assert len(mine) == application.sessions.count()
    assert mine[0][1] == application.school.name
    assert mine[0][2] == "=HYPERLINK(1)"  # text, not a formula
    assert sheet.cell(row=2, column=3).data_type == "s"
    assert mine[0][4] == 2.0


def test_teachers_and_reviewers_have_no_hours_list(client, program):
    application = _closed(program)
    client.force_login(application.convenor)
    assert client.get(reverse("outcomes:hours")).status_code == 403
    assert client.get(reverse("outcomes:hours_xlsx")).status_code == 403


@pytest.mark.parametrize("name", ["outcomes:hours", "outcomes:hours_xlsx", "outcomes:reports"])
def test_lists_cost_the_same_queries_for_one_or_three_communities(
    client, program, django_assert_max_num_queries, name
):
    first = _closed(program, name="第一個社群")
    center = center_user()
    client.force_login(center)
    with django_assert_max_num_queries(30) as one:
        client.get(reverse(name))
    for index in range(2):
        _closed(program, name=f"社群{index}", school=first.school)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse(name))
    assert response.status_code == 200
    assert Report.objects.count() == 3
