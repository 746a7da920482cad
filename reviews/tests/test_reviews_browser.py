"""指定審查, two reviewers' reviews and the center's result, in a real browser."""

import os

import pytest
from django.urls import reverse
from post_office.models import Email

from communities import workflow
from communities.models import Application
from people.tests.factories import UserFactory
from testsupport.flow import application_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_rules"),
]


def shot(page, name: str) -> None:
    """Keep a screenshot when SCREENSHOT_DIR is set (for looking at the page)."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, name), full_page=True)


def test_center_assigns_two_reviewers_both_review_and_the_center_decides(login, program):
    application = application_in(workflow.SENT_TO_CENTER, program, name="數學素養共備社群")
    other = application_in(workflow.SENT_TO_CENTER, program, name="另一社群")
    UserFactory(username="center1", center=True)
    UserFactory(username="rev1", reviewer=True, name="甲委員")
    UserFactory(username="rev2", reviewer=True, name="乙委員")
    UserFactory(reviewer=True, name="同校委員", school=application.school)

    page = login("center1")
    page.goto(reverse("center:home"))
    page.get_by_role("link", name="申請案件與指定審查").click()
    page.get_by_label("學校已彙整送中心").check()
    page.get_by_role("button", name="查詢").click()
    page.wait_for_load_state()
    page.locator(f"#app-{application.pk}").check()
    page.locator(f"#app-{other.pk}").check()
    for name in ("甲委員", "乙委員", "同校委員"):
        page.locator("#f-reviewers").get_by_label(name).check()
    page.get_by_role("button", name="指定審查").click()
    page.wait_for_load_state()

    flash = page.locator(".flash").inner_text()
    assert "已指定 5 組審查" in flash
    assert f"未指定「{application.name}」給 同校委員：審查委員與申請學校" in flash
    assert "2 件申請狀態變更為「審查中」" in flash
    # The list keeps its filter: the applications now under review have left it.
    assert page.locator(f"#application-{application.pk}").count() == 0
    shot(page, "review_assign.png")

    for username, opinion in (("rev1", "計畫完整，同意初審通過。"), ("rev2", "公開授課安排合宜。")):
        page.context.clear_cookies()
        page = login(username)
        page.get_by_role("row", name=application.name).get_by_role("link", name="審查").click()
        page.get_by_label("初審通過").check()
        page.get_by_label("審查意見").fill(opinion)
        shot(page, f"review_{username}.png")
        page.get_by_role("button", name="送出", exact=True).click()
        page.wait_for_load_state()
        assert "已送出審查意見。" in page.locator(".flash").inner_text()
        assert opinion in page.locator("#my-review").inner_text()
    assert Application.objects.get(pk=application.pk).status == workflow.UNDER_REVIEW

    page.context.clear_cookies()
    page = login("center1")
    page.goto(reverse("reviews:decide", args=[application.pk]))
    table = page.locator("#review-table").inner_text()
    assert "計畫完整，同意初審通過。" in table and "公開授課安排合宜。" in table
    page.get_by_label("初審通過").check()
    page.get_by_label("審查結果說明").fill("兩位委員均建議通過。")
    shot(page, "review_decide.png")
    page.get_by_role("button", name="記錄審查結果").click()
    page.wait_for_load_state()
    assert "初審通過俟複審通過後執行並填寫成果報告書" in page.locator(".flash").inner_text()

    page.context.clear_cookies()
    application.convenor.set_password("pw-123456")
    application.convenor.save()
    page = login(application.convenor.username)
    page.goto(reverse("communities:my_applications"))
    assert "初審通過俟複審通過後執行並填寫成果報告書" in page.locator("main").inner_text()
    mail = Email.objects.filter(to=[application.convenor.email]).order_by("-id").first()
    assert mail is not None and "初審通過" in mail.subject
