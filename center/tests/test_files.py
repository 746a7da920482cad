"""背景產製檔案: the center asks for a year's 年度報告 or 成果彙編 on a page; the worker makes it;
the page lists it with its state and a download link only center staff can follow."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from communities.tests.helpers import Page
from documents.generated import generated_file_request, generated_files_make_queued
from documents.models import GeneratedFile
from people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FILES = reverse("center:files")


@pytest.fixture
def center(db):
    return UserFactory(center=True, first_name="", last_name="", username="center1")


@pytest.fixture
def center_client(client, center):
    client.force_login(center)
    return client


def test_the_center_asks_for_the_year_report_and_downloads_it_once_made(center_client, program):
    response = center_client.post(FILES, {"kind": "year_report", "year": "109"}, follow=True)

    page = Page(response)
    assert "已排入產製：109學年度年度報告(xlsx)。完成後可在下方下載。" in page.html
    row = GeneratedFile.objects.get()
    assert "排隊中" in page.text(f"file-{row.pk}")
    assert page.by_id("files").get("hx-trigger") == "every 3s"  # the list updates itself

    assert generated_files_make_queued() == 1
    page = Page(center_client.get(FILES))
    cells = page.text(f"file-{row.pk}")
    assert "完成" in cells and "109學年度教師專業學習社群年度報告.xlsx" in cells
    assert page.by_id("files").get("hx-trigger") is None  # nothing left to wait for

    download = center_client.get(reverse("center:file_download", args=[row.pk]))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert "各社群" in workbook.sheetnames


def test_asking_twice_while_it_is_made_queues_one(center_client, program):
    center_client.post(FILES, {"kind": "compendium", "year": "109"})
    response = center_client.post(FILES, {"kind": "compendium", "year": "109"}, follow=True)

    assert "109學年度成果彙編(PDF)已在產製中，請稍候。" in response.content.decode()
    assert GeneratedFile.objects.count() == 1


def test_a_missing_choice_is_said_at_its_field_and_the_other_kept(center_client, program):
    response = center_client.post(FILES, {"kind": "", "year": "109"})

    assert response.status_code == 400
    page = Page(response)
    assert "請選擇要產製的檔案。" in page.text("f-kind")
    assert page.root.find(".//*[@id='f-year']//*[@selected]") is not None
    response = center_client.post(FILES, {"kind": "year_report", "year": "1"})
    assert "請選擇學年度。" in Page(response).text("f-year")
    assert GeneratedFile.objects.count() == 0


def test_a_failed_file_shows_its_reason_and_no_link(center_client, program, center, monkeypatch):
    from documents import generated

    def broken(program):
        raise RuntimeError("no")

    monkeypatch.setitem(
        generated.KINDS,
        "year_report",
        generated.GeneratedKind("year_report", "年度報告(xlsx)", broken),
    )
    row, _ = generated_file_request(kind="year_report", program=program, by=center)
    generated_files_make_queued()

    page = Page(center_client.get(FILES))
    assert "失敗" in page.text(f"file-{row.pk}")
    assert "產製時發生錯誤" in page.text(f"file-{row.pk}")
    assert center_client.get(reverse("center:file_download", args=[row.pk])).status_code == 404


@pytest.mark.parametrize("role", ["teacher", "school_admin", "reviewer"])
def test_only_center_staff_reach_the_page_and_the_files(client, program, center, role):
    row, _ = generated_file_request(kind="year_report", program=program, by=center)
    generated_files_make_queued()
    client.force_login(UserFactory(**{role: True}))

    assert client.get(FILES).status_code == 403
    assert client.post(FILES, {"kind": "year_report", "year": "109"}).status_code == 403
    assert client.get(reverse("center:file_download", args=[row.pk])).status_code == 403
    assert GeneratedFile.objects.count() == 1


def test_the_list_costs_the_same_for_few_and_many_files(
    center_client, program, center, django_assert_max_num_queries
):
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert center_client.get(FILES).status_code == 200
        return len(queries)

    generated_file_request(kind="year_report", program=program, by=center)
    few = count()
    GeneratedFile.objects.bulk_create(
        GeneratedFile(kind="compendium", program=program, requested_by=center, state="done")
        for _ in range(40)
    )
    with django_assert_max_num_queries(few):
        assert center_client.get(FILES).status_code == 200
