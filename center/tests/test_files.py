"""背景產製檔案: the center asks for a year's 年度報告 or 成果彙編 on a page; the worker makes it;
the page lists it with its state and a download link only center staff can follow."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from communities.tests.helpers import Page
from documents.generated import generated_file_request, generated_files_make_queued
from documents.models import GeneratedFile
from people.tests.factories import SchoolFactory, UserFactory
from testsupport.html import NS, XHTML

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

    def broken(program, params):
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


# The whole year's lists: too long to export while the center waits -----------------------------


def _rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def _made(center_client, row: GeneratedFile) -> bytes:
    download = center_client.get(reverse("center:file_download", args=[row.pk]))
    assert download.status_code == 200
    return b"".join(download.streaming_content)


def test_the_whole_years_application_list_is_made_in_the_background(center_client, program):
    from testsupport.flow import complete_application

    complete_application(program, name='=HYPERLINK("http://evil.example/","x")')
    complete_application(program, name="其他社群")
    listing = reverse("center:applications")

    page = Page(center_client.get(listing, {"year": 109}))
    button = page.root.find(".//h:button[@form='year-export']", NS)
    assert button is not None and button.text == "產製全年度 .xlsx"
    form = page.by_id("year-export")
    assert form.get("action") == reverse("center:applications_export")
    assert form.get("method") == "post"
    assert {i.get("name"): i.get("value") for i in form.iter(f"{{{XHTML}}}input")} == {
        "csrfmiddlewaretoken": form.find(f"{{{XHTML}}}input").get("value"),
        "year": "109",
    }
    assert "在背景產製" in page.text("year-export-hint")
    assert page.root.find(".//h:a[.='匯出 .xlsx']", NS) is None

    response = center_client.post(form.get("action"), {"year": "109"}, follow=True)
    assert "已排入產製：109學年度申請案件列表(xlsx)。" in Page(response).html
    assert GeneratedFile.objects.get().description == "109學年度"
    assert generated_files_make_queued() == 1
    row = GeneratedFile.objects.get()
    assert row.filename == "109學年度社群申請案件.xlsx"
    made = _rows(_made(center_client, row))
    # The same workbook as the list's own export of the whole year, text kept as text.
    assert made == _rows(center_client.get(reverse("center:applications_xlsx")).content)
    assert {r[4] for r in made[1:]} == {'=HYPERLINK("http://evil.example/","x")', "其他社群"}


def test_a_filtered_list_longer_than_the_setting_is_made_in_the_background_as_filtered(
    center_client, program, settings
):
    from testsupport.flow import complete_application

    settings.EXPORT_AT_ONCE_MAX_ROWS = 1
    for name in ("甲社群", "乙社群"):
        complete_application(program, name=name)
    complete_application(program, name="跨校社群", cross=True, partners=[SchoolFactory()])
    listing = reverse("center:applications")

    page = Page(center_client.get(listing, {"scope": "same", "sort": "-name"}))
    assert page.root.find(".//h:button[@form='year-export']", NS).text == "產製 .xlsx"
    assert "超過 1 筆" in page.text("year-export-hint")
    posted = {
        i.get("name"): i.get("value") for i in page.by_id("year-export").iter(f"{{{XHTML}}}input")
    }
    assert posted["scope"] == "same" and posted["sort"] == "-name"

    response = center_client.post(
        reverse("center:applications_export"), {**posted, "csrfmiddlewaretoken": ""}, follow=True
    )
    row = GeneratedFile.objects.get()
    assert (row.kind, row.params) == ("applications_xlsx", {"scope": "same", "sort": "-name"})
    assert row.description == "109學年度；同校/跨校：同校"
    assert "109學年度；同校/跨校：同校" in Page(response).text(f"file-{row.pk}")
    # Asked again while it waits: the same file, not a second one; the whole year is another.
    center_client.post(reverse("center:applications_export"), posted)
    center_client.post(reverse("center:applications_export"), {"year": "109"})
    assert GeneratedFile.objects.count() == 2

    generated_files_make_queued()
    row.refresh_from_db()
    made = _rows(_made(center_client, row))
    at_once = center_client.get(
        reverse("center:applications_xlsx"), {"scope": "same", "sort": "-name"}
    ).content
    assert made == _rows(at_once)
    assert [r[4] for r in made[1:]] == ["甲社群", "乙社群"]


def test_a_wrong_filter_is_said_and_nothing_is_queued(center_client, program, settings):
    response = center_client.post(
        reverse("center:applications_export"), {"year": "109", "school": "不存在的學校"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("center:applications"))
    assert GeneratedFile.objects.count() == 0
    page = Page(center_client.get(response["Location"]))
    assert "篩選條件有誤，請修正後再產製。" in page.html
    assert page.value("school") == "不存在的學校"


def test_a_filtered_application_list_is_still_exported_at_once(center_client, program):
    page = Page(center_client.get(reverse("center:applications"), {"scope": "same"}))

    link = page.root.find(".//h:a[.='匯出 .xlsx']", NS)
    assert link.get("href").startswith(reverse("center:applications_xlsx") + "?")
    assert "scope=same" in link.get("href")
    assert page.root.find(".//*[@id='year-export']") is None


def test_every_schools_hours_are_made_in_the_background_one_schools_at_once(center_client, program):
    from communities import workflow
    from testsupport.flow import application_in

    application = application_in(workflow.CLOSED, program, convenor_name="曾鼎育")
    hours = reverse("outcomes:hours")

    page = Page(center_client.get(hours, {"year": 109}))
    assert page.root.find(".//h:button[@form='year-export']", NS).text == "產製全部學校 Excel"
    inputs = {
        i.get("name"): i.get("value") for i in page.by_id("year-export").iter(f"{{{XHTML}}}input")
    }
    assert inputs["kind"] == "hours_xlsx" and inputs["year"] == "109"
    one_school = Page(center_client.get(hours, {"year": 109, "school": application.school_id}))
    assert one_school.root.find(".//*[@id='year-export']") is None
    assert one_school.root.find(".//h:a[.='匯出 Excel']", NS) is not None

    center_client.post(FILES, {"kind": "hours_xlsx", "year": "109"})
    assert generated_files_make_queued() == 1
    row = GeneratedFile.objects.get()
    assert row.filename == "109學年度研習時數.xlsx"
    made = _rows(_made(center_client, row))
    assert made == _rows(center_client.get(reverse("outcomes:hours_xlsx"), {"year": 109}).content)
    assert len([r for r in made if r[0] == "曾鼎育"]) == application.sessions.count()
