"""Telling people: the chosen audience hears of an announcement once, when it becomes public, at
publishing or when the scheduler releases it; never before its time."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email

from communities import workflow
from notifications.models import Message
from people.tests.factories import SchoolFactory, UserFactory
from portal.models import Announcement
from portal.services import AnnouncementFields, announcement_save, announcements_release_due
from testsupport.flow import complete_application

from .conftest import announce, pdf_file

pytestmark = pytest.mark.django_db

EVENT = "announcement.published"


@pytest.fixture
def people(program, center):
    school = SchoolFactory()
    admins = [UserFactory(school_admin=True, school=school) for _ in range(2)]
    convenor = UserFactory(teacher=True, school=school)
    complete_application(program, convenor=convenor)
    other_teacher = UserFactory(teacher=True, school=school)
    reviewer = UserFactory(reviewer=True)
    inactive = UserFactory(school_admin=True, school=school, is_active=False)
    return {
        "admins": admins,
        "convenor": convenor,
        "other_teacher": other_teacher,
        "reviewer": reviewer,
        "inactive": inactive,
    }


def told(title_part: str = "") -> set:
    messages = Message.objects.filter(event=EVENT, title__contains=title_part)
    return set(messages.values_list("recipient__username", flat=True))


def mails(title_part: str) -> list[str]:
    return [address for e in Email.objects.filter(subject__contains=title_part) for address in e.to]


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        (Announcement.Audience.NONE, lambda p: set()),
        (Announcement.Audience.SCHOOL_ADMINS, lambda p: {u.username for u in p["admins"]}),
        (Announcement.Audience.CONVENORS, lambda p: {p["convenor"].username}),
    ],
)
def test_publishing_tells_the_chosen_audience_once(people, center, audience, expected):
    announcement = announce(center, "申辦開始", body="請於期限內申請。", audience=audience)
    want = expected(people)
    assert told("申辦開始") == want
    assert sorted(mails("申辦開始")) == sorted(f"{name}@example.tw" for name in want)
    message = Message.objects.filter(event=EVENT).first()
    if want:
        assert message.title == "教專中心公告：申辦開始"
        assert "請於期限內申請。" in message.body
        assert message.url == reverse("portal:announcement", args=[announcement.pk])
    # Saving it again, pinning it, or the scheduler running: nobody hears twice.
    announcement_save(
        announcement=announcement,
        fields=AnnouncementFields(title="申辦開始", body="更正內容", audience=audience),
        by=center,
    )
    announcements_release_due()
    assert Message.objects.filter(event=EVENT).count() == len(want)
    assert Email.objects.filter(subject__contains="申辦開始").count() == len(want)


def test_everyone_means_every_active_account(people, center):
    announce(center, "系統維護", audience=Announcement.Audience.EVERYONE)
    from people.models import User

    assert told("系統維護") == set(
        User.objects.filter(is_active=True).values_list("username", flat=True)
    )
    assert people["inactive"].username not in told("系統維護")


def test_a_scheduled_announcement_is_told_when_the_scheduler_releases_it(people, center, clock):
    announcement = announce(
        center,
        "初審結果",
        publish_from=timezone.now() + timedelta(hours=2),
        audience=Announcement.Audience.SCHOOL_ADMINS,
        uploads=[pdf_file()],
    )
    assert told() == set()
    assert announcements_release_due() == 0  # not before its time
    assert told() == set() and not Email.objects.exists()

    clock.advance(timedelta(hours=2, minutes=1))
    out = io.StringIO()
    call_command("release_announcements", stdout=out)
    assert "已通知 1 則" in out.getvalue()
    assert told("初審結果") == {u.username for u in people["admins"]}
    assert "（附件 1 個）" in Message.objects.filter(event=EVENT).first().body
    announcement.refresh_from_db()
    assert announcement.notified_at is not None and announcement.notified_count == 2

    # Released again (the next minute, or two workers at once): nobody hears twice.
    assert announcements_release_due() == 0
    call_command("release_announcements", stdout=io.StringIO())
    assert Message.objects.filter(event=EVENT).count() == 2
    assert Email.objects.count() == 2


def test_a_scheduled_announcement_withdrawn_or_unpublished_before_its_time_tells_nobody(
    people, center, clock
):
    from portal.services import announcement_unpublish, announcement_withdraw

    start = timezone.now() + timedelta(hours=1)
    withdrawn = announce(
        center, "撤回的排程", publish_from=start, audience=Announcement.Audience.EVERYONE
    )
    back = announce(center, "改回草稿", publish_from=start, audience=Announcement.Audience.EVERYONE)
    announcement_withdraw(announcement=withdrawn, reason="", by=center)
    announcement_unpublish(announcement=back, by=center)
    clock.advance(timedelta(hours=2))
    assert announcements_release_due() == 0
    assert not Message.objects.filter(event=EVENT).exists()


def test_an_announcement_taken_down_before_release_tells_nobody(people, center, clock):
    now = timezone.now()
    announce(
        center,
        "短暫公告",
        publish_from=now + timedelta(hours=1),
        publish_until=now + timedelta(hours=2),
        audience=Announcement.Audience.SCHOOL_ADMINS,
    )
    clock.advance(timedelta(hours=3))  # the worker was down the whole time
    assert announcements_release_due() == 0
    assert not Message.objects.filter(event=EVENT).exists()


def test_the_page_reports_how_many_were_told(center_client, people):
    response = center_client.post(
        reverse("portal:center_announcement_new"),
        {"title": "頁面公告", "audience": "school_admins", "action": "publish"},
        follow=True,
    )
    assert "已通知全部學校承辦人，共 2 人（站內訊息與電子郵件）。" in response.content.decode()


def test_once_told_the_audience_cannot_change(center_client, center, people):
    announcement = announce(center, "已通知", audience=Announcement.Audience.SCHOOL_ADMINS)
    page = center_client.get(reverse("portal:center_announcement_edit", args=[announcement.pk]))
    assert "已於公告時通知，通知對象不能再變更。" in page.content.decode()
    center_client.post(
        reverse("portal:center_announcement_edit", args=[announcement.pk]),
        {"title": "已通知", "audience": "everyone", "action": "save"},
    )
    announcement.refresh_from_db()
    assert announcement.audience == Announcement.Audience.SCHOOL_ADMINS
    assert Message.objects.filter(event=EVENT).count() == 2


def test_convenors_are_this_years(people, center, program):
    assert people["convenor"].convened_applications.get().status == workflow.DRAFT
    announce(center, "召集人須知", audience=Announcement.Audience.CONVENORS)
    assert people["other_teacher"].username not in told("召集人須知")
    assert told("召集人須知") == {people["convenor"].username}
