"""社群成員: a partner school found by search and ticked on the 社群申請書 is offered at once in
the member rows that already exist (not only after 儲存), and 儲存 keeps a member of it."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from communities.models import Member
from people.tests.factories import AllianceCircleFactory, SchoolFactory
from testsupport.flow import complete_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_partner_school_ticked_is_offered_in_existing_member_rows(login, seeded_rules, program):
    lead = SchoolFactory(name="市立下營國中", alliance_circle=AllianceCircleFactory(name="北區"))
    SchoolFactory(name="市立佳里國中", alliance_circle=AllianceCircleFactory(name="南區"))
    application = complete_application(program, school=lead, name="跨校數學社群", cross=True)
    page = login(application.convenor.username)
    page.goto(reverse("communities:application_form", args=[application.pk]))

    school = page.locator("select[name='members-1-school']")
    far = school.locator("option", has_text="市立佳里國中")
    expect(far).to_have_count(0)
    page.get_by_label("搜尋其他學校").fill("佳里")
    page.locator("#partner-results").get_by_label("市立佳里國中").check()
    expect(far).to_have_count(1)
    school.select_option(label="市立佳里國中")
    # Unticked while a row has chosen it: that row keeps it (儲存 would say why it is wrong).
    page.locator("#partner-results").get_by_label("市立佳里國中").uncheck()
    expect(far).to_have_count(1)
    page.locator("#partner-results").get_by_label("市立佳里國中").check()

    with page.expect_navigation():
        page.get_by_role("button", name="儲存", exact=True).click()
    member = Member.objects.filter(application=application).order_by("order")[1]
    assert member.school.name == "市立佳里國中"
    assert application.partner_schools.filter(name="市立佳里國中").exists()
