"""E-mail is queued with the change it reports and sent later by `manage.py send_outbox`, which
retries a failure with growing waits and then marks it failed for the center to resend."""

import socket
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail as django_mail
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from post_office.lockfile import FileLock
from post_office.models import PRIORITY, STATUS, Email

from config.settings import base as base_settings
from notifications.models import Message
from notifications.services import notify
from people.tests.factories import UserFactory

RETRY_INTERVAL = settings.POST_OFFICE["RETRY_INTERVAL"]
MAX_RETRIES = settings.POST_OFFICE["MAX_RETRIES"]


def notify_teacher(teacher, **kwargs):
    defaults = {
        "event": "application.school_return",
        "recipients": [teacher],
        "title": "社群申請狀態通知：學校退回修正",
        "body": "社群「數學共備」狀態變更為「學校退回修正」。",
        "url": "/community/1/progress/",
    }
    notify(**{**defaults, **kwargs})


def make_due():
    """The retry's wait is over."""
    Email.objects.filter(status=STATUS.requeued).update(
        scheduled_time=timezone.now() - timedelta(seconds=1)
    )


@pytest.mark.django_db
def test_notify_queues_the_mail_and_sends_nothing_until_the_sender_runs(send_outbox):
    teacher = UserFactory(email="teacher1@example.tw")

    with transaction.atomic():
        notify_teacher(teacher)

    email = Email.objects.get()
    assert (email.status, email.priority) == (STATUS.queued, PRIORITY.medium)
    assert email.to == ["teacher1@example.tw"]
    assert django_mail.outbox == []

    assert "寄出 1 封" in send_outbox()

    [sent] = django_mail.outbox
    assert sent.to == ["teacher1@example.tw"]
    assert sent.subject == "社群申請狀態通知：學校退回修正"
    assert sent.body == "社群「數學共備」狀態變更為「學校退回修正」。\n\n/community/1/progress/"
    assert sent.from_email == settings.DEFAULT_FROM_EMAIL
    email.refresh_from_db()
    assert email.status == STATUS.sent


@pytest.mark.django_db
def test_no_mail_is_queued_when_the_change_is_rolled_back():
    teacher = UserFactory(email="teacher1@example.tw")

    with pytest.raises(RuntimeError), transaction.atomic():
        notify_teacher(teacher)
        raise RuntimeError("the status change failed")

    assert not Email.objects.exists()
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_each_address_gets_its_own_mail_and_an_account_without_one_only_the_message(send_outbox):
    with_mail = UserFactory(email="a@example.tw")
    without_mail = UserFactory(email="")
    bad_mail = UserFactory(email="not an address")

    notify_teacher(with_mail, recipients=[with_mail, without_mail, bad_mail, with_mail])
    send_outbox()

    assert [sent.to for sent in django_mail.outbox] == [["a@example.tw"]]
    assert Message.objects.filter(recipient__in=[with_mail, without_mail, bad_mail]).count() == 3


@pytest.mark.django_db
def test_a_comment_that_looks_like_template_code_is_sent_as_written(send_outbox):
    teacher = UserFactory(email="teacher1@example.tw")
    text = "意見：請補 {{ 經費 }} 與 {% 附件 %}"

    notify_teacher(teacher, title="退回 {{ x }}", body=text)
    send_outbox()

    [sent] = django_mail.outbox
    assert sent.subject == "退回 {{ x }}"
    assert sent.body.startswith(text)


@pytest.mark.django_db
def test_mail_sent_the_django_way_is_queued_too(send_outbox, settings):
    # The test runner swaps EMAIL_BACKEND for its own; put back the project's.
    settings.EMAIL_BACKEND = base_settings.EMAIL_BACKEND
    django_mail.send_mail("密碼重設", "請點選連結", None, ["teacher1@example.tw"])

    assert Email.objects.get().status == STATUS.queued
    assert django_mail.outbox == []
    send_outbox()
    assert [sent.subject for sent in django_mail.outbox] == ["密碼重設"]


def test_with_the_mail_server_down_the_change_commits_and_the_mail_is_delivered_once_later(
    seeded_rules, smtp_server, send_outbox
):
    """Real commits (a transactional test): seeded_rules puts back the seeded rows it needs."""
    teacher = UserFactory(email="teacher1@example.tw")

    with transaction.atomic():
        notify_teacher(teacher)

    # Committed: the in-site message and the queued mail are there; nothing was sent.
    assert Message.objects.filter(recipient=teacher).exists()
    email = Email.objects.get()
    assert email.status == STATUS.queued

    # The sender's run while the server is down fails and queues a retry.
    assert "1 封稍後重試" in send_outbox()
    email.refresh_from_db()
    assert (email.status, email.number_of_retries) == (STATUS.requeued, 1)
    assert email.scheduled_time > timezone.now()
    assert email.logs.get().exception_type == "ConnectionRefusedError"
    assert smtp_server.messages == []

    smtp_server.start()
    send_outbox()
    assert smtp_server.messages == []  # the retry is not due yet

    make_due()
    assert "寄出 1 封" in send_outbox()
    [delivered] = smtp_server.messages
    assert delivered.rcpt_tos == ["teacher1@example.tw"]
    assert "=?utf-8?" in delivered.content.decode()  # the Chinese subject, encoded
    email.refresh_from_db()
    assert email.status == STATUS.sent

    assert "寄出 0 封" in send_outbox()
    assert len(smtp_server.messages) == 1


@pytest.mark.django_db
def test_a_failing_mail_waits_longer_before_each_retry_and_is_then_marked_failed(
    smtp_server, send_outbox
):
    notify_teacher(UserFactory(email="teacher1@example.tw"))
    email = Email.objects.get()

    waits = []
    for _attempt in range(MAX_RETRIES):
        before = timezone.now()
        send_outbox()
        email.refresh_from_db()
        assert email.status == STATUS.requeued
        waits.append(round((email.scheduled_time - before) / RETRY_INTERVAL))
        make_due()

    assert waits == [1, 2, 4, 8, 16]
    assert RETRY_INTERVAL == timedelta(minutes=5)

    assert "1 封寄送失敗" in send_outbox()
    email.refresh_from_db()
    assert email.status == STATUS.failed
    assert email.logs.filter(status=STATUS.failed).count() == MAX_RETRIES + 1

    smtp_server.start()
    send_outbox()
    assert smtp_server.messages == []  # given up: only the center's resend sends it again


@pytest.mark.django_db
def test_the_resend_command_queues_failed_mail_again_and_the_sender_delivers_it(
    smtp_server, send_outbox
):
    notify_teacher(UserFactory(email="teacher1@example.tw"))
    Email.objects.update(status=STATUS.failed, number_of_retries=MAX_RETRIES)
    sent_earlier = Email.objects.create(
        from_email=settings.DEFAULT_FROM_EMAIL, to=["old@example.tw"], status=STATUS.sent
    )

    out = StringIO()
    call_command("resend_failed_mail", stdout=out)

    assert "已將 1 封郵件重新排入寄送佇列" in out.getvalue()
    email = Email.objects.exclude(pk=sent_earlier.pk).get()
    assert (email.status, email.number_of_retries, email.scheduled_time) == (STATUS.queued, 0, None)
    smtp_server.start()
    send_outbox()
    assert [message.rcpt_tos for message in smtp_server.messages] == [["teacher1@example.tw"]]


@pytest.mark.django_db
def test_the_sender_skips_its_run_while_another_one_holds_the_lock(tmp_path):
    notify_teacher(UserFactory(email="teacher1@example.tw"))
    lockfile = str(tmp_path / "outbox")
    out = StringIO()

    with FileLock(lockfile):
        call_command("send_outbox", lockfile=lockfile, stdout=out)

    assert "另一個寄送程序正在執行" in out.getvalue()
    assert Email.objects.get().status == STATUS.queued
    assert django_mail.outbox == []


@pytest.mark.django_db
def test_a_silent_mail_server_cannot_hang_the_sender(smtp_server, send_outbox):
    """A server that takes the connection and never answers: the send times out and is retried."""
    assert (
        settings.EMAIL_TIMEOUT == 5
    )  # the smtp_server fixture's; 10 s unless EMAIL_TIMEOUT is set
    notify_teacher(UserFactory(email="teacher1@example.tw"))

    with socket.socket() as silent, override_settings(EMAIL_TIMEOUT=1):
        silent.bind(("127.0.0.1", smtp_server.port))
        silent.listen()
        started = time.monotonic()
        send_outbox()
        elapsed = time.monotonic() - started

    assert 1 <= elapsed < 5
    email = Email.objects.get()
    assert email.status == STATUS.requeued
    assert "timed out" in email.logs.get().message
