"""The demo shows the public pages in every state: announcements pinned, public with a file,
scheduled, taken down, withdrawn and the 核定名單 draft; downloads and tutorials shown and hidden."""

import pytest
from django.urls import reverse

from portal.models import Announcement, Download, Tutorial

pytestmark = pytest.mark.django_db


def test_every_announcement_state_is_in_the_demo(demo):
    states = {a.state() for a in Announcement.objects.all()}
    assert states == set(Announcement.State.values)
    assert Announcement.objects.filter(is_pinned=True).exists()
    assert Announcement.objects.public().first().is_pinned
    draft = Announcement.objects.get(title__contains="核定名單")
    assert draft.state() == Announcement.State.DRAFT
    assert set(draft.attachments.values_list("kind", flat=True)) == {"xlsx", "pdf"}
    withdrawn = Announcement.objects.get(withdrawn_at__isnull=False)
    assert withdrawn.withdrawn_by.username == "center" and withdrawn.withdraw_reason


def test_demo_downloads_and_tutorials_are_shown_and_hidden(demo, client):
    assert Download.objects.filter(is_shown=False).exists()
    assert Tutorial.objects.filter(is_shown=False).exists()
    downloads = client.get(reverse("portal:downloads")).content.decode()
    assert "經費概算表（Excel 範本）" in downloads and "舊版" not in downloads
    tutorials = client.get(reverse("portal:tutorials")).content.decode()
    assert "個人(召集人)申請" in tutorials and "觀看說明影片" in tutorials
    assert "審查委員操作說明" not in tutorials


def test_seeding_again_adds_nothing(demo):
    from demo.announcements import seed_demo_announcements

    counts = (Announcement.objects.count(), Download.objects.count(), Tutorial.objects.count())
    seed_demo_announcements()
    assert (
        Announcement.objects.count(),
        Download.objects.count(),
        Tutorial.objects.count(),
    ) == counts


def test_the_center_finds_files_made_in_the_background(demo, client):
    """The 年度報告 and the whole year's 申請案件列表, both made and listed for download."""
    from django.urls import reverse

    from documents.models import GeneratedFile
    from people.models import User

    made = [GeneratedFile.objects.get(kind=kind) for kind in ("year_report", "applications_xlsx")]
    assert {row.state for row in made} == {GeneratedFile.State.DONE}
    client.force_login(User.objects.get(username="center"))
    page = client.get(reverse("center:files")).content.decode()
    assert all(row.filename in page for row in made)
