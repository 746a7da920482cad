"""郵件寄送狀況: the center sees mail that has not gone out and sends it again; no one else may."""

import pytest
from django.conf import settings
from django.core import mail as django_mail
from django.test import override_settings
from django.urls import reverse
from post_office.models import STATUS, Email

from notifications.services import notify
from people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OUTBOX = reverse("notifications:outbox")
RESEND_FAILED = reverse("notifications:outbox_resend_failed")


@pytest.fixture
def center(client):
    user = UserFactory(center=True)
    client.force_login(user)
    return user


@pytest.fixture
def given_up(smtp_server, send_outbox):
    """Send with the mail server down and no retries left, as after the last retry."""

    def make(address: str, title: str) -> Email:
        notify(event="x", recipients=[UserFactory(email=address)], title=title)
        with override_settings(POST_OFFICE={**settings.POST_OFFICE, "MAX_RETRIES": 0}):
            send_outbox()
        return Email.objects.get(to=address)

    return make


def row(html: str, email: Email) -> str:
    return html.split(f'id="mail-{email.pk}"', 1)[1].split("</tr>", 1)[0]


def test_a_failed_mail_is_listed_with_recipient_subject_error_and_attempts(
    client, center, given_up
):
    email = given_up("teacher1@example.tw", "社群申請狀態通知：學校退回修正")

    html = client.get(OUTBOX).content.decode()

    cells = row(html, email)
    assert "寄送失敗" in cells
    assert "teacher1@example.tw" in cells
    assert "社群申請狀態通知：學校退回修正" in cells
    assert "ConnectionRefusedError：" in cells
    assert '<td class="num">1</td>' in cells
    assert "重新寄送</button>" in cells
    assert "寄送失敗 1 封 · 等待重試 0 封 · 等待寄送 0 封" in html
    assert "全部寄送失敗的郵件重新寄送（1 封）" in html


def test_queued_mail_is_listed_as_waiting_and_sent_mail_is_not_listed(client, center):
    notify(event="x", recipients=[UserFactory(email="new@example.tw")], title="等待中的信")
    Email.objects.create(
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=["done@example.tw"],
        subject="已寄出的信",
        status=STATUS.sent,
    )

    html = client.get(OUTBOX).content.decode()

    queued = Email.objects.get(subject="等待中的信")
    cells = row(html, queued)
    assert "等待寄送" in cells and "下次寄送時" in cells
    assert "重新寄送" not in cells  # it goes out at the next run anyway
    assert "已寄出的信" not in html
    assert "全部寄送失敗的郵件重新寄送" not in html


def test_an_empty_outbox_says_everything_was_sent_and_how_failures_are_retried(client, center):
    html = client.get(OUTBOX).content.decode()

    assert "所有郵件都已寄出。" in html
    assert "寄送失敗會間隔 5、10、20、40、80 分鐘再試" in html


def test_resending_one_mail_queues_it_and_the_sender_delivers_it(
    client, center, given_up, send_outbox, smtp_server
):
    email = given_up("teacher1@example.tw", "第一封")
    other = given_up("teacher2@example.tw", "第二封")

    response = client.post(reverse("notifications:outbox_resend", args=[email.pk]), follow=True)

    assert "已重新排入寄送佇列，將於下次寄送時寄出。" in response.content.decode()
    email.refresh_from_db()
    other.refresh_from_db()
    assert (email.status, email.number_of_retries) == (STATUS.queued, 0)
    assert other.status == STATUS.failed
    smtp_server.start()
    send_outbox()
    assert [message.rcpt_tos for message in smtp_server.messages] == [["teacher1@example.tw"]]


def test_resending_all_failed_mail_queues_each_of_them(client, center, given_up):
    given_up("teacher1@example.tw", "第一封")
    given_up("teacher2@example.tw", "第二封")

    response = client.post(RESEND_FAILED, follow=True)

    html = response.content.decode()
    assert "已將 2 封寄送失敗的郵件重新排入寄送佇列" in html
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.queued}
    assert "寄送失敗 0 封 · 等待重試 0 封 · 等待寄送 2 封" in html


def test_resending_a_mail_already_sent_changes_nothing(client, center):
    sent = Email.objects.create(
        from_email=settings.DEFAULT_FROM_EMAIL, to=["a@example.tw"], status=STATUS.sent
    )

    response = client.post(reverse("notifications:outbox_resend", args=[sent.pk]), follow=True)

    assert "這封郵件已寄出或已在佇列中" in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == STATUS.sent
    assert django_mail.outbox == []


def test_resending_needs_post(client, center, given_up):
    email = given_up("teacher1@example.tw", "第一封")

    assert client.get(reverse("notifications:outbox_resend", args=[email.pk])).status_code == 405
    assert client.get(RESEND_FAILED).status_code == 405
    email.refresh_from_db()
    assert email.status == STATUS.failed


@pytest.mark.parametrize("role", ["teacher", "school_admin", "reviewer"])
def test_other_roles_may_neither_see_nor_resend(client, given_up, role):
    email = given_up("teacher1@example.tw", "第一封")
    client.force_login(UserFactory(**{role: True}))

    page = client.get(OUTBOX)
    assert page.status_code == 403
    assert "您的帳號無權使用此頁面。" in page.content.decode()
    assert "teacher1@example.tw" not in page.content.decode()
    for url in [reverse("notifications:outbox_resend", args=[email.pk]), RESEND_FAILED]:
        assert client.post(url).status_code == 403
    email.refresh_from_db()
    assert email.status == STATUS.failed


@pytest.mark.parametrize(
    "url", [OUTBOX, RESEND_FAILED, reverse("notifications:outbox_resend", args=[1])]
)
def test_visitors_are_sent_to_login(client, url):
    response = client.post(url) if url != OUTBOX else client.get(url)
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_the_center_home_links_to_the_outbox_with_the_failed_count(client, center, given_up):
    assert (
        f'href="{OUTBOX}">郵件寄送狀況</a>' in client.get(reverse("center:home")).content.decode()
    )

    given_up("teacher1@example.tw", "第一封")

    html = client.get(reverse("center:home")).content.decode()
    assert f'href="{OUTBOX}">郵件寄送狀況 <span class="badge">1</span></a>' in html
