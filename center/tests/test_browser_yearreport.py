"""The center's 核定 vs 實支 card and the year report made in the background and downloaded, by the
page's visible labels,
on a phone (390 px) and on a laptop (1366 px)."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from communities import workflow
from documents.generated import generated_files_make_queued
from people.tests.factories import UserFactory
from programs.models import ProgramYear
from testsupport.flow import advance, complete_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1366])
def test_the_center_reads_approved_against_spent_and_downloads_the_year_report(login, width):
    program = ProgramYear.objects.get(academic_year=109)
    program.application_opens_at = timezone.now() - timedelta(days=1)
    program.application_closes_at = timezone.now() + timedelta(days=30)
    program.save()
    advance(complete_application(program, name="核定的數學社群"), workflow.APPROVED)
    UserFactory(username="center1", center=True)
    page = login("center1")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/center/?year=109")

    card = page.locator("#spending")
    assert "核定金額與實支（依類型）" in card.inner_text()
    assert "1. 學年領域學習社群" in card.inner_text()
    # Nothing of the card reaches past the screen's edge.
    overflow = page.evaluate(
        "() => { const c = document.querySelector('#spending');"
        " return [c.getBoundingClientRect().right, document.documentElement.clientWidth,"
        " document.documentElement.scrollWidth]; }"
    )
    assert overflow[0] <= overflow[1] + 1 and overflow[2] <= overflow[1] + 1, overflow

    # Made in the background: the page it lands on updates itself once the worker has made it.
    card.get_by_role("button", name="產製年度報告(xlsx)").click()
    expect(
        page.get_by_text("已排入產製：109學年度年度報告(xlsx)。完成後可在下方下載。")
    ).to_be_visible()
    expect(page.locator("#files")).to_contain_text("排隊中")
    assert generated_files_make_queued() == 1
    link = page.get_by_role("link", name="109學年度教師專業學習社群年度報告.xlsx")
    expect(link).to_be_visible(timeout=10_000)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "109學年度教師專業學習社群年度報告.xlsx"
    workbook = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    assert any(row[2] == "核定的數學社群" for row in workbook["各社群"].iter_rows(values_only=True))
