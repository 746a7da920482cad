"""The center's 成果彙編 PDF: a cover, a table of contents, and a section per closed community
(結案_可彙整) with its people, sessions, public lesson, 成果與省思 and first photo embedded;
no other community's; the CJK font embedded; a fixed number of queries."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from center.compendium import Compendium, compendium_content
from communities import workflow
from outcomes.services import report_save
from people.tests.factories import SchoolFactory, UserFactory
from printing.compendium import compendium_html
from printing.rendering import render_pdf
from programs.models import ProgramYear
from testsupport.flow import advance, center_user, complete_application, fill_report
from testsupport.reports import bulk_reports

from .conftest import pdf_fonts, pdf_pages_text, pdf_reader, pdf_text

pytestmark = pytest.mark.django_db

COMPENDIUM = reverse("printing:compendium")


def _case(program, status, *, name, reflections, convenor_name, school=None):
    application = advance(
        complete_application(
            program, name=name, convenor_name=convenor_name, school=school or SchoolFactory()
        ),
        workflow.APPROVED,
    )
    report = fill_report(application)
    report_save(
        application=application,
        reflections=reflections,
        sessions={},
        fees={},
        spending={},
        by=application.convenor,
    )
    assert report.pk
    return advance(application, status)


@pytest.fixture(scope="module")
def book(django_db_setup, django_db_blocker):
    """Two closed communities of two schools and one whose report is still with the center,
    and the 成果彙編 the center downloads; built once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _book(open_program())
        transaction.set_rollback(True)


def open_program():
    program = ProgramYear.objects.get(academic_year=109)
    program.application_opens_at = timezone.now() - timedelta(days=1)
    program.application_closes_at = timezone.now() + timedelta(days=30)
    program.save()
    return program


def _book(program):
    cases = {
        "closed": _case(
            program,
            workflow.CLOSED,
            name="閱讀理解共備社群",
            reflections="學生提問的品質明顯提升",
            convenor_name="陳召集",
            school=SchoolFactory(name="市立甲國中", code="990001"),
        ),
        "closed_too": _case(
            program,
            workflow.CLOSED,
            name="數感探究社群",
            reflections="以分數教具設計差異化任務",
            convenor_name="林召集",
            school=SchoolFactory(name="市立乙國小", code="990002"),
        ),
        "forwarded": _case(
            program,
            workflow.REPORT_FORWARDED,
            name="尚未結案的英語社群",
            reflections="這段省思還在審核中",
            convenor_name="王召集",
        ),
    }
    client = Client()
    client.force_login(center_user())
    response = client.get(COMPENDIUM, {"year": 109})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return cases, response.content


def test_each_closed_community_has_its_section_and_no_other(book):
    cases, content = book
    text = pdf_text(content).replace("\n", "")
    for key in ("closed", "closed_too"):
        assert cases[key].name in text
    assert "學生提問的品質明顯提升" in text and "以分數教具設計差異化任務" in text
    assert "陳召集" in text and "市立甲國中" in text
    assert "分數的意義" in text  # the public lesson's theme
    assert "第1次共同備課" in text  # a session held
    assert "尚未結案的英語社群" not in text
    assert "這段省思還在審核中" not in text


def test_a_cover_and_a_table_of_contents_with_page_numbers(book):
    cases, content = book
    pages = [page.replace("\n", "") for page in pdf_pages_text(content)]
    assert "109學年度 教師專業學習社群成果彙編" in pages[0]
    assert "結案社群 2 個 · 2 校" in pages[0]
    assert "目次" in pages[1]
    # The book is in school-code order: 甲校's section first, on the page after the contents.
    assert pages[1].index("閱讀理解共備社群") < pages[1].index("數感探究社群")
    assert "閱讀理解共備社群" in pages[2]
    assert "1. 閱讀理解共備社群" in pages[1] and pages[1].split("閱讀理解共備社群")[1].lstrip(
        " （市立甲國中）."
    ).startswith("3")


def _drawn_images(page) -> list[str]:
    """The image XObjects the page's content draws (WeasyPrint shares one resource dictionary
    across pages, so what a page lists is not what it shows)."""
    xobjects = page["/Resources"].get_object().get("/XObject", {})
    images = [
        name for name, ref in xobjects.items() if ref.get_object().get("/Subtype") == "/Image"
    ]
    drawn = page.get_contents().get_data().decode("latin-1")
    return [name for name in images if f"{name} Do" in drawn]


def test_a_photo_of_each_community_is_embedded(book):
    cases, content = book
    reader = pdf_reader(content)
    drawn = [_drawn_images(page) for page in reader.pages]
    # Nothing on the cover and the contents; a photo in each community's section.
    assert drawn[0] == drawn[1] == []
    assert all(len(images) == 1 for images in drawn[2:4])
    image = reader.pages[2]["/Resources"].get_object()["/XObject"][drawn[2][0]].get_object()
    assert (image["/Width"], image["/Height"]) == (4, 3)
    assert reader.pages[2].images[0].image.size == (4, 3)


def test_the_cjk_font_is_embedded(book):
    cases, content = book
    fonts = pdf_fonts(content)
    assert fonts and all(font["embedded"] for font in fonts)
    assert any("NotoSansTC" in font["base_font"] for font in fonts)


def test_a_year_without_closed_communities_says_so(program):
    empty = Compendium(program=program, city="臺南市", generated_on=date(2021, 7, 31), sections=())
    text = pdf_text(render_pdf(compendium_html(empty), data_images=True)).replace("\n", "")
    assert "本學年度尚無結案_可彙整的社群" in text
    assert "110/07/31 產生" in text


@pytest.mark.parametrize("role", ["teacher", "school_admin", "reviewer"])
def test_only_the_center_prints_it(client, role):
    client.force_login(UserFactory(**{role: True}))
    assert client.get(COMPENDIUM).status_code == 403


@pytest.mark.parametrize("count", [5, 60])
def test_the_content_is_read_in_a_fixed_number_of_queries(
    program, count, django_assert_max_num_queries
):
    bulk_reports(program, count=count)
    with django_assert_max_num_queries(5):
        content = compendium_content(program=program)
    bulk = [s for s in content.sections if s.name.startswith("大量社群")]
    assert len(bulk) == count
    assert all(s.photo is not None and len(s.sessions) == 6 for s in bulk)
