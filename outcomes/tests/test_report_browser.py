"""A convenor files the 成果報告書, the school forwards it, the center closes the case, in a real
browser, each from their 首頁's task."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from communities import workflow
from communities.models import Application
from outcomes.models import Evidence, ReportSession
from people.tests.factories import UserFactory
from programs.models import CommunityType
from testsupport.flow import application_in, school_admin_of
from testsupport.pdfs import png_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_rules"),
]


def submit(button) -> None:
    with button.page.expect_navigation():
        button.click()


def test_convenor_files_the_report_school_forwards_center_closes(login, program, tmp_path):
    CommunityType.objects.filter(program=program, number=1).update(min_sessions=2)
    application = application_in(workflow.APPROVED, program, name="數學素養共備社群", sessions=2)
    photo = tmp_path / "photo.png"
    photo.write_bytes(png_bytes())

    page = login(application.convenor.username)
    submit(page.get_by_role("link", name="「數學素養共備社群」已核定，請填寫並送出成果報告書"))
    expect(page.get_by_role("heading", name="教師專業學習社群成果報告書")).to_be_visible()
    first, second = ReportSession.objects.filter(report__application=application).order_by("number")
    for session in (first, second):
        card = page.locator(f"#session-{session.pk}")
        card.get_by_label("是", exact=True).check()
        for member in application.members.all():
            card.get_by_label(member.name, exact=True).check()
    card = page.locator(f"#session-{first.pk}")
    card.get_by_label("紀要").fill("共同備課，討論分數教學。")
    card.get_by_label("內聘講座鐘點費").fill("1600")
    card.get_by_label("公開授課").check()
    card.get_by_label("授課教師").fill("曾鼎育")
    card.get_by_label("授課主題").fill("分數的意義")
    card.get_by_label("與社群主題之關聯").fill("以共備教案公開授課")
    page.get_by_label("成果與省思", exact=True).fill("學生的提問變多了。")
    # Each upload posts the page: what was typed is kept and shown again.
    for session in (first, second):
        card = page.locator(f"#session-{session.pk}")
        card.locator("input[type=file]").set_input_files(str(photo))
        submit(card.get_by_role("button", name="上傳"))
    assert Evidence.objects.filter(session__report__application=application).count() == 2
    assert page.get_by_label("成果與省思", exact=True).input_value() == "學生的提問變多了。"
    submit(page.get_by_role("button", name="儲存", exact=True))
    expect(page.get_by_text("所有檢查均已通過，可以送出")).to_be_visible()

    submit(page.get_by_role("button", name="送出", exact=True))
    expect(page.get_by_text("確認送出成果報告書？")).to_be_visible()
    expect(page.get_by_text("召集人、學校承辦人")).to_be_visible()
    submit(page.get_by_role("button", name="確認送出"))
    assert Application.objects.get(pk=application.pk).status == workflow.REPORT_REVIEW

    page.context.clear_cookies()
    page = login(school_admin_of(application).username)
    submit(page.get_by_role("link", name=re.compile("件成果報告待學校審核")))
    submit(page.get_by_role("link", name="審核", exact=True))
    page.get_by_label("成果報告送中心").check()
    submit(page.get_by_role("button", name="下一步：確認"))
    expect(page.get_by_text("成果報告學校已審核送中心").first).to_be_visible()
    submit(page.get_by_role("button", name="確認成果報告送中心"))
    assert Application.objects.get(pk=application.pk).status == workflow.REPORT_FORWARDED

    page.context.clear_cookies()
    UserFactory(username="center1", center=True)
    page = login("center1")
    page.goto(reverse("center:home"))
    submit(page.get_by_role("link", name=re.compile("件成果報告待中心審核結案")))
    submit(page.get_by_role("link", name="審核結案"))
    page.get_by_label("結案", exact=True).check()
    submit(page.get_by_role("button", name="下一步：確認"))
    expect(page.get_by_text("狀態將變更為「結案_可彙整」")).to_be_visible()
    submit(page.get_by_role("button", name="確認結案"))
    assert Application.objects.get(pk=application.pk).status == workflow.CLOSED
    expect(page.get_by_text("已完成「結案」")).to_be_visible()
