"""指定審查 by the center, each reviewer's own 審查表, and the center's record of the result."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from communities import workflow
from communities.models import Application, Transition
from communities.tests.helpers import Page
from notifications.models import Message
from people.tests.factories import UserFactory
from reviews.models import Review, ReviewAssignment
from reviews.selectors import approval_cap
from reviews.services import review_assign
from reviews.tests.helpers import decide_url, review_form, review_url
from testsupport.flow import advance, application_in, submit_review

pytestmark = pytest.mark.django_db


def sent(program, **kwargs) -> Application:
    return application_in(workflow.SENT_TO_CENTER, program, **kwargs)


def assigned(application, reviewer=None, *, center=None):
    reviewer = reviewer or UserFactory(reviewer=True)
    review_assign(
        applications=[application], reviewers=[reviewer], by=center or UserFactory(center=True)
    )
    return reviewer


# 指定審查 ----------------------------------------------------------------------------------------


def test_application_stays_sent_when_every_pair_is_skipped(program, center):
    application = sent(program)
    own = UserFactory(reviewer=True, school=application.school)

    result = review_assign(applications=[application], reviewers=[own], by=center)

    assert result.skipped and not result.assigned and not result.started
    assert Application.objects.get(pk=application.pk).status == workflow.SENT_TO_CENTER


def test_assigning_again_does_not_duplicate(program, center):
    application = sent(program)
    reviewer = UserFactory(reviewer=True)
    review_assign(applications=[application], reviewers=[reviewer], by=center)

    result = review_assign(applications=[application], reviewers=[reviewer], by=center)

    assert len(result.already) == 1 and not result.assigned
    assert ReviewAssignment.objects.count() == 1
    assert Transition.objects.filter(action="start_review").count() == 1


def test_an_assignment_after_the_first_review_is_for_the_second(program, center):
    application = application_in(workflow.FIRST_PASSED, program)
    second = UserFactory(reviewer=True, name="複審委員")

    review_assign(applications=[application], reviewers=[second], by=center)

    assert ReviewAssignment.objects.get(reviewer=second).stage == workflow.SECOND_REVIEW
    assert Application.objects.get(pk=application.pk).status == workflow.FIRST_PASSED


def test_an_application_in_another_state_cannot_be_assigned(client, program, center):
    submitted = application_in(workflow.SUBMITTED, program)
    reviewer = UserFactory(reviewer=True)

    result = review_assign(applications=[submitted], reviewers=[reviewer], by=center)

    assert "申請狀態為「已送出待學校審核」，不能指定審查。" in result.skipped[0].reason
    assert not ReviewAssignment.objects.exists()


@pytest.mark.parametrize("role", ["teacher", "school_admin", "reviewer"])
def test_other_accounts_cannot_reach_the_center_pages(client, program, role):
    application = application_in(workflow.UNDER_REVIEW, program)
    client.force_login(UserFactory(**{role: True}))
    assert client.get(decide_url(application)).status_code in (403, 404)


@pytest.mark.audit
def test_assignments_and_reviews_leave_audit_rows(program, center):
    application = sent(program)
    reviewer = assigned(application, center=center)
    assignment = ReviewAssignment.objects.get()
    review = submit_review(application, reviewer, opinion="同意")

    assert LogEntry.objects.get_for_object(assignment).exists()
    assert LogEntry.objects.get_for_object(review).exists()
    status = LogEntry.objects.get_for_object(Application.objects.get(pk=application.pk))
    assert any(e.changes_dict.get("status") == ["sent_to_center", "under_review"] for e in status)


# A reviewer's review -----------------------------------------------------------------------------


class TestReviewing:
    """Tests on the application under review, built once for the class (each test's changes rolled back)."""

    def test_reviewer_queue_lists_only_assigned_applications(self, client, program, reviewing):
        application, first, _second = reviewing
        other = sent(program, name="未指派的社群")
        client.force_login(first)

        page = Page(client.get(reverse("reviews:queue")))

        assert application.name in page.visible_text() and other.name not in page.visible_text()
        assert f'href="{review_url(application)}"' in page.html

    def test_reviewer_sees_the_application_and_the_first_review_choices(self, client, reviewing):
        application, first, _second = reviewing
        client.force_login(first)

        page = Page(client.get(review_url(application)))

        text = page.text("my-review")
        assert "審查表" in text and "初審" in text
        for name in ("目標與需求", "運作規劃", "經費合理性", "預期成效"):
            assert name in page.text("scores")
        for label in ("建議通過", "建議修正後再審", "建議不通過"):
            assert label in page.text("f-recommendation")
        assert application.name in page.visible_text()
        assert "第1次共同備課" in page.text("application")
        pdfs = page.text("pdfs")
        assert "教師專業學習社群申請表（PDF）" in pdfs and "經費概算表（PDF）" in pdfs
        for url in (
            reverse("printing:plan", args=[application.pk]),
            reverse("printing:budget", args=[application.pk]),
            reverse("communities:document_download", args=[application.pk, "plan"]),
        ):
            assert f'href="{url}"' in page.html

    def test_a_draft_review_is_kept_incomplete_and_changes_nothing(self, client, reviewing):
        application, first, _second = reviewing
        client.force_login(first)

        client.post(
            review_url(application),
            review_form(application, scores={"運作規劃": 7}, opinion="還在想"),
        )

        review = Review.objects.get(assignment__reviewer=first)
        assert review.opinion == "還在想" and not review.is_submitted
        assert [(s.criterion.name, s.score) for s in review.scores.all()] == [("運作規劃", 7)]
        page = Page(client.get(review_url(application)))
        assert "還在想" in page.text("f-opinion")
        assert page.value(f"score_{review.scores.get().criterion_id}") == "7"
        assert Application.objects.get(pk=application.pk).status == workflow.UNDER_REVIEW

    def test_submitting_needs_a_recommendation_and_an_opinion(self, client, reviewing):
        application, first, _second = reviewing
        client.force_login(first)

        page = Page(
            client.post(
                review_url(application),
                review_form(application, all_scores=8, amount="100", submit=True),
            )
        )

        assert "請選擇審查建議。" in page.text("f-recommendation")
        assert "請填寫審查意見。" in page.text("f-opinion")
        assert page.value("recommended_amount") == "100"
        assert not Review.objects.exists()

    def test_a_recommended_amount_over_the_cap_is_refused_at_its_field(self, client, reviewing):
        application, first, _second = reviewing
        cap, _ceiling, _requested = approval_cap(application=application)
        client.force_login(first)

        page = Page(
            client.post(
                review_url(application),
                review_form(
                    application,
                    recommendation="建議通過",
                    all_scores=8,
                    opinion="好",
                    amount=cap + 1,
                    submit=True,
                ),
            )
        )

        assert f"建議核定金額 {cap + 1:,} 元超過上限 {cap:,} 元" in page.text(
            "f-recommended_amount"
        )
        assert page.value("recommended_amount") == str(cap + 1)

    def test_one_reviewers_review_does_not_decide_for_all(self, client, reviewing):
        application, first, second = reviewing
        client.force_login(first)

        response = client.post(
            review_url(application),
            review_form(
                application,
                recommendation="建議通過",
                all_scores=9,
                opinion="計畫完整。",
                submit=True,
            ),
            follow=True,
        )

        assert "已送出審查意見。" in Page(response).visible_text()
        assert Application.objects.get(pk=application.pk).status == workflow.UNDER_REVIEW
        review = Review.objects.get(assignment__reviewer=first)
        assert review.is_submitted and review.recommendation_label == "建議通過"
        assert review.total == 90
        assert not Review.objects.filter(assignment__reviewer=second).exists()

    def test_a_submitted_review_cannot_be_changed(self, client, reviewing):
        application, first, _second = reviewing
        client.force_login(first)
        client.post(
            review_url(application),
            review_form(
                application, recommendation="建議通過", all_scores=8, opinion="原意見", submit=True
            ),
        )

        page = Page(client.get(review_url(application)))
        assert not page.has_input("submit") and "原意見" in page.text("my-review")
        assert "80.0" in page.text("my-scores")
        response = client.post(
            review_url(application),
            review_form(
                application, recommendation="建議不通過", all_scores=2, opinion="改", submit=True
            ),
            follow=True,
        )
        assert "您已送出本階段的審查意見，不能再修改。" in Page(response).visible_text()
        review = Review.objects.get()
        assert review.opinion == "原意見" and {s.score for s in review.scores.all()} == {8}

    @pytest.mark.parametrize(
        ("who", "status_code"),
        [
            ("unassigned_reviewer", 404),
            ("other_school_admin", 404),
            ("convenor", 403),
            ("school_admin", 403),
        ],
    )
    def test_the_review_page_is_only_for_assigned_reviewers(
        self, client, reviewing, who, status_code
    ):
        application, _first, _second = reviewing
        user = {
            "unassigned_reviewer": lambda: UserFactory(reviewer=True),
            "other_school_admin": lambda: UserFactory(school_admin=True),
            "convenor": lambda: application.convenor,
            "school_admin": lambda: UserFactory(school_admin=True, school=application.school),
        }[who]()
        client.force_login(user)
        assert client.get(review_url(application)).status_code == status_code

    def test_a_first_stage_reviewer_writes_nothing_at_the_second_stage(
        self, client, program, reviewing
    ):
        application, first, second = reviewing
        for reviewer in (first, second):
            submit_review(application, reviewer, opinion="通過")
        advance(application, workflow.FIRST_PASSED)
        client.force_login(first)

        page = Page(client.get(review_url(application)))

        assert "沒有需要您審查的階段" in page.text("my-review")
        assert client.post(review_url(application), {"opinion": "x"}).status_code == 403


# The center's record of the result ---------------------------------------------------------------


def _submit_reviews(application, *reviewers, recommendation=None, amount=None):
    for number, reviewer in enumerate(reviewers):
        submit_review(
            application,
            reviewer,
            option=recommendation,
            opinion=f"第{number + 1}位委員的意見",
            amount=amount,
        )


class TestCenterReading:
    """The center reads the reviews of the application under review (built once for the class)."""

    def test_the_center_sees_every_review_side_by_side(self, client, reviewing, center):
        application, first, second = reviewing
        _submit_reviews(application, first, recommendation="建議通過")
        submit_review(
            application,
            second,
            option="建議修正後再審",
            scores={"目標與需求": 6},
            opinion="草稿意見",
            amount=800,
            submit=False,
        )
        client.force_login(center)

        page = Page(client.get(decide_url(application)))

        table = page.text("review-table-first")
        assert "甲委員" in table and "建議通過" in table and "第1位委員的意見" in table
        assert "乙委員" in table and "建議修正後再審" in table and "(草稿，尚未送出)" in table
        assert "800" in table

    def test_no_result_before_a_review_is_submitted(self, client, reviewing, center):
        application, _first, _second = reviewing
        client.force_login(center)

        page = Page(client.post(decide_url(application), {"action": "first_pass", "comment": ""}))

        assert "本階段（初審）尚無審查委員送出審查意見，不能決定審查結果。" in page.visible_text()
        assert "尚未填寫" in page.text("review-table-first")
        assert Application.objects.get(pk=application.pk).status == workflow.UNDER_REVIEW

    def test_the_center_records_the_first_review_result(self, client, reviewing, center):
        application, first, second = reviewing
        _submit_reviews(application, first, second)
        client.force_login(center)

        response = client.post(
            decide_url(application),
            {"action": "first_pass", "comment": "兩位委員均建議通過。", "confirm": "1"},
            follow=True,
        )

        application.refresh_from_db()
        assert application.status == workflow.FIRST_PASSED
        assert application.review_comment == "兩位委員均建議通過。"
        transition = Transition.objects.get(application=application, action="first_pass")
        assert transition.by == center and transition.comment == "兩位委員均建議通過。"
        assert (
            "已記錄審查結果，狀態為「初審通過俟複審通過後執行並填寫成果報告書」"
            in Page(response).visible_text()
        )
        told = set(
            Message.objects.filter(event="application.first_pass").values_list(
                "recipient", flat=True
            )
        )
        assert application.convenor_id in told

    @pytest.mark.parametrize("action", ["first_return", "reject"])
    def test_a_return_or_rejection_needs_its_reason(self, client, reviewing, center, action):
        application, first, _second = reviewing
        _submit_reviews(application, first, recommendation="建議不通過")
        client.force_login(center)

        page = Page(client.post(decide_url(application), {"action": action, "comment": ""}))

        assert "請填寫意見，說明原因。" in page.text("f-comment")
        assert Application.objects.get(pk=application.pk).status == workflow.UNDER_REVIEW


class TestSecondStage:
    """The second stage's result, on one application built for the class."""

    def test_the_second_review_offers_approval_with_the_amount(self, client, second_stage, center):
        application, reviewer = second_stage
        cap, _ceiling, _requested = approval_cap(application=application)
        _submit_reviews(application, reviewer, recommendation="建議核定", amount=cap)
        client.force_login(center)

        page = Page(client.get(decide_url(application)))
        assert "複審通過(核定)" in page.text("f-action") and page.has_input("approved_amount")

        client.post(
            decide_url(application),
            {"action": "approve", "comment": "核定", "approved_amount": cap, "confirm": "1"},
        )
        application.refresh_from_db()
        assert application.status == workflow.APPROVED and application.approved_amount == cap

    @pytest.mark.parametrize(
        ("amount", "message"),
        [
            ("", "複審通過(核定)須填寫核定金額。"),
            ("-1", "核定金額不可為負數。"),
            ("12.5", "金額請填寫整數（元）。"),
        ],
    )
    def test_the_approved_amount_is_checked_at_its_field(
        self, client, second_stage, center, amount, message
    ):
        application, reviewer = second_stage
        _submit_reviews(application, reviewer, recommendation="建議不通過")
        client.force_login(center)

        page = Page(
            client.post(
                decide_url(application),
                {"action": "approve", "comment": "我的說明", "approved_amount": amount},
            )
        )

        assert message in page.text("f-approved_amount")
        assert "我的說明" in page.text("f-comment")
        application.refresh_from_db()
        assert application.status == workflow.FIRST_PASSED and application.approved_amount is None

    def test_the_approved_amount_may_not_exceed_the_lower_of_ceiling_and_request(
        self, client, second_stage, center
    ):
        application, reviewer = second_stage
        _submit_reviews(application, reviewer, recommendation="建議不通過")
        community_type = application.community_type
        community_type.base_amount = 1000
        community_type.save()
        client.force_login(center)

        page = Page(
            client.post(
                decide_url(application),
                {"action": "approve", "comment": "x", "approved_amount": "1200"},
            )
        )

        assert "核定金額 1,200 元超過上限 1,000 元（補助上限 1,000 元" in page.text(
            "f-approved_amount"
        )


def test_a_decision_posted_twice_says_it_was_recorded(client, reviewing, center):
    application, first, _second = reviewing
    _submit_reviews(application, first)
    client.force_login(center)
    data = {"action": "first_pass", "comment": "通過", "confirm": "1"}
    client.post(decide_url(application), data)

    again = client.post(decide_url(application), data, follow=True)

    assert again.redirect_chain[-1][0] == reverse("communities:progress", args=[application.pk])
    assert "「初審通過」已於" in Page(again).visible_text()
    assert Transition.objects.filter(application=application, action="first_pass").count() == 1


def test_the_teacher_sees_the_result_label(client, program):
    application = application_in(workflow.FIRST_PASSED, program)
    client.force_login(application.convenor)

    page = Page(client.get(reverse("communities:my_applications")))

    assert "初審通過俟複審通過後執行並填寫成果報告書" in page.visible_text()
