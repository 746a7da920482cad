import pytest

from people.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_teacher_signs_in_lands_on_home_and_finds_the_community_menu(login):
    UserFactory(username="t1", teacher=True)
    page = login("t1")
    assert page.url.endswith("/")
    assert page.get_by_role("heading", name="您的待辦").is_visible()
    page.get_by_role("link", name="功能專區").click()
    page.get_by_role("link", name="社群", exact=True).click()
    assert page.url.endswith("/functions/community/")
    assert page.get_by_role("link", name="申請").is_visible()
    assert page.get_by_role("link", name="社群計畫查詢").is_visible()
