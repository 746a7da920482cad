"""指定審查's reviewer picker in a real browser: typing a name lists the matching reviewers in
place (htmx), the one ticked stays ticked, and 指定審查 assigns them."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from communities import workflow
from people.tests.factories import UserFactory
from reviews.models import ReviewAssignment
from testsupport.flow import application_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_rules"),
]


def test_the_center_finds_reviewers_as_it_types_and_assigns_them(login, program):
    application = application_in(workflow.SENT_TO_CENTER, program, name="搜尋委員社群")
    UserFactory(username="center1", center=True)
    for n in range(25):
        UserFactory(reviewer=True, name=f"一般委員{n:02d}")
    wanted = UserFactory(reviewer=True, name="王找得到")
    second = UserFactory(reviewer=True, name="李也找到")

    page = login("center1")
    page.goto(reverse("center:applications") + f"?status={workflow.SENT_TO_CENTER}")
    picker = page.locator("#reviewer-list")
    expect(picker).to_contain_text("只列出前 20 位")
    expect(picker.get_by_label("王找得到")).to_have_count(0)

    page.locator("#id_reviewer_q").fill("找得到")
    expect(picker.get_by_label("王找得到")).to_be_visible()
    expect(picker).not_to_contain_text("一般委員")
    picker.get_by_label("王找得到").check()

    page.locator("#id_reviewer_q").fill("也找到")
    expect(picker.get_by_label("李也找到")).to_be_visible()
    expect(picker.get_by_label("王找得到")).to_be_checked()  # kept, ticked, at the top
    picker.get_by_label("李也找到").check()

    page.locator(f"#app-{application.pk}").check()
    with page.expect_navigation():
        page.get_by_role("button", name="指定審查", exact=True).click()
    with page.expect_navigation():
        page.get_by_role("button", name="確認指定審查").click()

    expect(page.locator(".flash")).to_contain_text("已指定 2 組審查")
    assert set(
        ReviewAssignment.objects.filter(application=application).values_list("reviewer", flat=True)
    ) == {wanted.pk, second.pk}


@pytest.mark.parametrize(
    "viewport", [{"width": 390, "height": 844}, {"width": 1366, "height": 900}]
)
def test_the_list_with_its_picker_fits_the_screen(chromium, live_server, login, program, viewport):
    from config.tests.test_every_page_browser import _problems

    application_in(workflow.SENT_TO_CENTER, program, name="版面社群")
    UserFactory(username="center1", center=True)
    for n in range(25):
        UserFactory(reviewer=True, name=f"版面委員{n:02d}")
    page = login("center1")
    page.set_viewport_size(viewport)
    url = reverse("center:applications") + "?reviewer_q=版面"
    page.goto(url)
    expect(page.locator("#reviewer-list")).to_contain_text("版面委員00")

    if viewport["width"] == 390:
        # The every-page sweep's checks: no sideways scroll, 44 px tap targets, title, breadcrumb.
        assert _problems(page, url, axe=False) == []
    else:
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
