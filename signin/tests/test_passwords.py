"""忘記密碼 through the outbox, 變更密碼 with Django's validators in Chinese, and the center's
強制重設密碼: what each does to the account's sessions and the audit."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from post_office.models import STATUS, Email

from people.models import Role
from people.tests.factories import UserFactory
from signin.models import SignInEvent

pytestmark = pytest.mark.django_db

Kind = SignInEvent.Kind


def sign_in(client, username, password="pw-123456"):
    return client.post(reverse("login"), {"username": username, "password": password})


def reset_link(email: Email) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/password/reset/[^\s]+/)", email.message)
    assert match, email.message
    return match.group(1)


def test_login_page_links_to_forgotten_password(client):
    html = client.get(reverse("login")).content.decode()
    assert reverse("signin:password_reset") in html
    assert "忘記密碼" in html


def test_forgotten_password_queues_a_mail_whose_link_sets_a_new_password(client):
    teacher = UserFactory(username="t1", email="t1@example.tw")
    other = Client()
    sign_in(other, "t1")

    response = client.post(reverse("signin:password_reset"), {"email": "T1@example.tw"})

    assert response.status_code == 302
    assert response.url == reverse("signin:password_reset_sent")
    email = Email.objects.get(to=["t1@example.tw"])
    assert email.status == STATUS.queued  # the outbox sends it, not the request
    assert "重設密碼" in email.subject
    link = reset_link(email)
    page = client.get(link, follow=True)
    assert "設定新密碼" in page.content.decode()
    done = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "Tainan-plc-2020", "new_password2": "Tainan-plc-2020"},
    )
    assert done.url == reverse("signin:password_reset_complete")
    teacher.refresh_from_db()
    assert teacher.check_password("Tainan-plc-2020")
    # The session signed in before the reset is over.
    assert other.get(reverse("signin:security")).status_code == 302
    kinds = set(SignInEvent.objects.filter(user=teacher).values_list("kind", flat=True))
    assert Kind.PASSWORD_RESET in kinds
    # The link works once.
    again = client.get(link, follow=True).content.decode()
    assert "這個重設連結已失效" in again


def test_unknown_address_gets_the_same_answer_and_no_mail(client):
    response = client.post(reverse("signin:password_reset"), {"email": "nobody@example.tw"})
    assert response.url == reverse("signin:password_reset_sent")
    assert not Email.objects.exists()


def test_a_wrong_address_is_told_at_its_field_and_kept(client):
    html = client.post(reverse("signin:password_reset"), {"email": "t1@"}).content.decode()
    assert "請輸入正確的電子郵件" in html
    assert 'value="t1@"' in html


def test_password_change_checks_the_rules_in_chinese_and_keeps_this_session(client):
    teacher = UserFactory(username="t1")
    other = Client()
    sign_in(other, "t1")
    sign_in(client, "t1")
    url = reverse("signin:password_change")

    short = client.post(
        url, {"old_password": "pw-123456", "new_password1": "12", "new_password2": "12"}
    ).content.decode()
    assert "密碼太短，必須至少 8 個字元" in short
    assert "這個密碼只包含數字" in short
    wrong_old = client.post(
        url,
        {"old_password": "nope", "new_password1": "Tainan-2020x", "new_password2": "Tainan-2020x"},
    ).content.decode()
    assert "舊密碼不正確" in wrong_old

    done = client.post(
        url,
        {
            "old_password": "pw-123456",
            "new_password1": "Tainan-2020x",
            "new_password2": "Tainan-2020x",
        },
        follow=True,
    )
    assert "密碼已變更" in done.content.decode()
    teacher.refresh_from_db()
    assert teacher.check_password("Tainan-2020x")
    assert client.get(reverse("signin:security")).status_code == 200
    assert other.get(reverse("signin:security")).status_code == 302
    assert SignInEvent.objects.filter(user=teacher, kind=Kind.PASSWORD_CHANGED).exists()


def test_center_forces_a_reset_from_the_admin(client):
    center = UserFactory(username="center", role=Role.CENTER)
    from people.services import user_apply_role

    user_apply_role(user=center)
    teacher = UserFactory(username="t1", email="t1@example.tw")
    teacher_client = Client()
    sign_in(teacher_client, "t1")
    client.force_login(center)

    response = client.post(
        reverse("admin:people_user_changelist"),
        {"action": "force_password_reset", "_selected_action": [teacher.pk]},
        follow=True,
    )

    assert "已停用 1 個帳號的舊密碼並寄出重設連結" in response.content.decode()
    teacher.refresh_from_db()
    assert not teacher.check_password("pw-123456")
    assert Email.objects.filter(to=["t1@example.tw"], status=STATUS.queued).exists()
    assert teacher_client.get(reverse("signin:security")).status_code == 302
    event = SignInEvent.objects.get(user=teacher, kind=Kind.PASSWORD_RESET_FORCED)
    assert event.by == center


def test_sign_in_and_failed_sign_in_are_recorded(client):
    teacher = UserFactory(username="t1")
    sign_in(client, "t1", "wrong")
    sign_in(client, "ghost", "wrong")
    sign_in(client, "t1")
    rows = list(SignInEvent.objects.order_by("pk").values_list("kind", "username", "user"))
    assert rows == [
        (Kind.SIGN_IN_FAILED, "t1", teacher.pk),
        (Kind.SIGN_IN_FAILED, "ghost", None),
        (Kind.SIGNED_IN, "t1", teacher.pk),
    ]
    assert SignInEvent.objects.filter(kind=Kind.SIGNED_IN).get().address == "127.0.0.1"


def test_sign_out_everywhere_ends_every_session(client):
    UserFactory(username="t1")
    phone = Client()
    sign_in(phone, "t1")
    sign_in(client, "t1")
    response = client.post(reverse("signin:sign_out_everywhere"), follow=True)
    assert "已登出所有裝置" in response.content.decode()
    assert phone.get(reverse("signin:security")).status_code == 302
    assert client.get(reverse("signin:security")).status_code == 302
    assert (
        not Session.objects.filter(expire_date__isnull=False)
        .exclude(session_data="")
        .filter(pk__in=[])
        .exists()
    )


def test_role_change_is_recorded(client):
    teacher = UserFactory(username="t1")
    teacher.role = Role.REVIEWER
    teacher.save()
    event = SignInEvent.objects.get(kind=Kind.ROLE_CHANGED)
    assert event.user == teacher
    assert "教師 → 審查委員" in event.detail
