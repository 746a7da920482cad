"""指定審查 and a 初審 decision in a real browser."""

import os

import pytest
from django.urls import reverse

from communities import workflow
from communities.models import Application
from communities.tests.factories import ApplicationFactory
from communities.tests.helpers import ready_application
from people.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name: str) -> None:
    """Keep a screenshot when SCREENSHOT_DIR is set (for looking at the page)."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, name), full_page=True)


def test_center_assigns_then_reviewer_passes_the_first_review(login, browser_page, program):
    application = ready_application(program, requests_budget=True)
    Application.objects.filter(pk=application.pk).update(status=workflow.SENT_TO_CENTER)
    other = ApplicationFactory(status=workflow.SENT_TO_CENTER, name="另一社群")
    UserFactory(username="center1", center=True)
    UserFactory(username="rev1", reviewer=True, name="外校委員")
    UserFactory(reviewer=True, name="同校委員", school=application.school)

    page = login("center1")
    page.goto(reverse("portal:center_home"))
    page.get_by_role("link", name="指定審查").click()
    page.locator(f"#app-{application.pk}").check()
    page.locator(f"#app-{other.pk}").check()
    page.get_by_label("外校委員").check()
    page.get_by_label("同校委員").check()
    page.get_by_role("button", name="指定審查").click()
    page.wait_for_load_state()

    flash = page.locator(".flash").inner_text()
    assert "已指定 3 組審查" in flash
    assert f"未指定「{application.name}」給 同校委員：審查委員與申請學校" in flash
    assert "審查中" in page.locator(f"#application-{application.pk}").inner_text()
    shot(page, "review_assign.png")

    page.context.clear_cookies()
    page = login("rev1")
    page.goto(reverse("communities:review_decision", args=[application.pk]))
    page.get_by_label("初審通過").check()
    page.get_by_label("審查意見").fill("計畫完整，同意初審通過。")
    shot(page, "review_decision.png")
    page.get_by_role("button", name="送出審查結果").click()
    page.wait_for_load_state()

    assert "初審通過俟複審通過後執行並填寫成果報告書" in page.locator(".flash").inner_text()
    assert "計畫完整，同意初審通過。" in page.locator("#review-history").inner_text()
