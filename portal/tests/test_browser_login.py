import re

import pytest
from playwright.sync_api import expect

from people.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_teacher_signs_in_lands_on_home_and_finds_the_community_menu(login):
    UserFactory(username="t1", teacher=True)
    page = login("t1")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", name="您的待辦")).to_be_visible()
    page.get_by_role("link", name="功能專區").click()
    page.get_by_role("link", name="社群", exact=True).click()
    expect(page).to_have_url(re.compile(r"/functions/community/$"))
    expect(page.get_by_role("link", name="申請")).to_be_visible()
    expect(page.get_by_role("link", name="社群計畫查詢")).to_be_visible()
