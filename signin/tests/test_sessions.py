"""A session ends after its account's idle limit (staff sooner) and when the password changes."""

import time

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from people.models import Role
from people.tests.factories import UserFactory
from signin.middleware import LAST_SEEN

pytestmark = pytest.mark.django_db


def signed_in(username, role=Role.TEACHER) -> Client:
    """Through the login form; staff also pass their second factor (force_login's helper)."""
    client = Client()
    user = UserFactory(username=username, role=role)
    if role in (Role.CENTER, Role.REVIEWER):
        client.force_login(user)
    else:
        client.post(reverse("login"), {"username": username, "password": "pw-123456"})
    return client


def idle_for(client: Client, seconds: int) -> None:
    session = client.session
    session[LAST_SEEN] = int(time.time()) - seconds
    session.save()


@override_settings(SESSION_IDLE_STAFF_SECONDS=7200, SESSION_IDLE_SECONDS=28800)
@pytest.mark.parametrize(
    "role, still_in, signed_out",
    [
        (Role.TEACHER, 7 * 3600, 8 * 3600 + 60),
        (Role.SCHOOL_ADMIN, 7 * 3600, 8 * 3600 + 60),
        (Role.REVIEWER, 3600, 2 * 3600 + 60),
    ],
)
def test_a_session_ends_after_its_roles_idle_time(role, still_in, signed_out):
    client = signed_in("u1", role)
    url = reverse("signin:security")
    idle_for(client, still_in)
    assert client.get(url).status_code == 200

    idle_for(client, signed_out)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    page = client.get(response.url).content.decode()
    assert "已自動登出" in page
    assert client.get(url).status_code == 302


def test_a_request_keeps_the_session_alive_and_sets_its_expiry():
    client = signed_in("t1")
    idle_for(client, 3600)
    client.get(reverse("signin:security"))
    assert time.time() - client.session[LAST_SEEN] < 5
    assert client.session.get_expiry_age() == 8 * 3600


def test_center_staff_have_the_shorter_limit():
    client = signed_in("c1", Role.CENTER)
    client.get(reverse("portal:home"))
    assert client.session.get_expiry_age() == 2 * 3600
