"""退回修正 and 送中心 ask once: the confirmation names the applications, their new status and
who is told; a POST without the confirmation changes nothing; confirmed, it is done once."""

import pytest
from django.urls import reverse

from communities import workflow
from communities.models import Application, Transition
from communities.tests.helpers import Page

from .builders import make_application, upload_signed_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(school):
    return make_application(school=school, name="八年級數學學年社群", convenor_name="曾鼎育")


def _review(application) -> str:
    return reverse("summaries:review", args=[application.pk])


RETURN = {"decision": "return", "comment": "成員人數不足"}


def test_returning_shows_what_will_happen_and_changes_nothing(admin_client, application):
    page = Page(admin_client.post(_review(application), RETURN))

    assert "請確認「退回修正」" in page.text("confirm")
    assert "已送出待學校審核 → 學校退回修正" in page.text("confirm-applications")
    assert "曾鼎育（教師）" in page.text("confirm-told")
    assert "成員人數不足" in page.text("confirm")
    assert Application.objects.get(pk=application.pk).status == workflow.SUBMITTED
    assert not Transition.objects.filter(application=application).exists()


def test_returning_without_a_reason_is_refused_at_its_field_before_asking(
    admin_client, application
):
    page = Page(admin_client.post(_review(application), {"decision": "return", "comment": ""}))

    assert page.by_id("confirm") is None
    assert "退回修正時請填寫退回原因" in page.visible_text()


def test_back_to_edit_keeps_the_reason(admin_client, application):
    page = Page(admin_client.post(_review(application), {**RETURN, "edit": "1"}))

    assert page.by_id("confirm") is None
    assert "成員人數不足" in page.html
    assert Application.objects.get(pk=application.pk).status == workflow.SUBMITTED


def test_confirmed_twice_the_return_is_recorded_once(admin_client, application):
    admin_client.post(_review(application), {**RETURN, "confirm": "1"})
    again = admin_client.post(_review(application), {**RETURN, "confirm": "1"}, follow=True)

    assert Application.objects.get(pk=application.pk).status == workflow.RETURNED
    assert Transition.objects.filter(action="school_return").count() == 1
    assert "不需再次執行" in Page(again).visible_text()


@pytest.fixture
def ready_to_send(program, school, admin):
    applications = [
        make_application(school=school, status=workflow.SCHOOL_ACCEPTED, name=f"待送社群{n}")
        for n in range(4)
    ]
    upload_signed_summary(school=school, program=program, admin=admin)
    return applications


def test_sending_to_the_center_lists_each_application_and_who_is_told(
    admin_client, ready_to_send, center
):
    page = Page(admin_client.get(reverse("summaries:package_submit"), {"year": 109}))

    listed = page.text("confirm-applications")
    for application in ready_to_send:
        assert application.name in listed
    assert "學校已審核待彙整 → 學校已彙整送中心" in listed
    told = page.text("confirm-told")
    assert "林中心（中心承辦）" in told
    assert ready_to_send[0].convenor.name in told


def test_a_post_to_the_center_without_confirmation_sends_nothing(admin_client, ready_to_send):
    response = admin_client.post(reverse("summaries:package_submit"), {"year": 109})

    assert response.status_code == 200
    assert "請確認「送中心」" in Page(response).text("confirm")
    assert not Application.objects.filter(status=workflow.SENT_TO_CENTER).exists()


def test_the_summary_pages_button_opens_the_confirmation(admin_client, ready_to_send):
    page = Page(admin_client.get(reverse("summaries:application_summary")))
    form = page.root.find(
        ".//*[@id='package']//{http://www.w3.org/1999/xhtml}form[@class='actions']"
    )
    assert form.get("method") == "get"
    assert form.get("action") == reverse("summaries:package_submit")
