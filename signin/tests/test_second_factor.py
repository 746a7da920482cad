"""兩步驟驗證: required for center staff and reviewers (the admin too), optional for others; TOTP
with recovery codes; the center resets another's second factor. Signed in through the forms."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from people.models import Role
from people.services import user_apply_role
from people.tests.factories import UserFactory
from signin.models import SignInEvent
from signin.testing import totp_code, totp_device

pytestmark = pytest.mark.django_db

Kind = SignInEvent.Kind


def password_sign_in(client, username):
    return client.post(reverse("login"), {"username": username, "password": "pw-123456"})


def center(username="c1"):
    user = UserFactory(username=username, role=Role.CENTER)
    return user_apply_role(user=user)


@pytest.mark.parametrize("role", [Role.CENTER, Role.REVIEWER])
def test_staff_enrol_at_their_first_sign_in(client, role):
    user = UserFactory(username="s1", role=role)
    user_apply_role(user=user)
    password_sign_in(client, "s1")

    home = client.get(reverse("portal:home"))
    assert home.status_code == 302
    assert home.url.startswith(reverse("signin:two_factor"))
    page = client.get(home.url).content.decode()
    assert "設定兩步驟驗證" in page
    assert 'src="data:image/svg+xml' in page  # the QR code, an image the policy allows
    pending = TOTPDevice.objects.get(user=user, confirmed=False)

    wrong = client.post(reverse("signin:two_factor"), {"token": "000000"}).content.decode()
    assert "驗證碼不正確或已過期" in wrong
    pending.throttle_reset()  # django-otp makes the next try wait a second after a failure
    done = client.post(
        reverse("signin:two_factor"), {"token": totp_code(pending), "next": "/"}
    ).content.decode()
    assert "兩步驟驗證已啟用" in done
    codes = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(codes) == 10 and all(code in done for code in codes)
    assert client.get(reverse("portal:home")).status_code == 200
    assert SignInEvent.objects.filter(user=user, kind=Kind.SECOND_FACTOR_ADDED).exists()


def test_a_later_sign_in_asks_for_the_code_or_a_recovery_code(client):
    user = center()
    device = totp_device(user)
    from signin.second_factor import recovery_codes_make

    codes = recovery_codes_make(user=user)
    password_sign_in(client, "c1")
    response = client.get(reverse("center:home"))
    assert response.url.startswith(reverse("signin:two_factor_verify"))

    wrong = client.post(reverse("signin:two_factor_verify"), {"token": "123456"})
    assert "驗證碼不正確或已過期" in wrong.content.decode()
    assert SignInEvent.objects.filter(user=user, kind=Kind.SECOND_FACTOR_FAILED).exists()
    device.throttle_reset()  # django-otp makes the next try wait a second after a failure

    ok = client.post(
        reverse("signin:two_factor_verify"),
        {"token": totp_code(device), "next": reverse("center:home")},
    )
    assert ok.url == reverse("center:home")
    assert client.get(reverse("center:home")).status_code == 200

    other = Client()
    password_sign_in(other, "c1")
    used = other.post(reverse("signin:two_factor_verify"), {"token": codes[0].upper()})
    assert used.status_code == 302
    again = Client()
    password_sign_in(again, "c1")
    refused = again.post(reverse("signin:two_factor_verify"), {"token": codes[0]})
    assert "備用碼已用過" in refused.content.decode()


def test_the_admin_requires_the_second_factor(client):
    user = center()
    totp_device(user)
    password_sign_in(client, "c1")
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("signin:two_factor_verify"))


def test_teachers_are_not_asked_unless_they_turn_it_on(client):
    teacher = UserFactory(username="t1")
    password_sign_in(client, "t1")
    assert client.get(reverse("portal:home")).status_code == 200
    page = client.get(reverse("signin:security")).content.decode()
    assert "尚未啟用" in page

    client.get(reverse("signin:two_factor"))
    pending = TOTPDevice.objects.get(user=teacher, confirmed=False)
    client.post(reverse("signin:two_factor"), {"token": totp_code(pending)})

    later = Client()
    password_sign_in(later, "t1")
    assert later.get(reverse("portal:home")).url.startswith(reverse("signin:two_factor_verify"))
    later.post(reverse("signin:two_factor_verify"), {"token": totp_code(pending)})
    off = later.post(reverse("signin:two_factor_disable"), follow=True)
    assert "已關閉兩步驟驗證" in off.content.decode()
    assert not TOTPDevice.objects.filter(user=teacher).exists()


def test_staff_cannot_turn_it_off(client):
    user = center()
    client.force_login(user)
    client.post(reverse("signin:two_factor_disable"))
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_the_center_resets_another_accounts_second_factor(client):
    admin_user = center("c1")
    reviewer = UserFactory(username="r1", role=Role.REVIEWER)
    reviewer_client = Client()
    reviewer_client.force_login(reviewer)
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:people_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [reviewer.pk, admin_user.pk]},
        follow=True,
    )

    html = response.content.decode()
    assert "已重設 1 個帳號的兩步驟驗證" in html
    assert "不能重設自己的兩步驟驗證" in html
    assert not TOTPDevice.objects.filter(user=reviewer).exists()
    assert TOTPDevice.objects.filter(user=admin_user).exists()
    assert reviewer_client.get(reverse("signin:security")).status_code == 302
    event = SignInEvent.objects.get(user=reviewer, kind=Kind.SECOND_FACTOR_REMOVED)
    assert event.by == admin_user
    # At the next sign-in the reviewer sets it up again.
    password_sign_in(reviewer_client, "r1")
    assert reviewer_client.get(reverse("portal:home")).url.startswith(reverse("signin:two_factor"))
