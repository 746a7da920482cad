"""Signing in and out; each role lands on its own home; repeated failures lock the login."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Everyone lands on 首頁 with their tasks; the center on its dashboard.
HOMES = {
    "teacher": "portal:home",
    "school_admin": "portal:home",
    "reviewer": "portal:home",
    "center": "center:home",
}


def sign_in(client, username: str, password: str = "pw-123456"):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_page_is_in_chinese(client):
    html = client.get(reverse("login")).content.decode()
    assert "帳號" in html and "密碼" in html and "登入" in html


@pytest.mark.parametrize("role", sorted(HOMES))
def test_each_role_lands_on_its_own_home(client, role):
    from signin.second_factor import second_factor_required
    from signin.testing import totp_code, totp_device

    user = UserFactory(username="someone", **{role: True})
    response = sign_in(client, "someone")
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:role_home")
    if second_factor_required(user):
        # Center staff and reviewers give their authenticator's code first.
        asked = client.get(response["Location"])
        assert asked["Location"].startswith(reverse("signin:two_factor"))
        device = totp_device(user)
        response = client.post(
            reverse("signin:two_factor_verify"),
            {"token": totp_code(device), "next": reverse("portal:role_home")},
        )
    landing = client.get(response["Location"])
    assert landing.status_code == 302
    assert landing["Location"] == reverse(HOMES[role])


def test_role_home_needs_a_signed_in_user(client):
    response = client.get(reverse("portal:role_home"))
    assert response["Location"].startswith(reverse("login"))


def test_wrong_password_is_refused_with_a_chinese_message(client):
    UserFactory(username="t1")
    response = sign_in(client, "t1", "wrong-password")
    assert response.status_code == 200
    assert "輸入正確的 帳號 和密碼" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_signs_out_and_returns_home(client):
    UserFactory(username="t1")
    sign_in(client, "t1")
    assert "_auth_user_id" in client.session
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("portal:functions")).status_code == 302


def test_the_header_offers_logout_to_a_signed_in_user(client):
    UserFactory(username="t1", name="曾鼎育")
    sign_in(client, "t1")
    html = client.get(reverse("portal:home")).content.decode()
    assert "曾鼎育" in html and "登出" in html
    assert f'action="{reverse("logout")}"' in html


def test_repeated_failures_lock_the_login_even_for_the_right_password(client):
    UserFactory(username="t1")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "t1", "wrong-password")
    response = sign_in(client, "t1")
    html = response.content.decode()
    assert "登入失敗次數過多，此帳號已暫時鎖定" in html
    assert "_auth_user_id" not in client.session


def test_failures_below_the_limit_do_not_lock(client):
    UserFactory(username="t1")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "t1", "wrong-password")
    response = sign_in(client, "t1")
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_lockout_of_one_account_leaves_others_alone(client):
    UserFactory(username="t1")
    UserFactory(username="t2")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "t1", "wrong-password")
    assert sign_in(client, "t2").status_code == 302


# Behind a reverse proxy every request connects from the proxy's address.
PROXY = "10.0.0.2"


def sign_in_from(client, username: str, password: str, *, forwarded_for: str):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_trusted_proxy_a_lockout_stays_with_the_attackers_address(client):
    UserFactory(username="t1")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in_from(client, "t1", "wrong-password", forwarded_for="203.0.113.7")

    locked = sign_in_from(client, "t1", "pw-123456", forwarded_for="203.0.113.7")
    assert "登入失敗次數過多，此帳號已暫時鎖定" in locked.content.decode()

    owner = Client()
    response = sign_in_from(owner, "t1", "pw-123456", forwarded_for="198.51.100.20")
    assert response["Location"] == reverse("portal:role_home")
    assert "_auth_user_id" in owner.session
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_trusted_proxy_a_made_up_header_entry_does_not_dodge_the_lockout(client):
    """The proxy appends the real address; whatever the client put in front of it is ignored."""
    UserFactory(username="t1")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in_from(client, "t1", "wrong-password", forwarded_for=f"1.2.3.{attempt}, 203.0.113.7")

    response = sign_in_from(client, "t1", "pw-123456", forwarded_for="9.9.9.9, 203.0.113.7")
    assert "登入失敗次數過多，此帳號已暫時鎖定" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_trusted_proxies_the_forwarded_header_is_not_believed(client):
    UserFactory(username="t1")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in_from(client, "t1", "wrong-password", forwarded_for=f"203.0.113.{attempt}")

    # A new made-up address does not get past the lock on the connecting address.
    response = sign_in_from(client, "t1", "pw-123456", forwarded_for="198.51.100.20")
    assert "登入失敗次數過多，此帳號已暫時鎖定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get().ip_address == PROXY
