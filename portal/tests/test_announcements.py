"""公告平台: what visitors see follows the schedule (not before its publish-from, gone after its
until, gone once withdrawn), pinned ones come first, and the center's list shows each state."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from portal.models import Announcement
from portal.services import (
    AnnouncementFields,
    announcement_pin,
    announcement_save,
    announcement_unpublish,
    announcement_withdraw,
)

from .conftest import announce

pytestmark = pytest.mark.django_db


def home(client) -> str:
    return client.get(reverse("portal:home")).content.decode()


def public_list(client) -> str:
    return client.get(reverse("portal:announcements")).content.decode()


def test_scheduled_announcement_is_not_shown_before_its_time(client, center, clock):
    start = timezone.now() + timedelta(days=3)
    announcement = announce(center, "初審結果公告", publish_from=start)
    assert announcement.state() == Announcement.State.SCHEDULED
    assert "初審結果公告" not in home(client)
    assert "初審結果公告" not in public_list(client)
    url = reverse("portal:announcement", args=[announcement.pk])
    assert client.get(url).status_code == 404

    clock.advance(timedelta(days=3, minutes=1))
    assert "初審結果公告" in home(client)
    assert "初審結果公告" in public_list(client)
    assert client.get(url).status_code == 200


def test_announcement_is_gone_after_its_until(client, center, clock):
    announcement = announce(
        center, "報名截止提醒", publish_until=timezone.now() + timedelta(days=7)
    )
    assert "報名截止提醒" in home(client)
    clock.advance(timedelta(days=7, seconds=1))
    assert "報名截止提醒" not in home(client)
    assert "報名截止提醒" not in public_list(client)
    assert client.get(reverse("portal:announcement", args=[announcement.pk])).status_code == 404
    announcement.refresh_from_db()
    assert announcement.state() == Announcement.State.EXPIRED


def test_withdrawn_announcement_is_gone_and_keeps_who_and_when(client, center):
    announcement = announce(center, "說明會場地")
    assert "說明會場地" in home(client)
    announcement_withdraw(announcement=announcement, reason="場地異動", by=center)
    announcement.refresh_from_db()
    assert "說明會場地" not in home(client)
    assert "說明會場地" not in public_list(client)
    assert client.get(reverse("portal:announcement", args=[announcement.pk])).status_code == 404
    assert announcement.withdrawn_by == center
    assert announcement.withdrawn_at is not None
    assert announcement.withdraw_reason == "場地異動"


def test_pinned_announcements_come_first_on_home_and_the_list(client, center, clock):
    announce(center, "較早的置頂公告", is_pinned=True)
    clock.advance(timedelta(hours=1))
    announce(center, "最新的一般公告")
    clock.advance(timedelta(hours=1))
    later = announce(center, "之後才置頂的公告")
    announcement_pin(announcement=later, pinned=True, by=center)
    for html in (home(client), public_list(client)):
        order = [
            html.index(title) for title in ["之後才置頂的公告", "較早的置頂公告", "最新的一般公告"]
        ]
        assert order == sorted(order), html
        assert html.count('class="pin"') == 2


def test_public_list_is_paginated(client, center, clock):
    for number in range(25):
        announce(center, f"第{number:02d}則公告")
        clock.advance(timedelta(minutes=1))
    first = public_list(client)
    assert "第24則公告" in first and "第05則公告" in first and "第04則公告" not in first
    assert "第 1 / 2 頁" in first
    second = client.get(reverse("portal:announcements"), {"page": 2}).content.decode()
    assert "第04則公告" in second and "第00則公告" in second and "第24則公告" not in second
    assert "更多公告" in home(client)


def test_publish_with_an_until_already_past_is_refused_at_the_field(center):
    with pytest.raises(Exception) as error:
        announce(center, "過期", publish_until=timezone.now() - timedelta(minutes=1))
    assert "下架時間已過" in str(error.value.message_dict["publish_until"])
    assert not Announcement.objects.exists()


def test_until_before_from_is_refused(center_client):
    start = timezone.localtime() + timedelta(days=2)
    response = center_client.post(
        reverse("portal:center_announcement_new"),
        {
            "title": "時間錯誤的公告",
            "body": "內容保留",
            "publish_from": start.strftime("%Y-%m-%dT%H:%M"),
            "publish_until": (start - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "audience": "none",
            "action": "publish",
        },
    )
    html = response.content.decode()
    assert "下架時間必須晚於公告時間。" in html
    assert 'value="時間錯誤的公告"' in html and "內容保留" in html
    assert not Announcement.objects.exists()


def test_center_list_shows_every_state_and_filters_by_it(center_client, center):
    announce(center, "草稿公告", publish=False)
    announce(center, "排程公告", publish_from=timezone.now() + timedelta(days=1))
    announce(center, "公告中的公告")
    withdrawn = announce(center, "撤回的公告")
    announcement_withdraw(announcement=withdrawn, reason="", by=center)
    html = center_client.get(reverse("portal:center_announcements")).content.decode()
    for label in ["草稿", "排程中", "公告中", "已撤回"]:
        assert f">{label}</span>" in html
    assert "林中心 於" in html  # who withdrew it
    scheduled = center_client.get(
        reverse("portal:center_announcements"), {"state": "scheduled"}
    ).content.decode()
    assert (
        "排程公告" in scheduled and "草稿公告" not in scheduled and "公告中的公告" not in scheduled
    )


def test_writing_publishing_and_editing_through_the_pages(center_client, center):
    response = center_client.post(
        reverse("portal:center_announcement_new"),
        {"title": "新公告", "body": "第一版", "audience": "none", "action": "save"},
    )
    assert response.status_code == 302
    announcement = Announcement.objects.get()
    assert announcement.state() == Announcement.State.DRAFT
    assert announcement.author == center

    start = timezone.localtime() + timedelta(days=1)
    center_client.post(
        reverse("portal:center_announcement_edit", args=[announcement.pk]),
        {
            "title": "新公告",
            "body": "第二版",
            "publish_from": start.strftime("%Y-%m-%dT%H:%M"),
            "audience": "none",
            "action": "publish",
        },
        follow=True,
    )
    announcement.refresh_from_db()
    assert announcement.state() == Announcement.State.SCHEDULED
    assert announcement.body == "第二版"
    assert announcement.publish_from == start.replace(second=0, microsecond=0)
    assert timezone.localtime(announcement.publish_from).hour == start.hour  # Asia/Taipei

    announcement_unpublish(announcement=announcement, by=center)
    announcement.refresh_from_db()
    assert announcement.state() == Announcement.State.DRAFT


def test_a_withdrawn_announcement_cannot_be_edited(center_client, center):
    announcement = announce(center, "已撤回")
    announcement_withdraw(announcement=announcement, reason="", by=center)
    response = center_client.post(
        reverse("portal:center_announcement_edit", args=[announcement.pk]),
        {"title": "改標題", "audience": "none", "action": "save"},
        follow=True,
    )
    assert "此公告已撤回，不能再修改。" in response.content.decode()
    announcement.refresh_from_db()
    assert announcement.title == "已撤回"


@pytest.mark.audit
def test_every_change_leaves_an_audit_row_naming_the_center(center):
    announcement = announce(center, "稽核公告", publish=False)
    announcement_save(
        announcement=announcement,
        fields=AnnouncementFields(title="稽核公告（修正）"),
        by=center,
        publish=True,
    )
    announcement_pin(announcement=announcement, pinned=True, by=center)
    announcement_withdraw(announcement=announcement, reason="誤植", by=center)
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Announcement),
        object_pk=str(announcement.pk),
    )
    assert entries.count() >= 4
    assert set(entries.values_list("actor", flat=True)) == {center.pk}
    changed = [set(entry.changes_dict) for entry in entries.order_by("timestamp", "pk")]
    assert "title" in changed[1] and "published_at" in changed[1]
    assert "is_pinned" in changed[2]
    assert "withdrawn_at" in changed[-1]


@pytest.mark.audit
def test_the_audit_log_page_lists_announcement_changes(center_client, center):
    announce(center, "出現在異動紀錄的公告")
    html = center_client.get(reverse("people:audit_log")).content.decode()
    assert "出現在異動紀錄的公告" in html
