"""The center's own e-mail to the convenors or the schools of a filtered list: confirmed once,
sent once, to exactly the people the filter names."""

import pytest
from django.urls import reverse
from post_office.models import Email

from center.models import CenterMessage
from communities import workflow
from communities.tests.helpers import Page
from notifications.models import Message
from people.tests.factories import UserFactory
from testsupport.flow import application_in, complete_application

pytestmark = pytest.mark.django_db

URL = reverse("center:message")


@pytest.fixture
def center_client(client):
    client.force_login(UserFactory(center=True))
    return client


@pytest.fixture
def applications(program):
    sent = application_in(workflow.SENT_TO_CENTER, program, name="已送中心社群")
    draft = complete_application(program, name="草稿社群")
    return sent, draft


def test_the_page_states_the_filter_and_how_many_each_audience_is(center_client, applications):
    page = Page(center_client.get(URL, {"status": "sent_to_center"}))

    assert "109學年度；狀態：學校已彙整送中心" in page.text("criteria")
    assert "召集人（1 人）" in page.text("f-audience")


def test_the_message_is_confirmed_then_sent_to_the_filtered_convenors_once(
    center_client, applications
):
    sent, draft = applications
    compose = Page(center_client.get(URL, {"status": "sent_to_center"}))
    data = {
        "status": "sent_to_center",
        "audience": "convenors",
        "subject": "請留意審查時程",
        "body": "各位召集人好，審查將於下週開始。",
        "token": compose.value("token"),
    }

    confirm = Page(center_client.post(URL, {**data, "step": "confirm"}))
    assert "請確認後寄出" in confirm.text("confirm") and "審查將於下週開始" in confirm.text(
        "confirm"
    )
    assert not Message.objects.filter(event="center.message").exists()

    done = center_client.post(URL, {**data, "step": "send"}, follow=True)
    again = center_client.post(URL, {**data, "step": "send"}, follow=True)

    assert "已寄出通知信「請留意審查時程」給 1 人。" in Page(done).visible_text()
    assert "未重複寄送" in Page(again).visible_text()
    told = Message.objects.filter(event="center.message")
    assert [m.recipient for m in told] == [sent.convenor]
    assert Email.objects.filter(to=[sent.convenor.email], subject="請留意審查時程").count() == 1
    assert CenterMessage.objects.get().recipient_count == 1


def test_the_schools_of_the_list_are_its_admins(center_client, applications, program):
    sent, draft = applications
    admin = UserFactory(school_admin=True, school=draft.school)
    token = Page(center_client.get(URL)).value("token")

    center_client.post(
        URL,
        {
            "q": "草稿",
            "audience": "schools",
            "subject": "請完成送出",
            "body": "本校尚有草稿。",
            "token": token,
            "step": "send",
        },
    )

    assert [m.recipient for m in Message.objects.filter(event="center.message")] == [admin]


def test_a_missing_subject_is_said_at_its_field_and_the_text_kept(center_client, applications):
    token = Page(center_client.get(URL)).value("token")

    page = Page(
        center_client.post(
            URL, {"audience": "convenors", "body": "內容還在", "token": token, "step": "confirm"}
        )
    )

    assert "請填寫主旨。" in page.text("f-subject")
    assert "內容還在" in page.text("f-body")


@pytest.mark.parametrize("role", ["teacher", "school_admin", "reviewer"])
def test_only_the_center_writes_to_people(client, applications, role):
    client.force_login(UserFactory(**{role: True}))
    assert client.get(URL).status_code == 403


def test_a_link_naming_no_school_writes_to_nobody_and_leads_back_to_the_list(
    center_client, applications
):
    response = center_client.get(URL, {"school": "不存在的學校", "status": "sent_to_center"})

    assert response.status_code == 302
    page = Page(center_client.get(response["Location"]))
    assert "篩選條件有誤，請修正後再寄通知信。" in page.visible_text()
    assert "找不到符合的學校" in page.text("f-school")
    assert page.value("school") == "不存在的學校"


def test_a_text_posted_with_a_wrong_filter_is_not_sent_and_is_kept(center_client, applications):
    token = Page(center_client.get(URL)).value("token")
    emails = Email.objects.count()
    data = {
        "school": "不存在的學校",
        "audience": "convenors",
        "subject": "主旨還在",
        "body": "內容還在",
        "token": token,
    }

    for step in ("confirm", "send"):
        response = center_client.post(URL, {**data, "step": step})
        page = Page(response)
        assert response.status_code == 400
        assert "篩選條件有誤，通知信未寄出" in page.visible_text()
        assert page.value("subject") == "主旨還在" and "內容還在" in page.text("f-body")
        assert page.value("school") == "不存在的學校"  # posted again, refused again

    assert not CenterMessage.objects.exists()
    assert not Message.objects.filter(event="center.message").exists()
    assert Email.objects.count() == emails
