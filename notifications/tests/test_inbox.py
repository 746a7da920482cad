"""訊息通知: each signed-in person reads their own messages; visitors are sent to login."""

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.tests.helpers import NS, Page
from notifications.models import Message
from people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher(client):
    user = UserFactory(teacher=True)
    client.force_login(user)
    return user


def test_visitor_is_sent_to_login(client):
    response = client.get(reverse("notifications:inbox"))
    assert response["Location"] == f"{reverse('login')}?next={reverse('notifications:inbox')}"


def test_empty_inbox_says_so(client, teacher):
    assert "目前沒有訊息。" in client.get(reverse("notifications:inbox")).content.decode()


def test_unread_count_shows_in_the_menu_until_read(client, teacher):
    message = Message.objects.create(
        recipient=teacher,
        event="application.school_return",
        title="學校退回修正",
        url=reverse("portal:home"),
    )
    html = client.get(reverse("notifications:inbox")).content.decode()
    assert '訊息通知 <span class="badge">1</span>' in html
    response = client.get(reverse("notifications:open", args=[message.pk]))
    assert response["Location"] == reverse("portal:home")
    message.refresh_from_db()
    assert message.read_at is not None
    assert 'class="badge"' not in client.get(reverse("notifications:inbox")).content.decode()


def test_unread_messages_stand_out_and_titles_are_links(client, teacher):
    unread = Message.objects.create(
        recipient=teacher, event="review.assigned", title="新的審查指派"
    )
    read = Message.objects.create(
        recipient=teacher, event="reminder.draft", title="提醒", read_at=timezone.now()
    )
    page = Page(client.get(reverse("notifications:inbox")))

    assert "未讀" in page.text(f"message-{unread.pk}") and "審查" in page.text(
        f"message-{unread.pk}"
    )
    assert "未讀" not in page.text(f"message-{read.pk}")
    assert page.by_id(f"message-{unread.pk}").get("class") == "message unread"
    link = page.by_id(f"message-{unread.pk}").find(".//h:a", NS)
    assert link.get("href") == reverse("notifications:open", args=[unread.pk])


def test_a_message_without_a_page_opens_at_itself_in_the_inbox(client, teacher):
    message = Message.objects.create(recipient=teacher, event="center.message", title="公告")
    response = client.get(reverse("notifications:open", args=[message.pk]))
    assert response["Location"] == f"{reverse('notifications:inbox')}#message-{message.pk}"


def test_a_message_pointing_elsewhere_is_not_followed(client, teacher):
    message = Message.objects.create(
        recipient=teacher, event="x", title="t", url="https://evil.example/phish"
    )
    response = client.get(reverse("notifications:open", args=[message.pk]))
    assert response["Location"].startswith(reverse("notifications:inbox"))


def test_mark_all_read(client, teacher):
    for n in range(3):
        Message.objects.create(recipient=teacher, event="x", title=f"第{n}則")
    other = Message.objects.create(recipient=UserFactory(), event="x", title="別人的")

    response = client.post(reverse("notifications:read_all"), follow=True)

    assert "已將 3 則訊息標為已讀。" in Page(response).visible_text()
    assert not teacher.messages.filter(read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_filter_by_kind_and_unread(client, teacher):
    Message.objects.create(recipient=teacher, event="review.assigned", title="審查來了")
    Message.objects.create(recipient=teacher, event="reminder.draft", title="草稿提醒")
    Message.objects.create(
        recipient=teacher, event="reminder.package", title="已讀提醒", read_at=timezone.now()
    )

    reminders = Page(client.get(reverse("notifications:inbox"), {"kind": "reminder"}))
    unread = Page(client.get(reverse("notifications:inbox"), {"kind": "reminder", "unread": "1"}))

    assert "草稿提醒" in reminders.text("messages") and "已讀提醒" in reminders.text("messages")
    assert "審查來了" not in reminders.text("messages")
    assert "已讀提醒" not in unread.text("messages")


def test_someone_elses_message_cannot_be_opened(client, teacher):
    other = Message.objects.create(recipient=UserFactory(), event="x", title="別人的")
    response = client.get(reverse("notifications:open", args=[other.pk]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_messages_are_read_only_in_the_admin(client):
    root = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(root)
    message = Message.objects.create(recipient=root, event="x", title="已送出")
    assert (
        "已送出" in client.get(reverse("admin:notifications_message_changelist")).content.decode()
    )
    url = reverse("admin:notifications_message_change", args=[message.pk])
    html = client.get(url).content.decode()
    assert 'name="title"' not in html
