"""指定審查 by the center and the reviewers' 初審/複審 decisions."""

import pytest
from django.urls import reverse

from communities import workflow
from communities.budget import budget_total
from communities.models import Application, ReviewAssignment, Transition
from communities.reviews import review_assign
from communities.tests.factories import ApplicationFactory
from communities.tests.helpers import Page, ready_application
from people.tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db

ASSIGN_URL = reverse("communities:review_assign")


def sent(**kwargs) -> Application:
    return ApplicationFactory(status=workflow.SENT_TO_CENTER, **kwargs)


def decision_url(application: Application) -> str:
    return reverse("communities:review_decision", args=[application.pk])


def assigned(application: Application, reviewer=None):
    reviewer = reviewer or UserFactory(reviewer=True)
    ReviewAssignment.objects.create(application=application, reviewer=reviewer)
    return reviewer


@pytest.fixture
def center(db):
    return UserFactory(center=True)


# 指定審查 ----------------------------------------------------------------------------------------


def test_center_page_lists_sent_and_under_review_applications_with_reviewers(
    client, program, center
):
    waiting = sent(name="等待指定社群")
    reviewing = ApplicationFactory(status=workflow.UNDER_REVIEW, name="審查中社群")
    reviewer = assigned(reviewing, UserFactory(reviewer=True, name="林委員"))
    ApplicationFactory(status=workflow.SUBMITTED, name="學校未審社群")
    client.force_login(center)

    page = Page(client.get(ASSIGN_URL))

    assert "學校已彙整送中心" in page.text(f"application-{waiting.pk}")
    row = page.text(f"application-{reviewing.pk}")
    assert "審查中" in row and reviewer.name in row
    assert "學校未審社群" not in page.visible_text()
    assert "林委員" in page.text("f-reviewers")


def test_center_page_filters_by_school_and_type(client, program, center):
    first = sent(name="甲校社群")
    second = sent(name="乙校社群")
    client.force_login(center)

    text = Page(client.get(ASSIGN_URL, {"school": first.school_id})).text("f-applications")
    assert "甲校社群" in text and "乙校社群" not in text

    other_type = program.community_types.get(number=2)
    Application.objects.filter(pk=second.pk).update(community_type=other_type)
    text = Page(client.get(ASSIGN_URL, {"type": other_type.pk})).text("f-applications")
    assert "乙校社群" in text and "甲校社群" not in text


def test_center_home_links_to_assignment(client, center):
    client.force_login(center)
    page = Page(client.get(reverse("portal:center_home")))
    assert f'href="{ASSIGN_URL}"' in page.html and "指定審查" in page.visible_text()


def test_bulk_assignment_assigns_and_starts_review(client, program, center):
    first, second = sent(), sent()
    reviewers = [UserFactory(reviewer=True), UserFactory(reviewer=True)]
    client.force_login(center)

    response = client.post(
        ASSIGN_URL,
        {"applications": [first.pk, second.pk], "reviewers": [r.pk for r in reviewers]},
        follow=True,
    )

    assert ReviewAssignment.objects.count() == 4
    for application in (first, second):
        application.refresh_from_db()
        assert application.status == workflow.UNDER_REVIEW
        transition = Transition.objects.get(application=application, action="start_review")
        assert transition.by == center
    text = Page(response).visible_text()
    assert "已指定 4 組審查" in text
    assert "2 件申請狀態變更為「審查中」" in text


def test_bulk_assignment_skips_reviewers_of_the_lead_and_partner_schools(client, program, center):
    partner = SchoolFactory(name="合作國中")
    application = sent(name="跨校社群", is_cross_school=True)
    application.partner_schools.add(partner)
    own = UserFactory(reviewer=True, name="同校委員", school=application.school)
    partner_reviewer = UserFactory(reviewer=True, name="合作校委員", school=partner)
    outsider = UserFactory(reviewer=True, name="外校委員")
    client.force_login(center)

    response = client.post(
        ASSIGN_URL,
        {"applications": [application.pk], "reviewers": [own.pk, partner_reviewer.pk, outsider.pk]},
        follow=True,
    )

    assert list(ReviewAssignment.objects.values_list("reviewer__name", flat=True)) == ["外校委員"]
    text = Page(response).visible_text()
    assert (
        f"未指定「跨校社群」給 同校委員：審查委員與申請學校（{application.school.name}）同校"
        in text
    )
    assert "未指定「跨校社群」給 合作校委員：審查委員屬合作學校（合作國中）" in text
    application.refresh_from_db()
    assert application.status == workflow.UNDER_REVIEW


def test_application_stays_sent_when_every_pair_is_skipped(program, center):
    application = sent()
    own = UserFactory(reviewer=True, school=application.school)

    result = review_assign(applications=[application], reviewers=[own], by=center)

    assert result.assigned == [] and len(result.skipped) == 1
    application.refresh_from_db()
    assert application.status == workflow.SENT_TO_CENTER


def test_assigning_again_does_not_duplicate(program, center):
    application = sent()
    reviewer = UserFactory(reviewer=True)
    review_assign(applications=[application], reviewers=[reviewer], by=center)

    result = review_assign(applications=[application], reviewers=[reviewer], by=center)

    assert len(result.already) == 1 and result.assigned == []
    assert ReviewAssignment.objects.filter(application=application).count() == 1
    assert Transition.objects.filter(application=application, action="start_review").count() == 1


def test_assignment_without_choices_says_what_is_missing(client, program, center):
    sent()
    client.force_login(center)

    page = Page(client.post(ASSIGN_URL, {}))

    assert "請勾選至少一件申請。" in page.text("f-applications")
    assert "請勾選至少一位審查委員。" in page.text("f-reviewers")


def test_only_reviewer_accounts_are_offered_and_accepted(client, program, center):
    application = sent()
    teacher = UserFactory(teacher=True, name="非委員老師")
    client.force_login(center)

    assert "非委員老師" not in Page(client.get(ASSIGN_URL)).text("f-reviewers")
    page = Page(
        client.post(ASSIGN_URL, {"applications": [application.pk], "reviewers": [teacher.pk]})
    )
    assert "選項不在清單中" in page.text("f-reviewers")
    assert not ReviewAssignment.objects.exists()


def test_an_application_in_another_state_cannot_be_assigned(client, program, center):
    draft = ApplicationFactory()
    reviewer = UserFactory(reviewer=True)
    client.force_login(center)

    page = Page(client.post(ASSIGN_URL, {"applications": [draft.pk], "reviewers": [reviewer.pk]}))

    assert "選項不在清單中" in page.text("f-applications")
    assert not ReviewAssignment.objects.exists()


@pytest.mark.parametrize("role", ["teacher", "school_admin", "reviewer"])
def test_other_accounts_cannot_reach_the_center_page(client, program, role):
    application = sent()
    client.force_login(UserFactory(**{role: True}, school=application.school))
    assert client.get(ASSIGN_URL).status_code == 403
    response = client.post(
        ASSIGN_URL,
        {"applications": [application.pk], "reviewers": [UserFactory(reviewer=True).pk]},
    )
    assert response.status_code == 403
    assert not ReviewAssignment.objects.exists()


def test_anonymous_visitor_logs_in_first(client, program):
    response = client.get(ASSIGN_URL)
    assert response.status_code == 302 and "login" in response["Location"]


# Measured: 10 queries for 5 and for 50 applications.
@pytest.mark.parametrize("count", [5, 50])
def test_center_list_queries_do_not_grow_with_applications(
    client, program, center, count, django_assert_max_num_queries
):
    partner = SchoolFactory()
    for _ in range(count):
        application = sent()
        application.partner_schools.add(partner)
        assigned(application)
    client.force_login(center)
    with django_assert_max_num_queries(12):
        response = client.get(ASSIGN_URL)
    assert response.content.decode().count('name="applications"') == count


# 初審 / 複審 -------------------------------------------------------------------------------------


@pytest.fixture
def reviewing(program):
    """An application under review with a budget (2 節 × 800 plus the premium) and its reviewer."""
    application = ready_application(program, requests_budget=True)
    Application.objects.filter(pk=application.pk).update(status=workflow.UNDER_REVIEW)
    application.refresh_from_db()
    return application, assigned(application)


def test_reviewer_sees_the_application_and_the_first_review_actions(client, reviewing):
    application, reviewer = reviewing
    client.force_login(reviewer)

    page = Page(client.get(decision_url(application)))

    assert application.name in page.visible_text()
    assert "經費概算表" in page.visible_text()
    assert page.text("f-action").split() == ["審查結果", "初審通過", "初審退回修正", "不通過"]
    assert not page.has_input("approved_amount")


def test_review_list_links_to_the_decision_page(client, reviewing):
    application, reviewer = reviewing
    client.force_login(reviewer)
    assert (
        f'href="{decision_url(application)}"'
        in client.get(reverse("communities:review_list")).content.decode()
    )


@pytest.mark.parametrize(
    ("action", "status", "label"),
    [
        ("first_pass", workflow.FIRST_PASSED, "初審通過俟複審通過後執行並填寫成果報告書"),
        ("first_return", workflow.FIRST_RETURNED, "初審退回修正"),
        ("reject", workflow.REJECTED, "不通過"),
    ],
)
def test_first_review_decision_moves_the_status_and_keeps_the_opinion(
    client, reviewing, action, status, label
):
    application, reviewer = reviewing
    client.force_login(reviewer)

    response = client.post(
        decision_url(application), {"action": action, "opinion": "計畫完整，可行。"}, follow=True
    )

    application.refresh_from_db()
    assert application.status == status
    transition = Transition.objects.get(application=application, action=action)
    assert transition.by == reviewer and transition.comment == "計畫完整，可行。"
    assert f"已送出審查結果，狀態為「{label}」" in Page(response).visible_text()


def test_teacher_query_shows_the_first_passed_label(client, reviewing):
    application, reviewer = reviewing
    client.force_login(reviewer)
    client.post(decision_url(application), {"action": "first_pass", "opinion": "同意"})

    client.force_login(application.convenor)
    text = Page(client.get(reverse("communities:my_applications"))).visible_text()

    assert "初審通過俟複審通過後執行並填寫成果報告書" in text


def test_opinion_is_required(client, reviewing):
    application, reviewer = reviewing
    client.force_login(reviewer)

    page = Page(client.post(decision_url(application), {"action": "first_pass", "opinion": " "}))

    assert "請填寫審查意見。" in page.text("f-opinion")
    application.refresh_from_db()
    assert application.status == workflow.UNDER_REVIEW


@pytest.fixture
def first_passed(reviewing):
    application, reviewer = reviewing
    Application.objects.filter(pk=application.pk).update(status=workflow.FIRST_PASSED)
    application.refresh_from_db()
    return application, reviewer


def test_second_review_offers_approval_with_amount(client, first_passed):
    application, reviewer = first_passed
    client.force_login(reviewer)

    page = Page(client.get(decision_url(application)))

    assert page.text("f-action").split() == ["審查結果", "複審通過(核定)", "不通過"]
    assert page.has_input("approved_amount")


def test_approval_stores_the_amount_and_the_opinion(client, first_passed):
    application, reviewer = first_passed
    client.force_login(reviewer)

    client.post(
        decision_url(application),
        {"action": "approve", "opinion": "核定執行", "approved_amount": "1500"},
    )

    application.refresh_from_db()
    assert application.status == workflow.APPROVED
    assert application.approved_amount == 1500
    assert Transition.objects.get(application=application, action="approve").comment == "核定執行"


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("", "複審通過(核定)須填寫核定金額。"),
        ("-1", "核定金額不可為負數。"),
        ("12.5", "核定金額請填寫整數（元）。"),
    ],
)
def test_approval_amount_is_checked_at_the_field(client, first_passed, amount, message):
    application, reviewer = first_passed
    client.force_login(reviewer)

    page = Page(
        client.post(
            decision_url(application),
            {"action": "approve", "opinion": "我的意見", "approved_amount": amount},
        )
    )

    assert message in page.text("f-approved_amount")
    assert "我的意見" in page.text("f-opinion")
    application.refresh_from_db()
    assert application.status == workflow.FIRST_PASSED and application.approved_amount is None


def test_approval_amount_may_not_exceed_the_requested_total(client, first_passed):
    application, reviewer = first_passed
    requested = budget_total(application=application)
    client.force_login(reviewer)

    page = Page(
        client.post(
            decision_url(application),
            {"action": "approve", "opinion": "意見", "approved_amount": str(requested + 1)},
        )
    )

    assert f"核定金額 {requested + 1:,} 元超過上限 {requested:,} 元" in page.text(
        "f-approved_amount"
    )
    application.refresh_from_db()
    assert application.approved_amount is None


def test_approval_amount_may_not_exceed_the_type_ceiling(client, first_passed):
    application, reviewer = first_passed
    community_type = application.community_type
    community_type.base_amount = 1000
    community_type.save()
    client.force_login(reviewer)

    page = Page(
        client.post(
            decision_url(application),
            {"action": "approve", "opinion": "意見", "approved_amount": "1200"},
        )
    )

    assert "核定金額 1,200 元超過上限 1,000 元（補助上限 1,000 元" in page.text("f-approved_amount")


def test_center_may_decide_too(client, reviewing, center):
    application, _reviewer = reviewing
    client.force_login(center)
    client.post(decision_url(application), {"action": "reject", "opinion": "不符規定"})
    application.refresh_from_db()
    assert application.status == workflow.REJECTED


def test_decision_page_without_a_pending_decision_shows_no_form(client, reviewing):
    application, reviewer = reviewing
    Application.objects.filter(pk=application.pk).update(status=workflow.REJECTED)
    client.force_login(reviewer)

    page = Page(client.get(decision_url(application)))

    assert "沒有需要您決定的審查" in page.text("review-decision")
    response = client.post(
        decision_url(application), {"action": "reject", "opinion": "x"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("communities:progress", args=[application.pk])
    assert "此申請目前狀態為「不通過」，不能再執行「不通過」。" in Page(response).visible_text()


def test_an_action_of_another_state_is_refused(client, reviewing):
    application, reviewer = reviewing
    client.force_login(reviewer)

    page = Page(
        client.post(
            decision_url(application),
            {"action": "approve", "opinion": "x", "approved_amount": "10"},
            follow=True,
        )
    )

    assert "此申請目前狀態為「審查中」，不能再執行「複審通過(核定)」。" in page.visible_text()
    application.refresh_from_db()
    assert application.status == workflow.UNDER_REVIEW


@pytest.mark.parametrize(
    ("who", "status_code"),
    [
        ("unassigned_reviewer", 404),
        ("other_school_admin", 404),
        ("convenor", 403),
        ("school_admin", 403),
    ],
)
def test_decision_page_is_only_for_assigned_reviewers_and_the_center(
    client, reviewing, who, status_code
):
    application, _reviewer = reviewing
    people = {
        "unassigned_reviewer": UserFactory(reviewer=True),
        "other_school_admin": UserFactory(school_admin=True),
        "convenor": application.convenor,
        "school_admin": UserFactory(school_admin=True, school=application.school),
    }
    client.force_login(people[who])

    assert client.get(decision_url(application)).status_code == status_code
    response = client.post(decision_url(application), {"action": "reject", "opinion": "x"})
    assert response.status_code == status_code
    application.refresh_from_db()
    assert application.status == workflow.UNDER_REVIEW


def test_decision_page_asks_anonymous_visitors_to_log_in(client, reviewing):
    application, _reviewer = reviewing
    response = client.get(decision_url(application))
    assert response.status_code == 302 and "login" in response["Location"]
