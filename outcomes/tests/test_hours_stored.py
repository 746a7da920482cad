"""Each 成果報告書 stores its 研習時數 and attendees when it is sent (Report.hours_total,
attendee_count): every school's 研習時數 totals add those up instead of every attendance."""

import importlib
from datetime import time
from decimal import Decimal

import pytest
from django.apps import apps

from communities import workflow
from outcomes.models import Report
from outcomes.selectors import hours_totals, member_hours
from outcomes.services import report_save, report_submit
from testsupport.flow import advance, application_in, fill_report

pytestmark = pytest.mark.django_db


def test_sending_a_report_stores_its_hours_and_attendees(program):
    application = advance(application_in(workflow.APPROVED, program), workflow.REPORT_REVIEW)

    report = Report.objects.get(application=application)
    assert report.hours_total == Decimal("36.0")  # three members at six sessions of two hours
    assert report.attendee_count == 3
    assert hours_totals(program=program).hours == Decimal("36.0")


def test_a_report_sent_again_stores_what_it_says_then(program):
    application = advance(application_in(workflow.APPROVED, program), workflow.REPORT_RETURNED)
    report = Report.objects.get(application=application)
    first = report.sessions.order_by("number").first()
    # The first session (two hours) lasted four, and one member missed it.
    members = list(application.members.order_by("order"))
    report_save(
        application=application,
        reflections=report.reflections,
        sessions={
            first.pk: {
                "start_time": time(13, 0),
                "end_time": time(17, 0),
                "attendees": members[:2],
            }
        },
        fees={},
        spending={},
        by=application.convenor,
    )
    report_submit(application=application, by=application.convenor)

    report.refresh_from_db()
    assert report.hours_total == Decimal("38.0")  # 36 - 3 × 2 + 2 × 4
    assert report.hours_total == sum((m.hours for m in member_hours(program=program)), 0)
    assert hours_totals(program=program).members == 3


def test_the_migration_fills_the_reports_sent_before(program):
    sent = advance(application_in(workflow.APPROVED, program), workflow.CLOSED)
    drafting = application_in(workflow.APPROVED, program)
    fill_report(drafting)
    Report.objects.update(hours_total=None, attendee_count=None)

    migration = importlib.import_module("outcomes.migrations.0003_report_hours_total")
    migration.fill_hours_totals(apps, None)

    assert Report.objects.get(application=sent).hours_total == Decimal("36.0")
    assert Report.objects.get(application=sent).attendee_count == 3
    assert Report.objects.get(application=drafting).hours_total is None  # not sent yet
