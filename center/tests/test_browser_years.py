"""The center copies 109 into 110, reads the two years side by side and opens 110."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.roc import roc_date
from people.tests.factories import UserFactory
from programs.models import ProgramYear

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_center_copies_the_year_checks_the_differences_and_opens_the_new_year(login, seeded_rules):
    UserFactory(username="center1", center=True)
    page = login("center1")
    page.get_by_role("link", name="年度規則與下一學年度").click()
    page.get_by_role("link", name="複製為110學年度").click()
    expect(page.get_by_role("heading", name="將109學年度規則複製為110學年度")).to_be_visible()
    page.get_by_role("button", name="確認複製為110學年度").click()

    expect(page.get_by_role("heading", name="110學年度與109學年度規則對照")).to_be_visible()
    expect(page.get_by_text("已將109學年度規則複製為110學年度")).to_be_visible()
    expect(page.locator("#window").get_by_text("尚未開放")).to_be_visible()
    expect(page.get_by_text("與109學年度共 0 處不同。")).to_be_visible()
    y110 = ProgramYear.objects.get(academic_year=110)
    assert not y110.window_opened

    today = timezone.localdate()
    page.get_by_label("申請開始日").fill(roc_date(today))
    page.get_by_label("申請截止日").fill(roc_date(today.replace(day=1)))
    page.get_by_role("button", name="開放申請").click()
    expect(page.get_by_text("請勾選已核對本學年度規則後再開放申請。")).to_be_visible()
    expect(page.get_by_label("申請截止日")).to_have_value(roc_date(today.replace(day=1)))

    page.get_by_label("申請開始日").fill(roc_date(today.replace(day=1)))
    page.get_by_label("開始時間").fill("00:00")
    page.get_by_label("申請截止日").fill(roc_date(today))
    page.get_by_label("截止時間").fill("23:59")
    page.get_by_label("我已核對本學年度規則").check()
    page.get_by_role("button", name="開放申請").click()
    expect(page.get_by_text("110學年度已開放申請")).to_be_visible()
    y110.refresh_from_db()
    assert y110.window_opened and y110.window_is_open()
