"""送出 of the 成果報告書: each rule, the premium at the rate of each session's date, 結餘."""

from datetime import date, time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from communities import workflow
from communities.models import Application
from outcomes.models import Report
from outcomes.selectors import report_problems, report_view
from outcomes.services import report_save, report_start, report_submit
from programs.models import BudgetItem, PremiumRate
from testsupport.flow import application_in, fill_report
from testsupport.shared import fresh, open_program, shared_data

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="class")
def approved_once(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        yield application_in(workflow.APPROVED, open_program())


@pytest.fixture
def approved(approved_once, program):
    return fresh(approved_once)


def _sessions(report: Report):
    return list(report.sessions.order_by("number"))


def _save(application, report, **rows):
    """Save ``rows`` (session index → fields) on top of what is stored."""
    sessions = _sessions(report)
    report_save(
        application=application,
        reflections=rows.pop("reflections", report.reflections),
        sessions={sessions[int(index)].pk: values for index, values in rows.items()},
        fees={},
        spending={},
        by=application.convenor,
    )
    report.refresh_from_db()


class TestOnTheApprovedCase:
    """Tests on one approved application, built once for the class (each test's changes rolled back)."""

    def test_a_filled_report_passes_and_is_sent(self, approved):
        fill_report(approved)
        assert report_problems(report=approved.report) == {}

        report_submit(application=approved, by=approved.convenor)

        application = Application.objects.get(pk=approved.pk)
        assert application.status == workflow.REPORT_REVIEW
        assert application.report.submitted_at is not None
        assert application.transitions.last().action == "report_submit"

    def test_too_few_sessions_held_is_refused(self, approved):
        report = fill_report(approved)
        minimum = approved.community_type.min_sessions
        _save(approved, report, **{"0": {"held": False}})

        problems = report_problems(report=report)
        assert problems["sessions"] == [
            f"「{approved.community_type.name}」每學年至少辦理 {minimum} 場，目前辦理 {minimum - 1} 場。"
        ]
        with pytest.raises(ValidationError) as refused:
            report_submit(application=approved, by=approved.convenor)
        assert "sessions" in refused.value.message_dict
        assert Application.objects.get(pk=approved.pk).status == workflow.APPROVED

    def test_the_minimum_is_the_types_rule(self, approved):
        report = fill_report(approved)
        _save(approved, report, **{"0": {"held": False}})
        approved.community_type.min_sessions = 5
        approved.community_type.save()

        assert "sessions" not in report_problems(report=report)

    def test_a_public_lesson_must_be_held(self, approved):
        report = fill_report(approved)
        _save(approved, report, **{"0": {"is_public_lesson": False}})

        assert "public_lesson" in report_problems(report=report)

    def test_a_public_lesson_needs_its_teacher_theme_and_relation(self, approved):
        report = fill_report(approved)
        first = _sessions(report)[0]
        _save(approved, report, **{"0": {"lesson_teacher": "", "lesson_relation": ""}})

        problems = report_problems(report=report)
        assert problems[f"s{first.pk}-lesson_teacher"] == ["第1場公開授課請填寫授課教師。"]
        assert problems[f"s{first.pk}-lesson_relation"] == ["第1場公開授課請說明與社群主題之關聯。"]

    def test_each_held_session_needs_evidence(self, approved):
        report = fill_report(approved)
        second = _sessions(report)[1]
        second.evidence.all().delete()

        assert report_problems(report=report)[f"s{second.pk}-evidence"] == [
            "第2場請上傳至少一個佐證資料（照片或 PDF）。"
        ]

    def test_a_session_not_held_needs_no_evidence(self, approved):
        report = fill_report(approved)
        approved.community_type.min_sessions = 5
        approved.community_type.save()
        second = _sessions(report)[1]
        second.evidence.all().delete()
        _save(approved, report, **{"1": {"held": False}})

        assert report_problems(report=report) == {}

    def test_each_session_must_say_whether_it_was_held(self, approved):
        report = report_start(application=approved, by=approved.convenor)
        first = _sessions(report)[0]

        assert report_problems(report=report)[f"s{first.pk}-held"] == ["第1場請選擇是否辦理。"]

    def test_held_session_needs_attendance_and_times(self, approved):
        report = fill_report(approved)
        third = _sessions(report)[2]
        _save(approved, report, **{"2": {"attendees": [], "end_time": time(13, 0)}})

        problems = report_problems(report=report)
        assert problems[f"s{third.pk}-attendees"] == ["第3場請勾選出席成員。"]
        assert problems[f"s{third.pk}-end_time"] == ["第3場結束時間須晚於開始時間。"]

    def test_a_date_outside_the_year_is_refused(self, approved):
        report = fill_report(approved)
        first = _sessions(report)[0]
        _save(approved, report, **{"0": {"date": date(2021, 8, 2)}})

        assert "109學年度內" in report_problems(report=report)[f"s{first.pk}-date"][0]

    def test_reflections_are_required(self, approved):
        report = fill_report(approved)
        _save(approved, report, reflections="")

        assert report_problems(report=report)["reflections"] == ["請填寫成果與省思。"]


def test_spending_over_the_approved_amount_is_refused(program):
    application = application_in(workflow.APPROVED, program)
    report = fill_report(application, fees={2: 1700})

    problems = report_problems(report=report)
    approved = application.approved_amount
    spent = 1700 + round(1700 * 0.0191)
    assert problems["spending"] == [
        f"實支合計 {spent:,} 元超過核定金額 {approved:,} 元，請減少 {spent - approved:,} 元。"
    ]


def test_a_row_over_its_cap_is_refused(program):
    application = application_in(workflow.APPROVED, program, lines={2: (2, 800), 6: (1, 300)})
    report = fill_report(application, fees={2: 1000})
    printing = BudgetItem.objects.get(program=program, number=6)
    members = application.members.count()
    report_save(
        application=application,
        reflections=report.reflections,
        sessions={},
        fees={},
        spending={printing.pk: 100 * members + 1},
        by=application.convenor,
    )

    problems = report_problems(report=report)
    assert problems["spend_6"] == [
        f"印刷費實支 {100 * members + 1} 元超過上限 {100 * members} 元"
        f"（每位成員 100 元 × {members} 人，上限 {100 * members} 元）。"
    ]


class TestFees:
    """Fees and balance; the approved application built once for the class."""

    def test_a_lecture_fee_over_the_fee_table_is_refused(self, approved):
        # 2 hours is 3 節 of 50 minutes at most 800 each for 內聘.
        report = fill_report(approved, fees={2: 2401})
        first = _sessions(report)[0]

        assert "講座鐘點費支給表上限" in report_problems(report=report)[f"s{first.pk}-fee_2"][0]

    def test_premium_follows_the_rate_of_each_sessions_date(self, program):
        application = application_in(workflow.APPROVED, program, type_number=2, lines={2: (4, 800)})
        report = fill_report(application, fees={})
        first, second = _sessions(report)[:2]
        item = BudgetItem.objects.get(program=program, number=2)
        report_save(
            application=application,
            reflections=report.reflections,
            sessions={
                first.pk: {"date": date(2020, 12, 31)},
                second.pk: {"date": date(2021, 1, 1)},
            },
            fees={first.pk: {item.pk: 1600}, second.pk: {item.pk: 1600}},
            spending={},
            by=application.convenor,
        )

        sheet = report_view(report=report).sheet
        rates = {p.session.date: p.rate for p in sheet.premiums}
        assert rates == {date(2020, 12, 31): Decimal("1.91"), date(2021, 1, 1): Decimal("2.11")}
        assert [p.premium for p in sheet.premiums] == [31, 34]  # 30.56 and 33.76, half up
        premium_row = next(row for row in sheet.rows if row.is_premium)
        assert premium_row.actual == 65
        assert sheet.total == 3200 + 65
        assert sheet.balance == application.approved_amount - 3265

    def test_the_rates_are_the_programs_rows(self, program):
        PremiumRate.objects.filter(effective_from=date(2021, 1, 1)).update(
            rate_percent=Decimal("3")
        )
        application = application_in(workflow.APPROVED, program)
        report = fill_report(application, fees={})
        first = _sessions(report)[0]
        item = BudgetItem.objects.get(program=program, number=2)
        report_save(
            application=application,
            reflections=report.reflections,
            sessions={first.pk: {"date": date(2021, 1, 4)}},
            fees={first.pk: {item.pk: 1000}},
            spending={},
            by=application.convenor,
        )

        assert report_view(report=report).sheet.premium == 30

    def test_balance_is_approved_less_spent(self, approved):
        report = fill_report(approved, fees={2: 1000})

        sheet = report_view(report=report).sheet
        assert sheet.total == 1000 + 19
        assert sheet.balance == approved.approved_amount - 1019
