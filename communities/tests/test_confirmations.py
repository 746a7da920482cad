"""送出 asks once: its confirmation says what will happen (the application, its new status, who
is told, from the workflow's table); a POST without the confirmation changes nothing; confirmed,
it is taken once."""

import pytest
from django.urls import reverse

from communities import workflow
from communities.models import Application, Transition
from communities.tests.helpers import Page, form_post_data, form_url, ready_application
from people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(program):
    return ready_application(program)


def _url(application) -> str:
    return reverse("communities:submit", args=[application.pk])


def test_the_confirmation_names_the_application_its_new_status_and_who_is_told(client, ready):
    admin = UserFactory(school_admin=True, school=ready.school, name="林承辦")
    client.force_login(ready.convenor)
    page = Page(client.get(_url(ready)))

    confirm = page.text("confirm")
    assert "請確認「送出」" in confirm
    assert ready.display_name in page.text("confirm-applications")
    assert "申請社群 → 已送出待學校審核" in page.text("confirm-applications")
    told = page.text("confirm-told")
    assert f"{ready.convenor.name}（教師）" in told and f"{admin.name}（學校承辦人）" in told
    assert page.root.find(".//*[@name='confirm'][@value='1']") is not None
    assert Application.objects.get(pk=ready.pk).status == workflow.DRAFT


def test_a_post_without_the_confirmation_changes_nothing(client, ready):
    client.force_login(ready.convenor)
    response = client.post(_url(ready))

    assert response.status_code == 200
    assert "請確認「送出」" in Page(response).text("confirm")
    assert Application.objects.get(pk=ready.pk).status == workflow.DRAFT
    assert not Transition.objects.filter(application=ready).exists()


def test_confirmed_twice_it_is_sent_once(client, ready):
    client.force_login(ready.convenor)
    client.post(_url(ready), {"confirm": "1"})
    again = client.post(_url(ready), {"confirm": "1"}, follow=True)

    assert Application.objects.get(pk=ready.pk).status == workflow.SUBMITTED
    assert Transition.objects.filter(application=ready, action="submit").count() == 1
    assert "不需再次執行" in Page(again).visible_text()


def test_the_progress_pages_button_opens_the_confirmation_without_sending(client, ready):
    client.force_login(ready.convenor)
    page = Page(client.get(reverse("communities:progress", args=[ready.pk])))
    form = page.root.find(".//*[@id='checklist']//{http://www.w3.org/1999/xhtml}form")
    assert form.get("method") == "get" and form.get("action") == _url(ready)


def test_sending_from_the_form_saves_then_asks(client, ready):
    client.force_login(ready.convenor)
    response = client.post(
        form_url(ready), form_post_data(ready, name="改過的名稱", action="submit")
    )

    assert response["Location"] == _url(ready)
    application = Application.objects.get(pk=ready.pk)
    assert application.name == "改過的名稱" and application.status == workflow.DRAFT


def test_with_problems_left_the_confirmation_lists_them_and_offers_no_button(client, program):
    application = ready_application(program)
    Application.objects.filter(pk=application.pk).update(name="")
    client.force_login(application.convenor)
    page = Page(client.get(_url(application)))

    assert "才能送出" in page.text("checklist")
    assert "社群名稱" in page.text("checklist")
    assert page.by_id("confirm") is None
