"""Attachments: public only while their announcement is (the center always), checked by content
and size, refused at the field with what was typed and the good files kept."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from people.tests.factories import UserFactory
from portal.models import Announcement, HeldUpload
from portal.services import announcement_withdraw, held_uploads_purge
from testsupport.pdfs import pdf_bytes

from .conftest import PNG, announce, odt_bytes, pdf_file, xlsx_file

pytestmark = pytest.mark.django_db


def attachment_url(announcement) -> str:
    return reverse(
        "portal:announcement_attachment",
        args=[announcement.pk, announcement.attachments.first().pk],
    )


def fetch(client, url) -> int:
    return client.get(url).status_code


def test_attachment_is_public_only_while_its_announcement_is(client, center, clock):
    teacher = UserFactory(teacher=True)
    announcement = announce(
        center,
        "排程附件",
        publish_from=timezone.now() + timedelta(days=1),
        publish_until=timezone.now() + timedelta(days=5),
        uploads=[pdf_file("名單.pdf")],
    )
    url = attachment_url(announcement)
    assert fetch(client, url) == 404  # scheduled
    client.force_login(teacher)
    assert fetch(client, url) == 404
    clock.advance(timedelta(days=1, minutes=1))
    response = client.get(url)
    assert response.status_code == 200
    assert "filename" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    clock.advance(timedelta(days=5))
    assert fetch(client, url) == 404  # taken down


def test_a_withdrawn_or_draft_announcements_files_are_for_the_center_only(client, center):
    draft = announce(center, "草稿附件", publish=False, uploads=[pdf_file()])
    public = announce(center, "撤回附件", uploads=[pdf_file()])
    announcement_withdraw(announcement=public, reason="", by=center)
    for announcement in (draft, public):
        url = attachment_url(announcement)
        assert fetch(client, url) == 404
        client.force_login(UserFactory(school_admin=True))
        assert fetch(client, url) == 404
        client.force_login(center)
        assert fetch(client, url) == 200
        client.logout()


def test_an_attachment_of_another_announcement_is_not_found(client, center):
    first = announce(center, "甲", uploads=[pdf_file()])
    second = announce(center, "乙", publish=False, uploads=[pdf_file()])
    url = reverse("portal:announcement_attachment", args=[first.pk, second.attachments.get().pk])
    assert fetch(client, url) == 404


def test_several_files_of_each_kind_are_kept_in_order(center_client, center):
    response = center_client.post(
        reverse("portal:center_announcement_new"),
        {
            "title": "多附件",
            "audience": "none",
            "action": "publish",
            "files": [
                pdf_file("計畫.pdf"),
                xlsx_file("名單.xlsx"),
                SimpleUploadedFile("表單.odt", odt_bytes()),
                SimpleUploadedFile("海報.png", PNG),
            ],
        },
    )
    assert response.status_code == 302
    announcement = Announcement.objects.get()
    files = list(announcement.attachments.values_list("original_name", "kind"))
    assert files == [
        ("計畫.pdf", "pdf"),
        ("名單.xlsx", "xlsx"),
        ("表單.odt", "odt"),
        ("海報.png", "png"),
    ]
    html = center_client.get(
        reverse("portal:announcement", args=[announcement.pk])
    ).content.decode()
    assert "計畫.pdf" in html and "（Excel，" in html and "（PNG 圖片，" in html


BAD_FILES = [
    ("程式.pdf", b"MZ\x90\x00 not a pdf", "不接受此類檔案（僅更改副檔名無效）"),
    ("壞掉.pdf", b"%PDF-1.4\n1 0 obj", "PDF 檔案不完整或已損毀"),
    ("偽裝.docx", pdf_bytes(), "檔案內容是 PDF，但檔名的副檔名是「.docx」"),
    ("空的.xlsx", b"", "檔案是空的"),
    ("壞壓縮.xlsx", b"PK\x03\x04 broken zip", "檔案不完整或已損毀"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES)
def test_a_bad_file_is_refused_at_the_field_and_the_typed_text_is_kept(
    center_client, name, content, message
):
    response = center_client.post(
        reverse("portal:center_announcement_new"),
        {
            "title": "附件有誤的公告",
            "body": "這段文字不會不見",
            "is_pinned": "on",
            "audience": "school_admins",
            "action": "publish",
            "files": [SimpleUploadedFile(name, content), pdf_file("好的.pdf")],
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert not Announcement.objects.exists()
    errors = html.split('id="id_files-error"', 1)[1].split("</ul>", 1)[0]
    assert f"「{name}」" in errors and message in errors
    assert 'value="附件有誤的公告"' in html and "這段文字不會不見" in html
    assert 'name="is_pinned" id="id_is_pinned" checked' in html
    chosen = re.search(r'<input type="radio" name="audience" value="school_admins"[^>]*>', html)
    assert "checked" in chosen.group(0)
    # The good file passed and is held: the center does not choose it again.
    held = HeldUpload.objects.get()
    assert held.original_name == "好的.pdf"
    assert f'name="held" value="{held.pk}" checked' in html


def test_the_held_file_is_attached_when_the_form_is_corrected(center_client):
    center_client.post(
        reverse("portal:center_announcement_new"),
        {"title": "", "audience": "none", "action": "publish", "files": [pdf_file("保留.pdf")]},
    )
    held = HeldUpload.objects.get()
    response = center_client.post(
        reverse("portal:center_announcement_new"),
        {"title": "補上標題", "audience": "none", "action": "publish", "held": [held.pk]},
    )
    assert response.status_code == 302
    announcement = Announcement.objects.get()
    assert list(announcement.attachments.values_list("original_name", flat=True)) == ["保留.pdf"]
    assert not HeldUpload.objects.exists()


def test_someone_elses_held_file_is_ignored(center_client):
    client = Client()
    client.force_login(UserFactory(center=True))
    client.post(
        reverse("portal:center_announcement_new"),
        {"title": "", "audience": "none", "action": "save", "files": [pdf_file("他人.pdf")]},
    )
    held = HeldUpload.objects.get()
    center_client.post(
        reverse("portal:center_announcement_new"),
        {"title": "我的公告", "audience": "none", "action": "save", "held": [held.pk]},
    )
    assert not Announcement.objects.get().attachments.exists()


def test_held_files_nobody_saved_are_purged_after_a_day(center_client):
    center_client.post(
        reverse("portal:center_announcement_new"),
        {"title": "", "audience": "none", "action": "save", "files": [pdf_file()]},
    )
    assert held_uploads_purge(now=timezone.now()) == 0
    assert held_uploads_purge(now=timezone.now() + timedelta(days=1, minutes=1)) == 1
    assert not HeldUpload.objects.exists()


@override_settings(PUBLIC_FILE_MAX_BYTES=1000)
def test_a_file_over_the_size_limit_is_refused_with_the_limit(center_client):
    response = center_client.post(
        reverse("portal:center_announcement_new"),
        {"title": "大檔", "audience": "none", "action": "save", "files": [pdf_file(pad_to=2000)]},
    )
    html = response.content.decode()
    assert "超過上限 1,000 位元組" in html or "超過上限" in html
    assert "每個檔案不超過" in html
    assert not Announcement.objects.exists()


@override_settings(ANNOUNCEMENT_MAX_ATTACHMENTS=2)
def test_more_attachments_than_the_limit_are_refused(center_client):
    response = center_client.post(
        reverse("portal:center_announcement_new"),
        {
            "title": "太多附件",
            "audience": "none",
            "action": "save",
            "files": [pdf_file("1.pdf"), pdf_file("2.pdf"), pdf_file("3.pdf")],
        },
    )
    assert "每則公告至多 2 個附件" in response.content.decode()
    assert not Announcement.objects.exists()


def test_an_attachment_can_be_removed_when_editing(center_client, center):
    announcement = announce(center, "移除附件", uploads=[pdf_file("舊.pdf"), pdf_file("留.pdf")])
    old = announcement.attachments.get(original_name="舊.pdf")
    center_client.post(
        reverse("portal:center_announcement_edit", args=[announcement.pk]),
        {"title": "移除附件", "audience": "none", "action": "save", "remove": [old.pk]},
    )
    assert list(announcement.attachments.values_list("original_name", flat=True)) == ["留.pdf"]
