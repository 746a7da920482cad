import re

import pytest
from playwright.sync_api import expect

from people.models import School
from people.tests.factories import UserFactory
from people.tests.import_files import SCHOOL_HEADER, csv_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_center_imports_a_school_list_after_fixing_the_row_it_was_told_about(login, tmp_path):
    UserFactory(username="center1", center=True)
    rows = [
        SCHOOL_HEADER + ["待加強_數學_107"],
        ["214503", "市立六甲國中", "六甲區", "國中", "9", "北區策略聯盟工作圈", "52.3"],
        ["214504", "市立官田國中", "台北區", "國中", "11", "北區策略聯盟工作圈", ""],
    ]
    bad = tmp_path / "學校清單.csv"
    bad.write_bytes(csv_bytes(rows))
    page = login("center1")
    expect(page).to_have_url(re.compile(r"/center/$"))
    page.get_by_role("link", name="匯入學校").click()
    page.get_by_label("檔案").set_input_files(str(bad))
    page.get_by_role("button", name="匯入").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "「學校清單.csv」有 1 個錯誤，未匯入任何資料。"
    )
    error_row = page.locator("table.import-errors tbody tr")
    expect(error_row).to_have_count(1)
    expect(error_row).to_contain_text("第 3 列")
    expect(error_row).to_contain_text("台北區")
    assert School.objects.count() == 0

    rows[2][2] = "官田區"
    good = tmp_path / "學校清單-修正.csv"
    good.write_bytes(csv_bytes(rows))
    page.get_by_label("檔案").set_input_files(str(good))
    page.get_by_role("button", name="匯入").click()
    expect(page.get_by_text("匯入完成：新增 2 筆、更新 0 筆。")).to_be_visible()
    assert School.objects.count() == 2
