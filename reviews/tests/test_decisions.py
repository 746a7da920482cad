"""Every stage result the center records, through the workflow: allowed from its state by the
center (history row, audit row, mails queued to the convenor and the school), refused for any
other role and from any other state (nothing written, nobody told)."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from post_office.models import Email

from communities import workflow
from communities.models import Application, Transition
from communities.tests.helpers import Page
from people.tests.factories import UserFactory
from reviews.selectors import approval_cap
from reviews.services import review_assign, review_decide
from reviews.tests.helpers import decide_url
from testsupport.flow import application_in, school_admin_of, submit_review
from testsupport.shared import open_program, shared_data

pytestmark = pytest.mark.django_db

# (state, action, state reached)
ALLOWED = [
    (workflow.UNDER_REVIEW, "first_pass", workflow.FIRST_PASSED),
    (workflow.UNDER_REVIEW, "first_return", workflow.FIRST_RETURNED),
    (workflow.UNDER_REVIEW, "reject", workflow.REJECTED),
    (workflow.FIRST_PASSED, "approve", workflow.APPROVED),
    (workflow.FIRST_PASSED, "reject", workflow.REJECTED),
]
LABELS = {
    workflow.FIRST_PASSED: "初審通過俟複審通過後執行並填寫成果報告書",
    workflow.FIRST_RETURNED: "初審退回修正",
    workflow.REJECTED: "不通過",
    workflow.APPROVED: "複審通過(核定)",
}


def reviewed(program, state: str) -> Application:
    """An application in ``state`` whose open stage has a submitted review."""
    application = application_in(state, program)
    if state == workflow.UNDER_REVIEW:
        reviewer = application.review_assignments.get().reviewer
    else:
        reviewer = UserFactory(reviewer=True)
        review_assign(applications=[application], reviewers=[reviewer], by=UserFactory(center=True))
    cap, _ceiling, _requested = approval_cap(application=application)
    submit_review(application, reviewer, amount=cap if state == workflow.FIRST_PASSED else None)
    return Application.objects.get(pk=application.pk)


@pytest.fixture(scope="module")
def cases(django_db_setup, django_db_blocker):
    """One application of each kind the module's tests act on, built once for the module (every
    test here takes its applications from it; each test's changes are rolled back after it)."""
    with shared_data(django_db_blocker):
        program = open_program()
        made = {
            ("reviewed", state): reviewed(program, state)
            for state in (workflow.UNDER_REVIEW, workflow.FIRST_PASSED)
        }
        for state in dict.fromkeys(state for state, _action in WRONG_STATE):
            made["in", state] = application_in(state, program)
        yield {key: application.pk for key, application in made.items()}


@pytest.fixture
def case(cases, program):
    """case("reviewed", state): the application in ``state`` whose open stage has a submitted
    review; case("in", state): the one taken to ``state`` only; as they are in the database."""
    return lambda kind, state: Application.objects.get(pk=cases[kind, state])


def decision_data(application, action: str) -> dict:
    cap, _ceiling, _requested = approval_cap(application=application)
    return {
        "action": action,
        "comment": "依委員意見決定。",
        "approved_amount": cap if action == "approve" else None,
    }


def status_log(application) -> list:
    return [
        entry.changes_dict.get("status")
        for entry in LogEntry.objects.get_for_object(application)
        if "status" in entry.changes_dict
    ]


@pytest.mark.audit
@pytest.mark.parametrize(("state", "action", "reached"), ALLOWED)
def test_the_center_records_the_result(client, case, state, action, reached):
    application = case("reviewed", state)
    center = UserFactory(center=True)
    admin = school_admin_of(application)
    mails_before = set(Email.objects.values_list("pk", flat=True))
    client.force_login(center)

    response = client.post(
        decide_url(application),
        {
            **{k: v for k, v in decision_data(application, action).items() if v is not None},
            "confirm": "1",
        },
        follow=True,
    )

    application.refresh_from_db()
    assert application.status == reached
    assert f"已記錄審查結果，狀態為「{LABELS[reached]}」。" in Page(response).visible_text()
    transition = Transition.objects.get(application=application, action=action)
    assert (transition.from_status, transition.to_status, transition.by) == (state, reached, center)
    assert transition.comment == "依委員意見決定。" == application.review_comment
    assert [state, reached] in status_log(application)
    entry = next(
        e
        for e in LogEntry.objects.get_for_object(application)
        if e.changes_dict.get("status") == [state, reached]
    )
    assert entry.actor == center
    new_mails = Email.objects.exclude(pk__in=mails_before)
    assert {address for mail in new_mails for address in mail.to} == {
        application.convenor.email,
        admin.email,
    }
    assert all(LABELS[reached] in mail.subject for mail in new_mails)
    assert all("依委員意見決定。" in mail.message for mail in new_mails)
    if action == "approve":
        cap, _ceiling, _requested = approval_cap(application=application)
        assert application.approved_amount == cap


@pytest.mark.parametrize(("state", "action", "reached"), ALLOWED)
@pytest.mark.parametrize("who", ["convenor", "school_admin", "reviewer"])
def test_no_other_role_records_a_result(case, state, action, reached, who):
    application = case("reviewed", state)
    person = {
        "convenor": lambda: application.convenor,
        "school_admin": lambda: school_admin_of(application),
        "reviewer": lambda: application.review_assignments.last().reviewer,
    }[who]()
    mails_before = Email.objects.count()
    log_before = LogEntry.objects.count()

    with pytest.raises(PermissionDenied):
        review_decide(by=person, application=application, **decision_data(application, action))

    assert Application.objects.get(pk=application.pk).status == state
    assert not Transition.objects.filter(application=application, action=action).exists()
    assert Email.objects.count() == mails_before and LogEntry.objects.count() == log_before


@pytest.mark.parametrize("who", ["teacher", "school_admin", "reviewer"])
def test_the_decide_page_refuses_other_roles(client, case, who):
    application = case("reviewed", workflow.UNDER_REVIEW)
    person = {
        "teacher": application.convenor,
        "school_admin": school_admin_of(application),
        "reviewer": application.review_assignments.get().reviewer,
    }[who]
    client.force_login(person)

    response = client.post(decide_url(application), {"action": "first_pass", "comment": "x"})

    assert response.status_code == 403
    assert Application.objects.get(pk=application.pk).status == workflow.UNDER_REVIEW


# (state, action): a result that does not leave the state.
WRONG_STATE = [
    (workflow.SENT_TO_CENTER, "first_pass"),
    (workflow.SENT_TO_CENTER, "reject"),
    (workflow.FIRST_PASSED, "first_pass"),
    (workflow.FIRST_PASSED, "first_return"),
    (workflow.UNDER_REVIEW, "approve"),
    (workflow.APPROVED, "approve"),
    (workflow.REJECTED, "reject"),
    (workflow.FIRST_RETURNED, "first_pass"),
]


@pytest.mark.parametrize(("state", "action"), WRONG_STATE)
def test_a_result_is_refused_from_a_state_it_does_not_leave(case, state, action):
    application = case("in", state)
    center = UserFactory(center=True)
    transitions = Transition.objects.filter(application=application).count()
    mails_before = Email.objects.count()
    log_before = LogEntry.objects.count()

    with pytest.raises(workflow.ActionUnavailable) as refused:
        review_decide(by=center, application=application, **decision_data(application, action))

    label = workflow.WORKFLOW[state].label
    assert (
        f"目前狀態為「{label}」" in refused.value.message or "不需再次執行" in refused.value.message
    )
    assert Application.objects.get(pk=application.pk).status == state
    assert Transition.objects.filter(application=application).count() == transitions
    assert Email.objects.count() == mails_before and LogEntry.objects.count() == log_before


def test_the_decide_page_offers_only_the_results_of_the_state(client, case):
    center = UserFactory(center=True)
    client.force_login(center)
    first = case("reviewed", workflow.UNDER_REVIEW)
    second = case("reviewed", workflow.FIRST_PASSED)
    sent = case("in", workflow.SENT_TO_CENTER)

    assert Page(client.get(decide_url(first))).checked("action") == set()
    text = Page(client.get(decide_url(first))).text("f-action")
    assert "初審通過" in text and "初審退回修正" in text and "不通過" in text
    assert "複審通過(核定)" not in text
    text = Page(client.get(decide_url(second))).text("f-action")
    assert "複審通過(核定)" in text and "初審通過" not in text
    page = Page(client.get(decide_url(sent)))
    assert "沒有待決定的審查結果" in page.text("review-decision")
    response = client.post(decide_url(sent), {"action": "first_pass", "comment": "x"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("communities:progress", args=[sent.pk])
    assert "不能再執行「初審通過」" in Page(response).visible_text()
