"""The 核定名單 equals the year's decisions: every funded application, its approved amount, the
total; .xlsx cells hold names as text and amounts as numbers; the PDF carries the names."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from communities import workflow
from communities.models import Application
from portal.approved import approved_list, approved_list_pdf, approved_list_xlsx
from portal.models import Announcement
from testsupport.flow import application_in
from testsupport.shared import fresh, open_program, shared_data

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="class")
def decisions_once(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        program = open_program()
        approved = application_in(
            workflow.APPROVED, program, name="=數學素養共備社群", convenor_name="曾鼎育"
        )
        second = application_in(
            workflow.APPROVED, program, name="英語閱讀社群", type_number=2, convenor_name="王小明"
        )
        application_in(workflow.FIRST_PASSED, program, name="尚未核定的社群")
        application_in(workflow.REJECTED, program, name="不通過的社群")
        yield [approved, second]


@pytest.fixture
def decisions(decisions_once, program):
    """Two approved applications, one passed the first review, one rejected: built once per class."""
    return [fresh(a) for a in decisions_once]


class TestDecisions:
    """Tests on the year's decisions, built once for the class (each test's changes rolled back)."""

    def test_the_list_holds_every_funded_application_with_its_amount(self, program, decisions):
        listing = approved_list(program=program)
        funded = Application.objects.filter(
            program=program, status__in=workflow.states_where(funded=True)
        )
        assert {row.name for row in listing.rows} == {a.name for a in funded}
        assert {row.name for row in listing.rows} == {"=數學素養共備社群", "英語閱讀社群"}
        assert listing.total == sum(a.approved_amount for a in funded)
        assert listing.total > 0
        by_name = {row.name: row for row in listing.rows}
        first = decisions[0]
        assert by_name[first.name].school == first.school.name
        assert by_name[first.name].convenor == "曾鼎育"
        assert by_name[first.name].community_type == first.community_type.name
        assert by_name[first.name].amount == first.approved_amount

    def test_xlsx_cells_are_text_for_names_and_numbers_for_amounts(self, program, decisions):
        listing = approved_list(program=program)
        sheet = load_workbook(io.BytesIO(approved_list_xlsx(listing))).active
        rows = list(sheet.iter_rows(values_only=False))
        assert rows[0][0].value == listing.title
        assert [c.value for c in rows[1]] == [
            "序",
            "學校",
            "社群名稱",
            "類型",
            "召集人",
            "核定金額(元)",
        ]
        body = rows[2:-1]
        assert len(body) == 2
        for cells, row in zip(body, listing.rows, strict=True):
            assert cells[1].value == row.school and cells[1].data_type == "s"
            assert cells[2].value == row.name and cells[2].data_type == "s"
            assert cells[4].value == row.convenor and cells[4].data_type == "s"
            assert cells[5].value == row.amount and cells[5].data_type == "n"
        formula_like = next(c for c in body if c[2].value.startswith("="))
        assert formula_like[2].data_type == "s"  # typed text, never a formula
        total = rows[-1]
        assert total[0].value == "合計 2 個社群"
        assert total[5].value == sum(d.approved_amount for d in decisions)
        assert total[5].data_type == "n"

    def test_pdf_text_contains_the_names_and_the_total(self, program, decisions):
        listing = approved_list(program=program)
        reader = PdfReader(io.BytesIO(approved_list_pdf(listing)))
        text = "".join(page.extract_text() for page in reader.pages)
        for row in listing.rows:
            assert row.name in text and row.school in text and row.convenor in text
        assert f"{listing.total:,}" in text
        assert "核定名單" in text

    def test_one_click_makes_a_draft_with_both_files(self, center_client, program, decisions):
        response = center_client.post(reverse("portal:center_approved_list"), {"year": 109})
        announcement = Announcement.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "portal:center_announcement_edit", args=[announcement.pk]
        )
        assert announcement.state() == Announcement.State.DRAFT
        assert "109學年度教師專業學習社群核定名單" in announcement.title
        total = sum(d.approved_amount for d in decisions)
        assert "核定 2 個社群" in announcement.body and f"{total:,}" in announcement.body
        files = list(announcement.attachments.values_list("original_name", "kind"))
        assert files == [
            ("109學年度教師專業學習社群核定名單.xlsx", "xlsx"),
            ("109學年度教師專業學習社群核定名單.pdf", "pdf"),
        ]
        page = center_client.get(response["Location"]).content.decode()
        assert "核定名單.xlsx" in page and "核定名單.pdf" in page


def test_without_decisions_the_center_is_told_and_nothing_is_made(center_client, program):
    response = center_client.post(
        reverse("portal:center_approved_list"), {"year": 109}, follow=True
    )
    assert "109學年度尚無核定的社群，無法產生核定名單。" in response.content.decode()
    assert not Announcement.objects.exists()
