import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from communities import workflow

from .builders import make_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def applications(school, other_school, no_premium):
    make_application(school=school, name="甲社群", members=4, lines={1: (2, 1600), 6: (1, 400)})
    make_application(
        school=school,
        name="乙社群",
        type_number=2,
        cross=True,
        partners=[other_school],
        members=6,
        lines={1: (3, 1600), 3: (2, 2500), 7: (1, 12345)},
        status=workflow.SCHOOL_ACCEPTED,
    )
    make_application(school=school, name="草稿社群", status=workflow.DRAFT, lines={7: (1, 999)})
    make_application(
        school=other_school,
        name="他校主辦跨校社群",
        cross=True,
        partners=[school],
        lines={7: (1, 7000)},
    )


def _sheet(response):
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 1
    return workbook.active


def _rows(sheet):
    return [[cell for cell in row] for row in sheet.iter_rows()]


def _total_row(sheet):
    return next(row for row in _rows(sheet) if row[0].value == "合計")


def _page_number(html: str, element_id: str) -> int:
    match = re.search(rf'id="{element_id}">([\d,]+)<', html)
    return int(match.group(1).replace(",", ""))


def test_application_summary_xlsx_matches_the_page(admin_client, applications):
    html = admin_client.get(reverse("summaries:application_summary")).content.decode()
    response = admin_client.get(reverse("summaries:application_summary_xlsx"))
    sheet = _sheet(response)

    assert "attachment" in response["Content-Disposition"]
    assert sheet.title == "申請總表"
    headers = [cell.value for cell in _rows(sheet)[0]]
    assert headers[:10] == [
        "序",
        "社群名稱",
        "社群類型",
        "同校/跨校",
        "合作學校",
        "學年/學科/領域",
        "召集人",
        "成員數",
        "申請經費(元)",
        "經費上限(元)",
    ]
    names = [row[1].value for row in _rows(sheet)[1:3]]
    assert names == ["甲社群", "乙社群"]
    total = _total_row(sheet)
    assert total[7].value == 10
    assert total[8].value == _page_number(html, "requested-total") == 3600 + 22145
    assert isinstance(total[8].value, int)
    assert total[8].number_format == "#,##0"
    assert total[9].value == 3000 + 20000
    values = [cell.value for row in _rows(sheet) for cell in row]
    assert "草稿社群" not in values
    # The partner's community is listed below the totals, marked, and not summed.
    assert "本校參與之跨校社群（由主辦學校彙整，不計入本校合計）" in values
    assert "他校主辦跨校社群" in values


def test_budget_summary_xlsx_matches_the_page(admin_client, applications):
    html = admin_client.get(reverse("summaries:budget_summary")).content.decode()
    sheet = _sheet(admin_client.get(reverse("summaries:budget_summary_xlsx")))

    assert sheet.title == "經費總表"
    headers = [cell.value for cell in _rows(sheet)[0]]
    assert headers[5] == "1.外聘講座鐘點費"
    assert headers[-3:] == ["合計(元)", "經費上限(元)", "備註"]
    total = _total_row(sheet)
    grand = total[len(headers) - 3]
    assert grand.value == _page_number(html, "school-total") == _page_number(html, "rows-total")
    assert grand.value == 25745
    assert total[5].value == 8000  # 外聘講座鐘點費 summed over both applications
    assert all(isinstance(cell.value, int) for cell in total[5 : len(headers) - 1])
    assert all(cell.number_format == "#,##0" for cell in total[5 : len(headers) - 1])
    assert total[len(headers) - 2].value == _page_number(html, "ceiling-total") == 23000
    body = _rows(sheet)[1:3]
    assert [row[len(headers) - 3].value for row in body] == [3600, 22145]


def test_export_file_names_say_year_and_school(admin_client, applications):
    response = admin_client.get(reverse("summaries:budget_summary_xlsx"))

    disposition = response["Content-Disposition"]
    assert "109" in disposition
    assert "%E7%B6%93%E8%B2%BB%E7%B8%BD%E8%A1%A8" in disposition  # 經費總表, RFC 5987 encoded


FORMULAS = [
    '=HYPERLINK("http://evil.example/","x")',
    "=1+2",
    "+SUM(A1:A2)",
    "-2+3",
    "@cmd",
    "\t=1",
    "\r=1",
]


@pytest.mark.parametrize("typed", FORMULAS)
@pytest.mark.parametrize(
    "export", ["summaries:application_summary_xlsx", "summaries:budget_summary_xlsx"]
)
def test_typed_text_that_looks_like_a_formula_is_exported_as_text(
    admin_client, school, typed, export
):
    make_application(school=school, name=typed, convenor_name=typed, lines={7: (1, 1200)})
    sheet = _sheet(admin_client.get(reverse(export)))
    cells = [cell for row in _rows(sheet) for cell in row if cell.value == typed]
    # The 社群名稱 and the 召集人 cells hold exactly what was typed, as text.
    assert len(cells) == 2
    assert all(cell.data_type == "s" for cell in cells)
    assert not any(
        cell.data_type == "f" for row in _rows(sheet) for cell in row if cell.value is not None
    )
    # The money stays a number.
    total = _total_row(sheet)
    assert any(cell.value == 1200 and cell.data_type == "n" for cell in total)
