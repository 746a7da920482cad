"""The center's rule pages in the site's look: the platform's header and a way back, a
breadcrumb from 首頁, the year's dates in 民國 beside the admin's own, and a year's page (its
quota table among the rest) no wider than a 1366 px screen."""

import re

import pytest
from playwright.sync_api import expect

from people.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_years_rules_show_roc_dates_and_fit_the_screen(login, seeded_rules):
    UserFactory(center=True, username="center109")
    page = login("center109")
    page.set_viewport_size({"width": 1366, "height": 900})

    page.goto("/admin/")
    crumbs = page.locator(".breadcrumbs")
    expect(crumbs).to_contain_text("首頁")
    expect(crumbs).to_contain_text("中心端")
    expect(page.get_by_role("link", name="回平台首頁")).to_be_visible()

    page.get_by_role("link", name="年度計畫", exact=True).first.click()
    expect(page.locator("#result_list")).to_contain_text("民國 109/08/01")
    page.get_by_role("link", name="109學年度").click()
    start = page.get_by_label("學年度開始日")
    expect(start).to_have_value("2020/08/01")
    expect(page.locator("#id_start_date ~ .roc-date")).to_have_text("民國 109/08/01")
    start.fill("2020/09/15")
    expect(page.locator("#id_start_date ~ .roc-date")).to_have_text("民國 109/09/15")
    expect(page).to_have_title(re.compile("109學年度"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    quota = page.locator("#quota_rules-group")
    expect(quota).to_be_visible()
    assert quota.evaluate("e => e.getBoundingClientRect().right") <= 1366
