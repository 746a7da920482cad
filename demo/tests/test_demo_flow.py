"""The demo reaches every state of the flow, each through the real services (history rows), and
school1 can 送中心 after one review."""

import pytest
from django.urls import reverse

from communities import workflow
from communities.models import Application
from communities.services import application_problems
from demo.applications import seed_demo_applications
from people.models import User
from reviews.models import ReviewAssignment
from summaries.selectors import school_summary
from summaries.services import package_blockers, school_review

pytestmark = pytest.mark.django_db


def by_teacher(username: str) -> Application:
    return Application.objects.get(convenor__username=username, program__academic_year=109)


EXPECTED = {
    "teacher2": workflow.DRAFT,
    "teacher4": workflow.RETURNED,
    "teacher1": workflow.SUBMITTED,
    "teacher5": workflow.SCHOOL_ACCEPTED,
    "teacher8": workflow.SENT_TO_CENTER,
    "teacher9": workflow.UNDER_REVIEW,
    "teacher10": workflow.FIRST_PASSED,
    "teacher11": workflow.FIRST_RETURNED,
    "teacher12": workflow.REJECTED,
    "teacher3": workflow.APPROVED,
    "teacher13": workflow.REPORT_REVIEW,
    "teacher14": workflow.REPORT_FORWARDED,
    "teacher15": workflow.REPORT_RETURNED,
    "teacher16": workflow.CLOSED,
}


def test_every_state_the_flow_reaches_so_far_has_a_demo_application(demo):
    assert {by_teacher(t).status for t in EXPECTED} >= set(EXPECTED.values())
    for teacher, status in EXPECTED.items():
        assert by_teacher(teacher).status == status, teacher
    reached = set(Application.objects.values_list("status", flat=True))
    assert set(workflow.WORKFLOW) == reached


def test_each_demo_application_has_the_history_of_its_state(demo):
    for application in Application.objects.exclude(status=workflow.DRAFT):
        history = list(application.transitions.order_by("at", "id"))
        assert history, application
        assert history[0].from_status == workflow.DRAFT
        assert history[-1].to_status == application.status
        for earlier, later in zip(history, history[1:], strict=False):
            assert earlier.to_status == later.from_status


def test_the_returned_application_carries_the_schools_reason(demo):
    returned = by_teacher("teacher4")
    assert "公開授課請註明授課班級" in returned.school_comment
    assert returned.transitions.last().by.username == "school1"


def test_the_draft_is_still_incomplete(demo):
    assert application_problems(application=by_teacher("teacher2"))


def test_school1_meets_every_rule_and_can_send_after_one_review(demo):
    teacher1 = by_teacher("teacher1")
    assert teacher1.is_cross_school and teacher1.community_type.number == 1
    school = teacher1.school
    summary = school_summary(school=school, program=teacher1.program)
    assert all(rule.ok for rule in summary.rules if rule.blocking)
    assert [b for b in summary.submit_blockers if "待學校審核" in b]

    school_review(
        application=teacher1, accept=True, comment="", by=User.objects.get(username="school1")
    )
    summary = school_summary(school=school, program=teacher1.program)
    assert summary.submit_blockers == ("尚未上傳核章完成的申請總表 PDF。",)
    assert package_blockers(summary=summary) == ["尚未上傳核章完成的申請總表 PDF。"]
    teacher1.refresh_from_db()


def test_school2_sent_its_package_with_the_printed_summary(demo):
    school = by_teacher("teacher3").school
    summary = school_summary(school=school, program=by_teacher("teacher3").program)
    assert summary.package is not None and summary.package.submitted_at is not None
    assert summary.package.print_code.startswith("S")


def test_reviewers_are_assigned_except_to_the_one_waiting_for_assignment(demo):
    assigned = set(
        ReviewAssignment.objects.values_list("application__convenor__username", flat=True)
    )
    assert assigned == {
        "teacher3",
        "teacher9",
        "teacher10",
        "teacher11",
        "teacher12",
        "teacher13",
        "teacher14",
        "teacher15",
        "teacher16",
    }


def test_the_approved_community_has_its_amount(demo):
    approved = by_teacher("teacher3")
    assert approved.approved_amount == 9000
    assert [t.action for t in approved.transitions.all()][-2:] == ["first_pass", "approve"]


def test_the_pages_of_each_role_show_the_demo(demo, client):
    client.force_login(User.objects.get(username="reviewer1"))
    page = client.get(reverse("reviews:queue")).content.decode()
    assert "二年級數感學年社群" in page and "一年級注音符號學年社群" not in page
    client.force_login(User.objects.get(username="center"))
    page = client.get(reverse("center:applications")).content.decode()
    assert "一年級注音符號學年社群" in page


def test_seeding_again_changes_nothing(demo):
    before = {a.pk: (a.status, a.updated_at) for a in Application.objects.all()}
    seed_demo_applications()
    after = {a.pk: (a.status, a.updated_at) for a in Application.objects.all()}
    assert before == after
    assert len(after) == 17  # 16 of 109, and teacher16's 續辦 draft in 110


def test_the_demo_reviews_have_scores_and_one_reviewer_declared_a_conflict(demo, client):
    from reviews.models import ConflictDeclaration, Review

    submitted = Review.objects.filter(submitted_at__isnull=False)
    assert submitted.exists() and all(r.total is not None for r in submitted)
    assert all(len(r.scores.all()) == 4 for r in submitted)
    assert Review.objects.filter(submitted_at__isnull=True).exists()  # a draft under way
    conflict = ConflictDeclaration.objects.get(has_conflict=True)
    assert conflict.reviewer.username == "reviewer3" and conflict.reason
    assert conflict.application == by_teacher("teacher9")
    # reviewer3 has the 複審 of teacher10's still to open, behind the declaration.
    client.force_login(User.objects.get(username="reviewer3"))
    page = client.get(reverse("reviews:queue")).content.decode()
    assert "四年級自然探究學年社群" in page and "利益迴避聲明" in page
    assert "二年級數感學年社群" not in page


def test_the_reports_reach_each_step(demo, client):
    from outcomes.models import Report
    from outcomes.selectors import member_hours, report_problems, report_view

    draft = Report.objects.get(application=by_teacher("teacher3"))
    assert draft.sessions.filter(held=True).count() == 3 and report_problems(report=draft)
    for teacher in ("teacher13", "teacher14", "teacher16"):
        report = Report.objects.get(application=by_teacher(teacher))
        assert report_problems(report=report) == {}, teacher
        assert report.submitted_at is not None
    returned = by_teacher("teacher15")
    assert "第2場的紀要" in returned.transitions.last().comment
    closed = by_teacher("teacher16")
    sheet = report_view(report=closed.report).sheet
    assert {str(p.rate) for p in sheet.premiums} == {"1.91", "2.11"}
    assert 0 < sheet.balance
    hours = member_hours(program=closed.program)
    assert hours and all(m.hours > 0 for m in hours)

    client.force_login(User.objects.get(username="school2"))
    page = client.get(reverse("outcomes:reports")).content.decode()
    assert "數學繪本共讀初階社群" in page and "審核" in page
