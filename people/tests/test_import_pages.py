"""The center's import pages: who may open them, what a good and a bad upload show."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from people.models import School, User
from people.tests.factories import UserFactory
from people.tests.import_files import SCHOOL_HEADER, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

PAGES = [
    "people:import_schools",
    "people:import_accounts",
    "people:import_schools_sample",
    "people:import_accounts_sample",
    "people:audit_log",
]


@pytest.fixture
def center_client(client):
    client.force_login(UserFactory(center=True))
    return client


@pytest.mark.parametrize("url_name", PAGES)
def test_visitor_is_sent_to_login(client, url_name):
    url = reverse(url_name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("url_name", PAGES)
@pytest.mark.parametrize("role", ["teacher", "school_admin", "reviewer"])
def test_other_roles_see_no_permission(client, url_name, role):
    client.force_login(UserFactory(**{role: True}))
    response = client.get(reverse(url_name))
    assert response.status_code == 403
    assert "您的帳號無權使用此頁面。" in response.content.decode()


def test_schools_page_explains_formats_and_columns(center_client):
    html = center_client.get(reverse("people:import_schools")).content.decode()
    assert "接受 CSV（UTF-8 或 Big5 編碼）或 Excel（.xlsx）檔" in html
    for column in ["學校代碼", "學校名稱", "行政區", "學習階段", "班級數", "策略聯盟工作圈"]:
        assert f'<th scope="row">{column}</th>' in html
    assert "待加強_數學_106" in html
    assert reverse("people:import_schools_sample") in html


def test_accounts_page_explains_roles_and_passwords(center_client):
    html = center_client.get(reverse("people:import_accounts")).content.decode()
    assert "教師、學校承辦人、中心承辦、審查委員" in html
    assert "新帳號暫時無法登入" in html
    assert reverse("people:import_accounts_sample") in html


def test_good_upload_imports_and_says_how_many(center_client):
    rows = [SCHOOL_HEADER, ["214503", "市立六甲國中", "六甲區", "國中", "9", ""]]
    upload = SimpleUploadedFile("學校.csv", csv_bytes(rows), content_type="text/csv")
    response = center_client.post(reverse("people:import_schools"), {"file": upload}, follow=True)
    assert "「學校.csv」匯入完成：新增 1 筆、更新 0 筆。" in response.content.decode()
    assert School.objects.filter(code="214503").exists()


def test_bad_upload_lists_each_bad_row_and_imports_nothing(center_client):
    rows = [
        SCHOOL_HEADER,
        ["214503", "市立六甲國中", "六甲區", "國中", "9", ""],
        ["214504", "市立官田國中", "官田區", "高中", "11", ""],
    ]
    upload = SimpleUploadedFile("學校.xlsx", xlsx_bytes(rows))
    response = center_client.post(reverse("people:import_schools"), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "「學校.xlsx」有 1 個錯誤，未匯入任何資料。" in html
    assert (
        "第 3 列" in html
        and "<td>學習階段</td>" in html
        and "學習階段應為 國小、國中 之一。" in html
    )
    assert "重新選擇檔案上傳" in html
    assert School.objects.count() == 0


def test_posting_without_a_file_asks_for_one(center_client):
    response = center_client.post(reverse("people:import_accounts"), {})
    assert "請選擇要匯入的檔案。" in response.content.decode()


def test_the_sample_files_import_as_they_are(center_client):
    schools = center_client.get(reverse("people:import_schools_sample"))
    assert schools["Content-Type"].startswith("text/csv")
    assert schools.content.startswith("\ufeff學校代碼".encode())
    assert "待加強_數學_107" in schools.content.decode("utf-8-sig")
    accounts = center_client.get(reverse("people:import_accounts_sample"))
    for name, response, url_name in [
        ("schools.csv", schools, "people:import_schools"),
        ("accounts.csv", accounts, "people:import_accounts"),
    ]:
        upload = SimpleUploadedFile(name, response.content)
        result = center_client.post(reverse(url_name), {"file": upload}, follow=True)
        assert "匯入完成" in result.content.decode(), result.content.decode()
    assert School.objects.count() == 2
    assert User.objects.filter(username="t214503001", school__code="214503").exists()
    assert User.objects.get(username="s214503").title == "教學組長"


def test_center_home_and_school_list_link_the_imports(center_client):
    home = center_client.get(reverse("center:home")).content.decode()
    assert reverse("people:import_schools") in home
    assert reverse("people:import_accounts") in home
    schools = center_client.get(reverse("admin:people_school_changelist")).content.decode()
    assert reverse("people:import_schools") in schools
    users = center_client.get(reverse("admin:people_user_changelist")).content.decode()
    assert reverse("people:import_accounts") in users
