"""訊息通知: each signed-in person reads their own messages; visitors are sent to login."""

import pytest
from django.urls import reverse

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
        recipient=teacher, event="returned", title="學校退回修正", url=reverse("portal:home")
    )
    html = client.get(reverse("notifications:inbox")).content.decode()
    assert '訊息通知 <span class="badge">1</span>' in html
    response = client.post(reverse("notifications:mark_read", args=[message.pk]))
    assert response["Location"] == reverse("portal:home")
    message.refresh_from_db()
    assert message.read_at is not None
    assert 'class="badge"' not in client.get(reverse("notifications:inbox")).content.decode()


def test_someone_elses_message_cannot_be_marked(client, teacher):
    other = Message.objects.create(recipient=UserFactory(), event="x", title="別人的")
    response = client.post(reverse("notifications:mark_read", args=[other.pk]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_marking_read_needs_post(client, teacher):
    message = Message.objects.create(recipient=teacher, event="x", title="t")
    assert client.get(reverse("notifications:mark_read", args=[message.pk])).status_code == 405


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
