"""The center writes, schedules and publishes an announcement with an attachment, by the page's
visible labels; a visitor sees it on 首頁 only once it is public."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from people.tests.factories import UserFactory
from testsupport.pdfs import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_center_schedules_then_publishes_and_a_visitor_sees_it(login, chromium, live_server):
    UserFactory(username="center1", center=True)
    page = login("center1")
    page.goto("/center/announcements/")
    page.get_by_role("link", name="撰寫公告").click()

    page.get_by_label("標題").fill("109學年度社群說明會")
    page.get_by_label("內容").fill("說明會議程詳如附件。")
    start = timezone.localtime() + timedelta(days=2)
    page.get_by_label("公告時間").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("置頂").check()
    page.get_by_label("新增附件").set_input_files(
        [{"name": "議程.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    page.get_by_role("button", name="公告", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("已排程")
    row = page.locator("#announcements tbody tr", has_text="109學年度社群說明會")
    expect(row).to_contain_text("排程中")

    visitor = chromium.new_context(base_url=live_server.url, locale="zh-TW")
    home = visitor.new_page()
    home.goto("/")
    expect(home.locator("main")).not_to_contain_text("109學年度社群說明會")

    # The center publishes it now: the time emptied means now.
    row.get_by_role("link", name="109學年度社群說明會").click()
    expect(page.locator("#current-files")).to_contain_text("議程.pdf")
    page.get_by_label("公告時間").fill("")
    page.get_by_role("button", name="儲存", exact=True).click()
    row = page.locator("#announcements tbody tr", has_text="109學年度社群說明會")
    expect(row).to_contain_text("公告中")

    home.reload()
    main = home.locator("main")
    expect(main).to_contain_text("109學年度社群說明會")
    expect(main.locator("li", has_text="109學年度社群說明會")).to_contain_text("置頂")
    home.get_by_role("link", name="109學年度社群說明會").click()
    expect(home.locator("article")).to_contain_text("說明會議程詳如附件。")
    with home.expect_download() as download:
        home.get_by_role("link", name="議程.pdf").click()
    assert download.value.suggested_filename == "議程.pdf"
    visitor.close()


def test_a_bad_file_keeps_the_typed_text_in_the_browser(login):
    UserFactory(username="center2", center=True)
    page = login("center2")
    page.goto("/center/announcements/new/")
    page.get_by_label("標題").fill("附件有誤")
    page.get_by_label("內容").fill("打好的內容")
    page.get_by_label("新增附件").set_input_files(
        [{"name": "假的.pdf", "mimeType": "application/pdf", "buffer": b"not a pdf"}]
    )
    page.get_by_role("button", name="儲存草稿").click()
    expect(page.locator("#id_files-error")).to_contain_text("「假的.pdf」")
    assert page.get_by_label("標題").input_value() == "附件有誤"
    assert page.get_by_label("內容").input_value() == "打好的內容"
