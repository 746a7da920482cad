"""語言 / Language in the header, at a phone's width: a visitor and a signed-in teacher switch."""

import pytest
from playwright.sync_api import expect

from people.models import User
from people.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_visitor_switches_to_english_and_back_at_390_px(browser_page):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    switch = page.get_by_role("button", name="English")
    expect(switch).to_be_visible()
    assert fits(page)
    switch.click()
    expect(page.locator("header")).to_contain_text("Sign in")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main")).to_contain_text("Language changed.")
    assert fits(page)
    page.get_by_role("button", name="繁體中文").click()
    expect(page.locator("header")).to_contain_text("登入")


def test_a_teacher_switches_and_the_account_keeps_it_at_390_px(browser_page, login):
    teacher = UserFactory(teacher=True)
    page = login(teacher.username)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_role("link", name="Account security")).to_be_visible()
    assert fits(page)
    assert User.objects.get(pk=teacher.pk).language == "en"
