"""利益迴避聲明 and reviewer isolation: a reviewer declares before opening an application, sees
only what is assigned to them and not released, and never an application of their own school."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from post_office.models import Email

from communities import workflow
from communities.tests.helpers import Page
from notifications.models import Message
from people.tests.factories import SchoolFactory, UserFactory
from reviews.models import ConflictDeclaration, ReviewAssignment
from reviews.services import review_assign, review_declare, review_save
from reviews.tests.helpers import review_url
from testsupport.flow import advance, application_in, declare_no_conflict, submit_review
from testsupport.shared import fresh, open_program, shared_data

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="class")
def assigned_once(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        application = application_in(
            workflow.SENT_TO_CENTER, open_program(), name="閱讀理解社群", convenor_name="蔡宜蓁"
        )
        reviewer = UserFactory(reviewer=True, name="周委員")
        review_assign(applications=[application], reviewers=[reviewer], by=UserFactory(center=True))
        yield application, reviewer


@pytest.fixture
def assigned(assigned_once, program):
    """An application under review and a reviewer just assigned to it, not yet declared."""
    return tuple(fresh(obj) for obj in assigned_once)


def application_pages(application) -> list[str]:
    return [
        reverse("communities:detail", args=[application.pk]),
        reverse("communities:progress", args=[application.pk]),
        reverse("printing:plan", args=[application.pk]),
        reverse("printing:budget", args=[application.pk]),
        reverse("communities:document_download", args=[application.pk, "plan"]),
    ]


# Before the declaration --------------------------------------------------------------------------


class TestAssigned:
    """Tests on one application and the reviewer just assigned to it, built once for the class (each test's changes rolled back)."""

    def test_the_reviewer_declares_before_seeing_the_application(self, client, assigned):
        application, reviewer = assigned
        client.force_login(reviewer)

        page = Page(client.get(review_url(application)))

        assert "利益迴避聲明" in page.text("declaration")
        assert "本人擔任本學年度教師專業學習社群計畫審查委員" in page.text("declaration")
        who = page.text("who")
        assert application.school.name in who and "蔡宜蓁" in who and "成員1" in who
        # Who the application is from, not what it says.
        assert page.by_id("application") is None and page.by_id("my-review") is None
        assert "第1次共同備課" not in page.visible_text()

    def test_the_queue_asks_for_the_declaration_first(self, client, assigned):
        application, reviewer = assigned
        client.force_login(reviewer)

        page = Page(client.get(reverse("reviews:queue")))

        row = page.text(f"assignment-{application.review_assignments.get().pk}")
        assert "利益迴避聲明" in row and "未填" in row
        assert reverse("communities:detail", args=[application.pk]) not in page.html

    def test_an_undeclared_reviewer_opens_none_of_the_applications_pages(self, client, assigned):
        application, reviewer = assigned
        client.force_login(reviewer)
        for url in application_pages(application):
            assert client.get(url).status_code == 404, url
        assert client.post(review_url(application), {"opinion": "x"}).status_code == 403

    def test_the_review_service_refuses_an_undeclared_reviewer(self, assigned):
        application, reviewer = assigned
        with pytest.raises(PermissionDenied, match="請先完成利益迴避聲明"):
            review_save(
                application=application,
                reviewer=reviewer,
                scores={},
                recommendation=None,
                opinion="",
                recommended_amount=None,
                submit=False,
            )

    # No conflict -------------------------------------------------------------------------------------

    @pytest.mark.audit
    def test_declaring_no_conflict_opens_the_application(self, client, assigned):
        application, reviewer = assigned
        client.force_login(reviewer)

        response = client.post(
            reverse("reviews:declare", args=[application.pk]), {"has_conflict": "no"}, follow=True
        )

        page = Page(response)
        assert "已完成利益迴避聲明，請開始審查。" in page.visible_text()
        assert "第1次共同備課" in page.text("application") and page.by_id("my-review") is not None
        declaration = ConflictDeclaration.objects.get()
        assert (declaration.reviewer, declaration.has_conflict, declaration.stage) == (
            reviewer,
            False,
            workflow.FIRST_REVIEW,
        )
        assert declaration.declared_at is not None
        assert "利益衝突" in declaration.statement
        for url in application_pages(application):
            assert client.get(url).status_code == 200, url
        assert LogEntry.objects.get_for_object(declaration).filter(actor=reviewer).exists()

    def test_a_declaration_is_made_once(self, client, assigned):
        application, reviewer = assigned
        declare_no_conflict(application, reviewer)
        client.force_login(reviewer)

        response = client.post(
            reverse("reviews:declare", args=[application.pk]),
            {"has_conflict": "yes", "reason": "改變心意"},
            follow=True,
        )

        assert "您已完成本案的利益迴避聲明。" in Page(response).visible_text()
        assert ConflictDeclaration.objects.get().has_conflict is False
        assert ReviewAssignment.objects.filter(reviewer=reviewer).exists()

    def test_the_no_conflict_declaration_covers_the_second_review_too(self, client, program):
        application = application_in(workflow.UNDER_REVIEW, program)
        reviewer = application.review_assignments.get().reviewer
        submit_review(application, reviewer)  # declares no conflict, then reviews
        application = advance(application, workflow.FIRST_PASSED)
        review_assign(applications=[application], reviewers=[reviewer], by=UserFactory(center=True))
        client.force_login(reviewer)

        page = Page(client.get(review_url(application)))

        assert page.by_id("my-review") is not None and "複審" in page.text("my-review")
        assert ConflictDeclaration.objects.filter(reviewer=reviewer).count() == 1

    # A conflict --------------------------------------------------------------------------------------

    def test_a_conflict_needs_its_reason_at_the_field(self, client, assigned):
        application, reviewer = assigned
        client.force_login(reviewer)

        page = Page(
            client.post(
                reverse("reviews:declare", args=[application.pk]),
                {"has_conflict": "yes", "reason": " "},
            )
        )

        assert "請說明利益衝突的情形。" in page.text("f-reason")
        assert page.checked("has_conflict") == {"yes"}
        assert not ConflictDeclaration.objects.exists()
        assert ReviewAssignment.objects.filter(reviewer=reviewer).exists()

    def test_no_choice_is_refused_at_the_field(self, client, assigned):
        application, reviewer = assigned
        client.force_login(reviewer)
        page = Page(client.post(reverse("reviews:declare", args=[application.pk]), {"reason": "x"}))
        assert "請選擇是否有利益衝突。" in page.text("f-has_conflict")
        assert "x" in page.text("f-reason")

    @pytest.mark.audit
    def test_a_declared_conflict_releases_the_assignment_and_tells_the_center(
        self, client, assigned
    ):
        application, reviewer = assigned
        staff = [UserFactory(center=True), UserFactory(center=True)]
        client.force_login(reviewer)

        response = client.post(
            reverse("reviews:declare", args=[application.pk]),
            {"has_conflict": "yes", "reason": "召集人為本人配偶的妹妹。"},
            follow=True,
        )

        page = Page(response)
        assert response.redirect_chain[-1][0] == reverse("reviews:queue")
        assert "已聲明利益迴避：「閱讀理解社群」已自您的審查案件移除" in page.visible_text()
        assert "閱讀理解社群" not in page.text("queue")
        assert not ReviewAssignment.objects.filter(reviewer=reviewer).exists()
        declaration = ConflictDeclaration.objects.get()
        assert declaration.has_conflict and declaration.reason == "召集人為本人配偶的妹妹。"
        assert declaration.reviewer == reviewer and declaration.application_id == application.pk
        # The reviewer no longer sees it anywhere.
        assert client.get(review_url(application)).status_code == 404
        for url in application_pages(application):
            assert client.get(url).status_code == 404, url
        # Every center account hears, with the reason; the outbox holds the mails.
        told = Message.objects.filter(event="review.conflict_declared")
        assert {m.recipient for m in told} >= set(staff)
        assert all("召集人為本人配偶的妹妹。" in m.body and "周委員" in m.body for m in told)
        mails = Email.objects.filter(subject__contains="審查委員利益迴避")
        assert {address for mail in mails for address in mail.to} >= {s.email for s in staff}
        # The release is in the audit log, by the reviewer.
        assert LogEntry.objects.filter(
            content_type__model="reviewassignment", action=LogEntry.Action.DELETE, actor=reviewer
        ).exists()

    def test_the_center_sees_who_declared_a_conflict_and_cannot_assign_them_again(
        self, client, assigned, center
    ):
        application, reviewer = assigned
        review_declare(
            application=application,
            reviewer=reviewer,
            has_conflict=True,
            reason="曾任職於申請學校。",
        )
        client.force_login(center)

        page = Page(client.get(reverse("reviews:decide", args=[application.pk])))
        assert "周委員 已聲明利益迴避" in page.text(
            "conflicts"
        ) and "曾任職於申請學校。" in page.text("conflicts")

        result = review_assign(applications=[application], reviewers=[reviewer], by=center)
        assert not result.assigned
        assert "已聲明與本案有利益衝突" in result.skipped[0].reason
        assert not ReviewAssignment.objects.filter(reviewer=reviewer).exists()


def test_a_reviewer_who_submitted_cannot_declare_a_conflict_afterwards(program):
    application = application_in(workflow.UNDER_REVIEW, program)
    reviewer = application.review_assignments.get().reviewer
    submit_review(application, reviewer)
    ConflictDeclaration.objects.all().delete()  # as before declarations existed
    with pytest.raises(ValidationError, match="您已送出本案的審查意見"):
        review_declare(application=application, reviewer=reviewer, has_conflict=True, reason="x")
    assert application.review_assignments.filter(reviewer=reviewer).exists()


# Isolation -------------------------------------------------------------------------------------


def test_a_reviewer_sees_only_their_own_assignments(client, program):
    mine = application_in(workflow.SENT_TO_CENTER, program, name="我的社群")
    theirs = application_in(workflow.SENT_TO_CENTER, program, name="別人的社群")
    me, other = UserFactory(reviewer=True), UserFactory(reviewer=True)
    center = UserFactory(center=True)
    review_assign(applications=[mine], reviewers=[me], by=center)
    review_assign(applications=[theirs], reviewers=[other], by=center)
    declare_no_conflict(mine, me)
    declare_no_conflict(theirs, other)
    client.force_login(me)

    queue = Page(client.get(reverse("reviews:queue"))).text("queue")

    assert "我的社群" in queue and "別人的社群" not in queue
    assert client.get(review_url(theirs)).status_code == 404
    for url in application_pages(theirs):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("reviews:decide", args=[mine.pk])).status_code == 403
    assert (
        client.post(
            reverse("reviews:declare", args=[theirs.pk]), {"has_conflict": "no"}
        ).status_code
        == 404
    )


def test_a_reviewer_does_not_see_another_reviewers_review(client, reviewing):
    application, first, second = reviewing
    submit_review(application, second, opinion="乙委員的意見")
    client.force_login(first)

    page = Page(client.get(review_url(application)))

    assert "乙委員的意見" not in page.html


def test_reviewers_of_the_lead_or_a_partner_school_are_never_assigned(program):
    partner = SchoolFactory()
    application = application_in(workflow.SENT_TO_CENTER, program, cross=True, partners=[partner])
    own = UserFactory(reviewer=True, school=application.school, name="同校委員")
    partners = UserFactory(reviewer=True, school=partner, name="合作學校委員")
    other = UserFactory(reviewer=True, name="他校委員")

    result = review_assign(
        applications=[application], reviewers=[own, partners, other], by=UserFactory(center=True)
    )

    assert [p.reviewer for p in result.assigned] == [other]
    reasons = {p.reviewer.name: p.reason for p in result.skipped}
    assert "審查委員與申請學校" in reasons["同校委員"] and "同校，不得審查" in reasons["同校委員"]
    assert "審查委員屬合作學校" in reasons["合作學校委員"]
    assert set(ReviewAssignment.objects.values_list("reviewer__name", flat=True)) == {"他校委員"}
