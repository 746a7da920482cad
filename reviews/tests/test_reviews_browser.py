"""指定審查, two reviewers' 利益迴避聲明 and 審查表, and the center's result, in a real browser."""

import os
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from post_office.models import Email

from communities import workflow
from communities.models import Application
from people.tests.factories import UserFactory
from reviews.models import ConflictDeclaration, Review
from testsupport.flow import application_in, submit_review

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


def submit(button) -> None:
    """Click a button or link and wait for the page it leads to (not the one still shown)."""
    with button.page.expect_navigation():
        button.click()


SCORES = {
    "rev1": ({"目標與需求": "9", "運作規劃": "8", "經費合理性": "8", "預期成效": "9"}, "85.0"),
    "rev2": ({"目標與需求": "7", "運作規劃": "9", "經費合理性": "6", "預期成效": "8"}, "76.5"),
}


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
    submit(page.get_by_role("button", name="查詢"))
    page.locator(f"#app-{application.pk}").check()
    page.locator(f"#app-{other.pk}").check()
    for name in ("甲委員", "乙委員", "同校委員"):
        page.locator("#f-reviewers").get_by_label(name).check()
    submit(page.get_by_role("button", name="指定審查"))
    expect(page.locator("#confirm-skipped")).to_contain_text("不會指定")
    submit(page.get_by_role("button", name="確認指定審查"))

    flash = page.locator(".flash").inner_text()
    assert "已指定 5 組審查" in flash
    assert f"未指定「{application.name}」給 同校委員：審查委員與申請學校" in flash
    assert "2 件申請狀態變更為「審查中」" in flash
    shot(page, "review_assign.png")

    for username, opinion in (("rev1", "計畫完整，同意初審通過。"), ("rev2", "公開授課安排合宜。")):
        page.context.clear_cookies()
        page = login(username)
        page.get_by_role("link", name="2 件申請待您審查").click()
        row = page.get_by_role("row", name=application.name)
        expect(row).to_contain_text("未填")
        submit(row.get_by_role("link", name="利益迴避聲明"))
        expect(page.locator("#declaration")).to_contain_text("聲明事項")
        page.get_by_label("本人與本申請案無利益衝突，開始審查").check()
        submit(page.get_by_role("button", name="確認聲明"))
        expect(page.locator(".flash")).to_contain_text("已完成利益迴避聲明，請開始審查。")
        expect(page.locator("#application")).to_contain_text("第1次共同備課")

        scores, total = SCORES[username]
        page.get_by_label("運作規劃").fill("11")
        page.get_by_label("建議通過", exact=True).check()
        page.get_by_label("審查意見").fill(opinion)
        submit(page.get_by_role("button", name="送出", exact=True))
        # A wrong score is said at its field; what was typed stays.
        expect(page.locator("#scores")).to_contain_text("「運作規劃」請填 0 至 10 的整數。")
        assert page.get_by_label("審查意見").input_value() == opinion
        for name, value in scores.items():
            page.get_by_label(name).fill(value)
        # The total follows the scores as they are typed.
        assert page.locator("#weighted-total").inner_text() == total
        submit(page.get_by_role("button", name="送出", exact=True))
        shot(page, f"review_{username}.png")
        expect(page.locator(".flash")).to_contain_text("已送出審查意見。")
        assert opinion in page.locator("#my-review").inner_text()
        assert total in page.locator("#my-scores").inner_text()
    assert Application.objects.get(pk=application.pk).status == workflow.UNDER_REVIEW
    assert ConflictDeclaration.objects.filter(has_conflict=False).count() == 2

    page.context.clear_cookies()
    page = login("center1")
    page.goto(reverse("reviews:decide", args=[application.pk]))
    table = page.locator("#review-table-first").inner_text()
    assert "計畫完整，同意初審通過。" in table and "公開授課安排合宜。" in table
    assert "85.0" in table and "76.5" in table and "80.8" in table
    page.get_by_label("初審通過", exact=True).check()
    page.get_by_label("審查結果說明").fill("兩位委員均建議通過。")
    shot(page, "review_decide.png")
    submit(page.get_by_role("button", name="記錄審查結果"))
    expect(page.locator("#confirm-applications")).to_contain_text("審查中 → 初審通過")
    submit(page.get_by_role("button", name="確認初審通過"))
    expect(page.locator(".flash")).to_contain_text("初審通過俟複審通過後執行並填寫成果報告書")

    page.context.clear_cookies()
    application.convenor.set_password("pw-123456")
    application.convenor.save()
    page = login(application.convenor.username)
    page.goto(reverse("communities:my_applications"))
    expect(page.locator("main")).to_contain_text("初審通過俟複審通過後執行並填寫成果報告書")
    mail = Email.objects.filter(to=[application.convenor.email]).order_by("-id").first()
    assert mail is not None and "初審通過" in mail.subject
    assert "兩位委員均建議通過。" in mail.message


def test_a_reviewer_declares_a_conflict_and_the_center_decides_several_at_once(login, program):
    applications = [
        application_in(workflow.UNDER_REVIEW, program, name=name) for name in ("甲社群", "乙社群")
    ]
    for application in applications:
        submit_review(application, application.review_assignments.get().reviewer)
    third = application_in(workflow.UNDER_REVIEW, program, name="迴避的社群")
    reviewer = third.review_assignments.get().reviewer
    reviewer.username = "rev3"
    reviewer.save()
    UserFactory(username="center1", center=True)

    page = login("rev3")
    page.get_by_role("link", name=re.compile("件申請待您審查")).click()
    submit(page.get_by_role("row", name="迴避的社群").get_by_role("link", name="利益迴避聲明"))
    page.get_by_label("本人與本申請案有利益衝突，申請迴避").check()
    submit(page.get_by_role("button", name="確認聲明"))
    expect(page.locator("#f-reason")).to_contain_text("請說明利益衝突的情形。")
    page.get_by_label("利益衝突說明").fill("召集人為本人二親等親屬。")
    submit(page.get_by_role("button", name="確認聲明"))
    expect(page.locator(".flash")).to_contain_text("已自您的審查案件移除")
    expect(page.locator("#queue")).not_to_contain_text("迴避的社群")
    assert Email.objects.filter(subject__contains="審查委員利益迴避").exists()

    page.context.clear_cookies()
    page = login("center1")
    chosen = [*applications, third]
    query = "&".join(f"applications={a.pk}" for a in chosen)
    page.goto(f"{reverse('reviews:decide_many')}?{query}")
    page.get_by_label("初審通過", exact=True).check()
    page.get_by_label("審查結果說明").fill("委員均建議通過。")
    submit(page.get_by_role("button", name="下一步：確認變更"))
    plan = page.locator("#plan").inner_text()
    assert plan.count("→ 初審通過俟複審通過後執行並填寫成果報告書") == 2
    expect(page.locator(f"#plan-{third.pk}")).to_contain_text("不會變更")
    shot(page, "decide_many.png")
    submit(page.get_by_role("button", name="確認記錄 2 件"))
    expect(page.locator("#batch")).to_contain_text("2 件已記錄（共 3 件）")
    statuses = {a.name: a.status for a in Application.objects.filter(pk__in=[a.pk for a in chosen])}
    assert statuses == {
        "甲社群": workflow.FIRST_PASSED,
        "乙社群": workflow.FIRST_PASSED,
        "迴避的社群": workflow.UNDER_REVIEW,
    }
    assert Review.objects.filter(submitted_at__isnull=False).count() == 2
