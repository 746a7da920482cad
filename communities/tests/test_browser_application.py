"""A teacher applies for a community from start to 送出, by the labels on the screen."""

import re

import pytest
from playwright.sync_api import expect

from communities import workflow
from communities.models import Application
from communities.tests.helpers import pdf_bytes
from people.tests.factories import AllianceCircleFactory, SchoolFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def teacher(seeded_rules, program):
    circle = AllianceCircleFactory(name="北區策略聯盟工作圈")
    lead = SchoolFactory(name="市立下營國中", alliance_circle=circle)
    SchoolFactory(name="市立麻豆國中", alliance_circle=circle)
    return UserFactory(username="t109", name="曾鼎育", teacher=True, school=lead)


SESSIONS = [
    ("109/09/16", "會考數學試題分析", "專題講座"),
    ("109/10/07", "函數單元共同備課", "共同備課"),
    ("109/10/28", "公開授課：一次函數圖形", "公開授課與專業回饋"),
    ("109/11/18", "觀課後議課", "同儕省思對話"),
    ("109/12/09", "差異化教學策略", "專題講座"),
    ("109/12/30", "成果分享與檢討", "校內外成果發表"),
]


def test_teacher_fills_a_cross_school_application_with_budget_uploads_and_submits(login, teacher):
    page = login("t109")
    page.get_by_role("link", name="尚未申請本學年度社群").click()
    expect(page.get_by_role("heading", name="109學年度 教師專業學習社群申請")).to_be_visible()
    page.get_by_role("button", name="開始申請").click()

    # 社群 - 流程進度
    expect(page.get_by_role("heading", name="社群 - 流程進度")).to_be_visible()
    expect(page.locator("#facts")).to_contain_text("申請社群")
    expect(page.locator("#facts")).to_contain_text("市立下營國中")
    expect(page.locator("#facts")).to_contain_text("曾鼎育")
    page.get_by_role("link", name="編輯申請表").click()

    # 社群申請書
    expect(page.get_by_text("109學年度 臺南市 市立下營國中")).to_be_visible()
    page.get_by_label("社群名稱").fill("下營麻豆數學素養共備社群")
    page.get_by_label("社群類型").select_option(label="1. 學年領域學習社群")
    expect(page.get_by_text("「學年領域學習社群」的必要內容已預先勾選")).to_be_visible()
    expect(page.get_by_label("學習診斷與學力促進")).to_be_checked()
    expect(page.get_by_label("備觀議課")).to_be_checked()
    page.get_by_label("素養導向教學設計").check()

    page.get_by_label("跨校").check()
    page.get_by_label("市立麻豆國中").check()
    page.get_by_label("非續辦").check()
    page.get_by_label("學年/學科/領域").select_option(label="數學")
    page.get_by_role("radiogroup", name="是否申請經費").get_by_label("是").check()
    page.get_by_role("radiogroup", name="是否邀請專家諮詢").get_by_label("否").check()

    page.get_by_label("職任", exact=True).fill("導師")
    page.get_by_label("教授科目", exact=True).fill("數學")
    page.get_by_role("radiogroup", name="是否曾參與召集人培訓").get_by_label("是").check()
    page.get_by_label("e-mail").fill("t109@example.tw")
    page.get_by_label("聯絡電話").fill("06-6891234")

    # Members: the convenor is row 1; rows 2–3 are offered; a 4th is added without a reload.
    page.get_by_label("成員2 姓名").fill("林雅婷")
    page.get_by_label("成員3 姓名").fill("許淑芬")
    page.get_by_label("成員3 學校").select_option(label="市立麻豆國中")
    page.get_by_role("button", name="新增成員").click()
    page.get_by_label("成員4 姓名").fill("蔡政宏")
    page.get_by_label("成員4 學校").select_option(label="市立麻豆國中")

    page.get_by_label("A2系統思考與解決問題").check()
    page.get_by_label("提升教師共同備課及課程發展與教學設計能力").check()
    page.get_by_label("共同備課", exact=True).check()

    # 進度規劃: six rows are offered for a type that needs six sessions.
    for number, (day, content, method) in enumerate(SESSIONS, start=1):
        page.get_by_label(f"第{number}場 日期").fill(day)
        page.get_by_label(f"第{number}場 開始時間").fill("13:30")
        page.get_by_label(f"第{number}場 結束時間").fill("15:30")
        page.get_by_label(f"第{number}場 實施內容").fill(content)
        page.get_by_label(f"第{number}場 實施方式").fill(method)
    page.get_by_label("第3場 公開授課").check()
    # A seventh row added and then deleted again is not kept.
    page.get_by_role("button", name="新增", exact=True).click()
    page.get_by_label("第7場 實施內容").fill("多的一場")
    page.get_by_label("第7場 刪除").check()

    page.get_by_role("button", name="儲存", exact=True).click()
    expect(page.get_by_text("已儲存草稿。送出前尚有")).to_be_visible()
    application = Application.objects.get(convenor=teacher)
    assert application.sessions.count() == 6
    assert application.members.count() == 4
    expect(page.get_by_label("第1場 日期")).to_have_value("109/09/16")

    # 經費概算表: within the cross-school ceiling of 5,000.
    page.get_by_role("button", name="儲存並編輯經費概算表").click()
    page.get_by_label("2.內聘講座鐘點費 數量", exact=True).fill("2")
    page.get_by_label("2.內聘講座鐘點費 單價", exact=True).fill("800")
    page.get_by_label("7.教材教具費 數量", exact=True).fill("1")
    page.get_by_label("7.教材教具費 單價", exact=True).fill("1500")
    page.get_by_role("button", name="儲存").click()
    expect(page.get_by_text("經費概算表已儲存。")).to_be_visible()

    # Upload the signed copies on the progress page.
    page.goto(f"/community/{application.pk}/")
    for form, title in (
        ("plan", "教師專業學習社群申請表"),
        ("budget", "教師專業學習社群經費概算表"),
    ):
        slot = page.locator(f"#document-{form}")
        slot.get_by_role("button", name=f"上傳核章完成文件 {title} 核章完成文件").set_input_files(
            {"name": f"{form}-核章.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
        )
        slot.get_by_role("button", name="上傳", exact=True).click()
        expect(page.get_by_role("link", name=f"{form}-核章.pdf")).to_be_visible()

    expect(page.get_by_text("所有檢查均已通過，可以送出。")).to_be_visible()
    page.get_by_role("button", name="送出").click()
    # The confirmation: the new status and who is told, then 確認送出 once.
    expect(page.locator("#confirm-applications")).to_contain_text("已送出待學校審核")
    expect(page.locator("#confirm-told")).to_contain_text("曾鼎育")
    page.get_by_role("button", name="確認送出").click()

    expect(page.get_by_text("已送出，狀態為「已送出待學校審核」")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/community/{application.pk}/$"))
    application.refresh_from_db()
    assert application.status == workflow.SUBMITTED
    assert application.is_cross_school
    assert [s.name for s in application.partner_schools.all()] == ["市立麻豆國中"]

    # 社群計畫查詢 shows it with the slides' words; the form is now read-only.
    page.goto("/community/mine/")
    expect(page.get_by_role("row", name=re.compile("曾鼎育 已送出待學校審核"))).to_be_visible()
    page.goto(f"/community/{application.pk}/form/")
    expect(page.get_by_text("僅供檢視")).to_be_visible()


def test_a_problem_on_submit_is_shown_at_its_field_and_typed_values_stay(login, teacher):
    page = login("t109")
    page.goto("/community/apply/")
    page.get_by_role("button", name="開始申請").click()
    page.get_by_role("link", name="編輯申請表").click()
    page.get_by_label("社群名稱").fill("只填名稱的社群")
    page.get_by_label("第1場 日期").fill("108/09/01")
    page.get_by_label("第1場 開始時間").fill("15:00")
    page.get_by_label("第1場 結束時間").fill("14:00")
    page.get_by_label("第1場 實施內容").fill("太早的一場")
    page.get_by_role("button", name="送出").click()

    summary = page.locator("#problems")
    expect(summary).to_contain_text("送出前尚有")
    expect(page.locator("#f-sessions-0-date")).to_contain_text("日期須在109學年度內")
    expect(page.locator("#f-sessions-0-end_time")).to_contain_text("結束時間須晚於開始時間")
    expect(page.get_by_label("社群名稱")).to_have_value("只填名稱的社群")
    expect(page.get_by_label("第1場 實施內容")).to_have_value("太早的一場")
    summary.get_by_role("link", name="進度規劃第1場 日期").click()
    expect(page).to_have_url(re.compile("#id_sessions-0-date$"))


def test_the_budget_section_follows_the_answer_at_once_and_save_lists_what_is_missing(
    login, teacher
):
    page = login("t109")
    page.goto("/community/apply/")
    page.get_by_role("button", name="開始申請").click()
    page.get_by_role("link", name="編輯申請表").click()
    budget = page.locator("#f-budget")
    expect(budget).to_be_hidden()
    answer = page.locator("#f-requests_budget")
    answer.get_by_label("是").check()
    expect(budget).to_be_visible()
    answer.get_by_label("否").check()
    expect(budget).to_be_hidden()
    answer.get_by_label("是").check()
    page.get_by_label("社群名稱").fill("要申請經費的社群")

    page.get_by_role("button", name="儲存", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?check=1#problems$"))
    expect(page.get_by_text("已儲存草稿。送出前尚有")).to_be_visible()
    summary = page.locator("#problems")
    summary.get_by_role("link", name="職任").click()
    expect(page).to_have_url(re.compile("#id_convenor_position$"))
    expect(page.locator("#f-budget")).to_be_visible()

    page.get_by_role("button", name="儲存並編輯經費概算表").click()
    expect(page).to_have_url(re.compile(r"/budget/(#.*)?$"))
    expect(page.get_by_text("已儲存草稿，請填寫經費概算表。")).to_be_visible()
