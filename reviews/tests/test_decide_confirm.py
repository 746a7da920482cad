"""A stage result asks once on 審查結果: the confirmation names the application, its new status,
who is told (the workflow action's notify roles) and, for 複審通過(核定), the 核定金額; a POST
without the confirmation records nothing; confirmed twice, it is recorded once."""

import pytest

from communities import workflow
from communities.models import Application, Transition
from communities.tests.helpers import Page
from people.tests.factories import UserFactory
from reviews.selectors import approval_cap
from reviews.tests.helpers import decide_url
from reviews.tests.test_decisions import reviewed
from testsupport.flow import school_admin_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def center(client):
    staff = UserFactory(center=True)
    client.force_login(staff)
    return staff


def test_the_confirmation_says_what_the_result_will_do(client, program, center):
    application = reviewed(program, workflow.UNDER_REVIEW)
    admin = school_admin_of(application)
    page = Page(
        client.post(decide_url(application), {"action": "first_return", "comment": "請補充"})
    )

    assert "請確認「初審退回修正」" in page.text("confirm")
    assert "審查中 → 初審退回修正" in page.text("confirm-applications")
    told = page.text("confirm-told")
    assert application.convenor.name in told and admin.name in told
    assert "請補充" in page.text("confirm")
    assert Application.objects.get(pk=application.pk).status == workflow.UNDER_REVIEW
    assert not Transition.objects.filter(application=application, action="first_return").exists()


def test_approval_shows_the_amount_and_confirmed_twice_is_recorded_once(client, program, center):
    application = reviewed(program, workflow.FIRST_PASSED)
    cap, _ceiling, _requested = approval_cap(application=application)
    data = {"action": "approve", "comment": "核定", "approved_amount": cap}

    page = Page(client.post(decide_url(application), data))
    assert f"核定金額：{cap:,} 元" in page.text("confirm")
    assert Application.objects.get(pk=application.pk).status == workflow.FIRST_PASSED

    client.post(decide_url(application), {**data, "confirm": "1"})
    again = client.post(decide_url(application), {**data, "confirm": "1"}, follow=True)
    application.refresh_from_db()
    assert application.status == workflow.APPROVED and application.approved_amount == cap
    assert Transition.objects.filter(application=application, action="approve").count() == 1
    assert "不需再次執行" in Page(again).visible_text()


def test_a_missing_reason_is_shown_at_its_field_instead_of_a_confirmation(client, program, center):
    application = reviewed(program, workflow.UNDER_REVIEW)
    page = Page(client.post(decide_url(application), {"action": "reject", "comment": ""}))

    assert page.by_id("confirm") is None
    assert "「不通過」請填寫意見，說明原因。" in page.text("f-comment")


def test_back_to_edit_keeps_the_choice(client, program, center):
    application = reviewed(program, workflow.UNDER_REVIEW)
    page = Page(
        client.post(decide_url(application), {"action": "first_pass", "comment": "好", "edit": "1"})
    )

    assert page.by_id("confirm") is None
    assert "好" in page.text("f-comment")
    assert Application.objects.get(pk=application.pk).status == workflow.UNDER_REVIEW
