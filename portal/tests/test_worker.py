"""The worker that `make start` runs beside the web server: the outbox and the reminders."""

import io
import re

import pytest
from django.conf import settings
from django.core import mail as django_mail
from django.core.management import call_command, get_commands

from notifications.services import notify
from people.tests.factories import UserFactory


def test_the_start_script_runs_the_worker_with_commands_that_exist():
    script = (settings.BASE_DIR / "scripts" / "start.sh").read_text()
    commands = re.findall(r"manage\.py (\w+)", script)

    assert "run_worker" in commands
    assert set(commands) <= set(get_commands())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seeded_rules")
def test_one_round_of_the_worker_sends_the_queued_mail():
    teacher = UserFactory(email="teacher1@example.tw")
    notify(event="test", recipients=[teacher], title="狀態通知", body="內容")
    out = io.StringIO()

    call_command("run_worker", once=True, stdout=out)

    assert [m.subject for m in django_mail.outbox] == ["狀態通知"]
    assert "寄出 1 封" in out.getvalue() and "則提醒" in out.getvalue()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seeded_rules")
def test_the_worker_tells_a_scheduled_announcements_audience_when_its_time_comes():
    from datetime import timedelta

    from django.utils import timezone

    from notifications.models import Message
    from portal.models import Announcement

    admin = UserFactory(school_admin=True)
    center = UserFactory(center=True)
    due = timezone.now() - timedelta(minutes=1)
    announcement = Announcement.objects.create(
        title="排程公告",
        author=center,
        published_at=due - timedelta(days=1),
        publish_from=due,
        audience=Announcement.Audience.SCHOOL_ADMINS,
    )
    out = io.StringIO()

    call_command("run_worker", once=True, stdout=out)

    assert "公告 1 則到期上架" in out.getvalue()
    assert Message.objects.filter(recipient=admin, title__contains="排程公告").exists()
    announcement.refresh_from_db()
    assert announcement.notified_at is not None
