"""檔案下載 and 操作教學 kept by the center: added, edited, ordered and hidden on its own pages;
the public pages list what is shown, in order. The old 操作教學 text is seeded, and its
upload-limit sentence follows the year's rule."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.models import Download, HeldUpload, Tutorial
from programs.models import ProgramYear

from .conftest import pdf_file, xlsx_file

pytestmark = pytest.mark.django_db


def public(visitor, name: str) -> str:
    return visitor.get(reverse(name)).content.decode()


def add_download(center_client, title: str, **extra):
    data = {"title": title, "description": "", "is_shown": "on", "file": pdf_file(f"{title}.pdf")}
    data.update(extra)
    return center_client.post(reverse("portal:center_download_new"), data)


def test_the_center_adds_orders_and_hides_downloads(center_client, visitor):
    for title in ["申請書範本", "經費概算表範本", "實施計畫"]:
        assert add_download(center_client, title).status_code == 302
    html = public(visitor, "portal:downloads")
    assert html.index("申請書範本") < html.index("經費概算表範本") < html.index("實施計畫")

    last = Download.objects.get(title="實施計畫")
    center_client.post(reverse("portal:center_download_move", args=[last.pk]), {"direction": "up"})
    center_client.post(reverse("portal:center_download_move", args=[last.pk]), {"direction": "up"})
    html = public(visitor, "portal:downloads")
    assert html.index("實施計畫") < html.index("申請書範本") < html.index("經費概算表範本")

    hidden = Download.objects.get(title="申請書範本")
    center_client.post(
        reverse("portal:center_download_show", args=[hidden.pk]), {"shown": "0"}, follow=True
    )
    assert "申請書範本" not in public(visitor, "portal:downloads")
    manage = center_client.get(reverse("portal:center_downloads")).content.decode()
    assert "申請書範本" in manage and "已隱藏" in manage


def test_editing_a_download_replaces_its_file(center_client):
    add_download(center_client, "範本")
    item = Download.objects.get()
    response = center_client.post(
        reverse("portal:center_download_edit", args=[item.pk]),
        {
            "title": "範本（新版）",
            "description": "更新",
            "is_shown": "on",
            "file": xlsx_file("新版.xlsx"),
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.original_name, item.kind) == ("範本（新版）", "新版.xlsx", "xlsx")
    # Editing the text alone keeps the file.
    center_client.post(
        reverse("portal:center_download_edit", args=[item.pk]),
        {"title": "範本（新版）", "description": "只改說明", "is_shown": "on"},
    )
    item.refresh_from_db()
    assert item.original_name == "新版.xlsx" and item.description == "只改說明"


def test_a_download_needs_a_file_and_a_bad_one_keeps_the_typed_text(center_client):
    response = center_client.post(
        reverse("portal:center_download_new"),
        {"title": "無檔案", "description": "說明文字", "is_shown": "on"},
    )
    html = response.content.decode()
    assert "請選擇要上傳的檔案。" in html and 'value="說明文字"' in html
    response = center_client.post(
        reverse("portal:center_download_new"),
        {
            "title": "壞檔",
            "description": "說明保留",
            "is_shown": "on",
            "file": SimpleUploadedFile("壞檔.docx", b"not a document"),
        },
    )
    html = response.content.decode()
    errors = html.split('id="id_file-error"', 1)[1].split("</ul>", 1)[0]
    assert "「壞檔.docx」" in errors and "不接受此類檔案" in errors
    assert 'value="壞檔"' in html and 'value="說明保留"' in html
    assert not Download.objects.exists()


def test_a_download_whose_title_is_missing_keeps_its_good_file(center_client):
    response = center_client.post(
        reverse("portal:center_download_new"),
        {"title": "", "description": "", "is_shown": "on", "file": pdf_file("保留.pdf")},
    )
    assert "請填寫檔案名稱。" in response.content.decode()
    held = HeldUpload.objects.get()
    response = center_client.post(
        reverse("portal:center_download_new"),
        {"title": "補上名稱", "description": "", "is_shown": "on", "held": [held.pk]},
    )
    assert response.status_code == 302
    assert Download.objects.get().original_name == "保留.pdf"


def test_the_old_tutorial_text_is_seeded_and_its_limit_follows_the_rule(visitor):
    titles = list(Tutorial.objects.shown().values_list("title", flat=True))
    assert titles[:2] == ["個人(召集人)申請", "學校帳號彙整"]
    html = public(visitor, "portal:tutorials")
    assert "登入後進入 功能專區 → 社群 → 申請" in html
    assert "按「送中心」完成彙整" in html
    assert "限制PDF，檔案限制 2MB，附件總數為一個檔案" in html
    assert "{上傳限制}" not in html

    program = ProgramYear.objects.current()
    program.upload_max_bytes = 3 * 1024 * 1024
    program.save()
    assert "限制PDF，檔案限制 3MB，附件總數為一個檔案" in public(visitor, "portal:tutorials")


def test_the_center_adds_a_tutorial_with_a_link_and_a_file(center_client, visitor):
    response = center_client.post(
        reverse("portal:center_tutorial_new"),
        {
            "title": "說明影片",
            "body": "第一段\n上傳前請注意：{上傳限制}",
            "link": "https://www.example.gov.tw/video",
            "link_text": "觀看影片",
            "is_shown": "on",
            "file": pdf_file("手冊.pdf"),
        },
    )
    assert response.status_code == 302
    tutorial = Tutorial.objects.get(title="說明影片")
    html = public(visitor, "portal:tutorials")
    assert html.index("學校帳號彙整") < html.index("說明影片")  # added last
    assert "上傳前請注意：限制PDF，檔案限制 2MB" in html
    assert 'href="https://www.example.gov.tw/video"' in html and "觀看影片" in html
    assert reverse("portal:tutorial_file", args=[tutorial.pk]) in html
    file_response = visitor.get(reverse("portal:tutorial_file", args=[tutorial.pk]))
    assert file_response.status_code == 200

    center_client.post(
        reverse("portal:center_tutorial_move", args=[tutorial.pk]), {"direction": "up"}
    )
    html = public(visitor, "portal:tutorials")
    assert html.index("說明影片") < html.index("學校帳號彙整")

    center_client.post(
        reverse("portal:center_tutorial_show", args=[tutorial.pk]), {"shown": "0"}, follow=True
    )
    assert "說明影片" not in public(visitor, "portal:tutorials")
    assert visitor.get(reverse("portal:tutorial_file", args=[tutorial.pk])).status_code == 404


def test_a_bad_tutorial_link_is_refused_at_the_field_with_the_text_kept(center_client):
    response = center_client.post(
        reverse("portal:center_tutorial_new"),
        {
            "title": "連結",
            "body": "內容保留",
            "link": "not a url",
            "link_text": "x",
            "is_shown": "on",
        },
    )
    html = response.content.decode()
    assert "請輸入正確的網址" in html and "內容保留" in html
    assert not Tutorial.objects.filter(title="連結").exists()


def test_a_tutorials_file_can_be_removed(center_client):
    center_client.post(
        reverse("portal:center_tutorial_new"),
        {"title": "附檔", "body": "", "is_shown": "on", "file": pdf_file()},
    )
    tutorial = Tutorial.objects.get(title="附檔")
    center_client.post(
        reverse("portal:center_tutorial_edit", args=[tutorial.pk]),
        {"title": "附檔", "body": "", "is_shown": "on", "remove_file": "on"},
    )
    tutorial.refresh_from_db()
    assert not tutorial.file and tutorial.original_name == ""
