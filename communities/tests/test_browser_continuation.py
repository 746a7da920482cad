"""A convenor continues last year's closed community in the new year from its 流程進度 page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from communities.models import Application
from people.tests.factories import UserFactory
from programs.services import program_year_copy, program_year_window
from testsupport.flow import center_user, closed_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_convenor_continues_a_closed_community_into_the_new_year(login, seeded_rules, program):
    convenor = UserFactory(username="convenor1", teacher=True)
    closed = closed_application(program, convenor=convenor, name="閱讀理解共備社群")
    y110 = program_year_copy(source=program, by=center_user())
    program_year_window(
        program=y110,
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=30),
        opened=True,
        by=center_user(),
    )

    page = login("convenor1")
    page.goto("/community/mine/")
    page.get_by_role("link", name="續辦至110學年度").click()
    expect(page.get_by_text("可於110學年度續辦（第2年）")).to_be_visible()
    page.get_by_role("button", name="續辦至110學年度").click()

    expect(page.get_by_text("建立110學年度續辦（第2年）的申請草稿")).to_be_visible()
    draft = Application.objects.get(program=y110, convenor=convenor)
    assert draft.previous == closed
    page.get_by_role("link", name="編輯申請表").click()
    expect(page.get_by_label("社群名稱")).to_have_value("閱讀理解共備社群")
