"""Every portal page, for every role that may and may not see it (SPEC §1 navigation)."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from notifications.models import Message
from people.tests.factories import UserFactory
from portal.navigation import COMMUNITY, FUNCTIONS, NOT_YET_OFFERED, TOP
from portal.services import download_save
from testsupport.pdfs import pdf_bytes

from .conftest import announce, pdf_file, xlsx_file

pytestmark = pytest.mark.django_db

ROLES = ["teacher", "school_admin", "reviewer", "center"]
EVERYONE = [None, *ROLES]


@pytest.fixture
def as_role(client):
    def sign_in(role: str | None):
        if role is not None:
            client.force_login(UserFactory(**{role: True}))
        return client

    return sign_in


def nav_labels(html: str) -> list[str]:
    nav = html.split('class="wrap main-nav"', 1)[1].split("</nav>", 1)[0]
    return [
        label
        for label in ["首頁", "認證專區", "功能專區", "訊息通知", "檔案下載", "操作教學"]
        if label in nav
    ]


# 首頁 and announcements ------------------------------------------------------------------


@pytest.mark.parametrize("role", EVERYONE)
def test_home_shows_the_latest_published_announcements_to_everyone(as_role, role, center):
    announce(center, "109學年度社群申辦公告")
    announce(center, "尚未公告的草稿", publish=False)
    announce(center, "明天才公告", publish_from=timezone.now() + timedelta(days=1))
    html = as_role(role).get(reverse("portal:home")).content.decode()
    assert "最新公告" in html
    assert "109學年度社群申辦公告" in html
    assert "尚未公告的草稿" not in html and "明天才公告" not in html
    assert nav_labels(html) == ["首頁", "認證專區", "功能專區", "訊息通知", "檔案下載", "操作教學"]


def test_home_without_announcements_says_so(client):
    assert "目前沒有公告。" in client.get(reverse("portal:home")).content.decode()


@pytest.mark.parametrize("role", EVERYONE)
def test_published_announcement_and_its_attachment_are_public(as_role, role, center):
    announcement = announce(
        center, "核定名單", body="詳如附件", uploads=[pdf_file("approved.pdf", text="LIST")]
    )
    attachment = announcement.attachments.get()
    client = as_role(role)
    html = client.get(reverse("portal:announcement", args=[announcement.pk])).content.decode()
    assert "核定名單" in html and "詳如附件" in html and "approved.pdf" in html
    response = client.get(
        reverse("portal:announcement_attachment", args=[announcement.pk, attachment.pk])
    )
    assert b"".join(response.streaming_content) == pdf_bytes(text="LIST")
    assert response["Content-Type"] == "application/pdf"


def test_unpublished_announcement_is_not_found(client, center):
    draft = announce(center, "草稿", publish=False, uploads=[pdf_file()])
    assert client.get(reverse("portal:announcement", args=[draft.pk])).status_code == 404
    url = reverse("portal:announcement_attachment", args=[draft.pk, draft.attachments.get().pk])
    assert client.get(url).status_code == 404


# 檔案下載 and 操作教學: public ----------------------------------------------------------------


@pytest.mark.parametrize("role", EVERYONE)
def test_downloads_list_files_for_everyone(as_role, role, center):
    item = download_save(
        item=None,
        title="社群申請書範本",
        description="Excel 檔",
        is_shown=True,
        by=center,
        upload=xlsx_file("form.xlsx"),
    )
    client = as_role(role)
    html = client.get(reverse("portal:downloads")).content.decode()
    assert "社群申請書範本" in html and "Excel 檔" in html
    response = client.get(reverse("portal:download_file", args=[item.pk]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.active["A1"].value == "學校"
    assert 'filename="form.xlsx"' in response["Content-Disposition"]


def test_downloads_without_files_says_so(client):
    assert "目前沒有可下載的檔案。" in client.get(reverse("portal:downloads")).content.decode()


@pytest.mark.parametrize("role", EVERYONE)
def test_tutorials_explain_the_steps_to_everyone(as_role, role):
    html = as_role(role).get(reverse("portal:tutorials")).content.decode()
    assert "個人(召集人)申請" in html and "學校帳號彙整" in html


# Modules not offered yet: no dead links -----------------------------------------------------


@pytest.mark.parametrize("module", sorted(NOT_YET_OFFERED))
@pytest.mark.parametrize("role", EVERYONE)
def test_modules_other_than_community_say_they_are_not_offered_yet(as_role, role, module):
    response = as_role(role).get(reverse(f"portal:{module}"))
    html = response.content.decode()
    label = str(NOT_YET_OFFERED[module])
    assert response.status_code == 200
    assert f"「{label}」模組尚未開放，目前平台提供社群申辦服務。" in html


# 功能專區 and 社群 (signed in) ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url_name", ["portal:functions", "portal:community", "notifications:inbox"]
)
def test_signed_in_pages_send_visitors_to_login(client, url_name):
    url = reverse(url_name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("role", ROLES)
def test_functions_menu_lists_the_four_modules(as_role, role):
    html = as_role(role).get(reverse("portal:functions")).content.decode()
    for label in ["教學輔導", "到校諮詢 一般", "到校諮詢 指定", "社群"]:
        assert label in html
    for entry in FUNCTIONS:
        assert f'href="{reverse(entry.url_name)}"' in html


COMMUNITY_MENU = {
    "teacher": ["申請", "社群計畫查詢"],
    "school_admin": ["案件查詢", "申請總表", "經費總表", "成果報告", "研習時數"],
    "reviewer": ["審查案件"],
    "center": ["案件查詢", "成果報告", "研習時數"],
}


@pytest.mark.parametrize("role", ROLES)
def test_community_menu_shows_each_role_its_own_entries(as_role, role):
    response = as_role(role).get(reverse("portal:community"))
    labels = [str(entry.label) for entry in response.context["entries"]]
    assert labels == COMMUNITY_MENU[role]
    html = response.content.decode()
    assert '首頁</a> / <span>功能專區</span> / <span aria-current="page">社群</span>' in html


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_entry_a_role_sees_leads_to_a_page(as_role, role, program):
    client = as_role(role)
    user = client.get(reverse("portal:home")).context["user"]
    entries = TOP + FUNCTIONS + [e for e in COMMUNITY if e.visible_to(user)]
    for entry in entries:
        response = client.get(reverse(entry.url_name))
        assert response.status_code in (200, 302), (entry.url_name, response.status_code)


# 訊息通知 ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_inbox_shows_only_ones_own_messages(as_role, role):
    client = as_role(role)
    me = client.get(reverse("portal:home")).context["user"]
    Message.objects.create(recipient=me, event="submitted", title="您的社群申請已送出")
    Message.objects.create(recipient=UserFactory(), event="submitted", title="別人的訊息")
    html = client.get(reverse("notifications:inbox")).content.decode()
    assert "您的社群申請已送出" in html
    assert "別人的訊息" not in html


# 中心端 ---------------------------------------------------------------------------------------


def test_center_home_links_the_center_tools(as_role):
    html = as_role("center").get(reverse("center:home")).content.decode()
    for url_name in [
        "admin:index",
        "people:import_schools",
        "people:import_accounts",
        "people:audit_log",
        "summaries:case_query",
    ]:
        assert reverse(url_name) in html
    assert "中心端" in html


@pytest.mark.parametrize("role", ["teacher", "school_admin", "reviewer"])
def test_center_home_is_refused_to_other_roles(as_role, role):
    response = as_role(role).get(reverse("center:home"))
    assert response.status_code == 403
    assert "您的帳號無權使用此頁面。" in response.content.decode()


def test_center_home_sends_visitors_to_login(client):
    response = client.get(reverse("center:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_only_the_center_sees_the_center_link_in_the_menu(as_role):
    link = f'href="{reverse("center:home")}"'
    assert link in as_role("center").get(reverse("portal:home")).content.decode()


@pytest.mark.parametrize("role", [None, "teacher", "school_admin", "reviewer"])
def test_others_do_not_see_the_center_link(as_role, role):
    link = f'href="{reverse("center:home")}"'
    assert link not in as_role(role).get(reverse("portal:home")).content.decode()


# Unknown address --------------------------------------------------------------------------


def test_unknown_address_shows_the_chinese_not_found_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "找不到頁面" in response.content.decode()
