import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from communities.budget import budget_items, budget_sheet
from communities.forms_budget import BudgetForm
from communities.models import BudgetLine, SignedDocument
from communities.tests.factories import ApplicationFactory
from communities.tests.helpers import add_members, pdf_bytes
from core.roc import money
from people.tests.factories import UserFactory
from programs.models import CommunityType

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def application(seeded_rules, program):
    """A same-school 學年領域學習社群 (ceiling 3,000) of four members."""
    convenor = UserFactory(username="convenor", teacher=True)
    application = ApplicationFactory(
        convenor=convenor,
        name="七年級數學共備社群",
        community_type=CommunityType.objects.get(program=program, number=1),
    )
    add_members(application, 4)
    return application


def test_totals_update_live_as_the_convenor_types(login, application):
    page = login("convenor")
    page.goto(f"/community/{application.pk}/budget/")
    expect(page.get_by_role("heading", name="教師專業學習社群經費概算表")).to_be_visible()
    expect(page.get_by_text("七年級數學共備社群")).to_be_visible()
    total = page.locator("#budget-total")
    remaining = page.locator("#budget-remaining")
    expect(total).to_have_text("0")
    expect(remaining).to_have_text("3,000")

    page.get_by_label("1.外聘講座鐘點費 數量", exact=True).fill("1")
    page.get_by_label("1.外聘講座鐘點費 單價", exact=True).fill("1600")

    # 1,600 + premium 1,600 × 1.91% = 30.56 → 31
    expect(page.get_by_label("1.外聘講座鐘點費 總價")).to_have_text("1,600")
    expect(page.get_by_label("4.二代健保補充保費 總價")).to_have_text("31")
    expect(total).to_have_text("1,631")
    expect(remaining).to_have_text("1,369")

    page.get_by_label("7.教材教具費 數量", exact=True).fill("2")
    page.get_by_label("7.教材教具費 單價", exact=True).fill("1,000")
    expect(total).to_have_text("3,631")
    expect(remaining).to_have_text("-631")
    expect(page.locator("#budget-total_error")).to_contain_text(
        "經費總計 3,631 元超過本社群補助上限 3,000 元，請減少 631 元。"
    )

    page.get_by_label("1.外聘講座鐘點費 單價", exact=True).fill("3000")
    expect(page.locator("#id_item_1_unit_price_error")).to_contain_text(
        "超過講座鐘點費支給表每節上限 2,400 元"
    )
    page.get_by_label("2.內聘講座鐘點費 數量", exact=True).fill("-1")
    expect(page.locator("#id_item_2_quantity_error")).to_have_text("數量不可為負數。")

    # Nothing has been saved while typing.
    assert not BudgetLine.objects.filter(application=application).exists()

    page.get_by_label("2.內聘講座鐘點費 數量", exact=True).fill("")
    page.get_by_label("1.外聘講座鐘點費 單價", exact=True).fill("1600")
    page.get_by_label("7.教材教具費 單價", exact=True).fill("600")
    expect(total).to_have_text("2,831")
    page.get_by_role("button", name="儲存").click()

    expect(page.get_by_text("經費概算表已儲存。")).to_be_visible()
    expect(total).to_have_text("2,831")
    expect(page).to_have_url(re.compile(rf"/community/{application.pk}/budget/$"))
    lines = {
        line.item.number: (line.quantity, line.unit_price, line.total)
        for line in BudgetLine.objects.filter(application=application).select_related("item")
    }
    assert lines == {
        1: (Decimal(1), 1600, 1600),
        4: (Decimal(1), 31, 31),
        7: (Decimal(2), 600, 1200),
    }


def test_a_renamed_file_is_refused_next_to_the_input_and_a_real_pdf_is_taken(login, application):
    page = login("convenor")
    page.goto(f"/community/{application.pk}/budget/")
    upload = page.get_by_role(
        "button", name="上傳核章完成文件 教師專業學習社群經費概算表 核章完成文件"
    )
    expect(page.get_by_text("限制PDF，檔案限制 2MB，附件總數為一個檔案")).to_be_visible()

    upload.set_input_files(
        {"name": "核章.pdf", "mimeType": "application/pdf", "buffer": b"GIF89a not a pdf"}
    )
    page.get_by_role("button", name="上傳", exact=True).click()

    expect(page.locator("#file-budget-error")).to_have_text(
        "檔案內容不是 PDF（僅更改副檔名無效），請上傳掃描或轉存的 PDF 檔。"
    )
    assert not SignedDocument.objects.exists()

    page.locator("#file-budget").set_input_files(
        {"name": "核章.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    page.get_by_role("button", name="上傳", exact=True).click()

    # Back on the budget page it came from, with the document listed.
    expect(page.get_by_text("已上傳「教師專業學習社群經費概算表」核章完成文件。")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/community/{application.pk}/budget/$"))
    expect(page.get_by_role("link", name="核章.pdf")).to_be_visible()
    assert SignedDocument.objects.get(application=application).form == "budget"


# The page reads what is typed as the server will on 儲存: the same messages at the same inputs,
# the same total ("1e2" was flagged here but stored there).
TYPED = [
    "1e2", "1E2", "1_000", "٣", "NaN", "Infinity", "0x10", "12a", "--3", "3-", "1.2.3", ".", "-",
    "1,600", "１６００", "1 600", "+3", "3.", ".5", "-0", "0", "-3", "1.5", "1.25", "1600.0",
    "1600.5", "99999999",
]  # fmt: skip


def server_reading(application, quantity: str, price: str) -> dict[str, str]:
    """What the page shows for row 7 after 儲存 with these inputs: the refusal at a malformed
    input, or else the rule problems at each input, and the row's 總價."""
    items = budget_items(application=application)
    form = BudgetForm({"item_7_quantity": quantity, "item_7_unit_price": price}, items=items)
    valid = form.is_valid()
    sheet = budget_sheet(application=application, entries=form.entries(), items=items)
    row = next(row for row in sheet.rows if row.item.number == 7)
    shown = {}
    for name in ("item_7_quantity", "item_7_unit_price"):
        shown[name] = "".join(form.errors.get(name) or sheet.problems.get(name, []))
    shown["total"] = money(row.total) if valid and row.quantity is not None else ""
    return shown


def test_the_page_reads_typed_amounts_as_the_server_does(login, application):
    page = login("convenor")
    page.goto(f"/community/{application.pk}/budget/")
    quantity = page.get_by_label("7.教材教具費 數量", exact=True)
    price = page.get_by_label("7.教材教具費 單價", exact=True)
    total = page.get_by_label("7.教材教具費 總價")
    for text in TYPED:
        for typed_quantity, typed_price in ((text, "100"), ("2", text)):
            quantity.fill(typed_quantity)
            price.fill(typed_price)
            expected = server_reading(application, typed_quantity, typed_price)
            case = f"數量 {typed_quantity!r}, 單價 {typed_price!r}"
            for name in ("item_7_quantity", "item_7_unit_price"):
                expect(page.locator(f"#id_{name}_error"), case).to_have_text(expected[name])
            expect(total, case).to_have_text(expected["total"])


def test_a_consultation_fee_is_pointed_out_at_once_when_no_experts_are_invited(login, application):
    message = (
        "外聘諮詢費以外聘學者專家為限：社群申請書「是否邀請專家諮詢」為「否」，不可編列此項。"
        "請清除本列，或在社群申請書改選「是」。"
    )
    assert application.invites_experts is False
    page = login("convenor")
    page.goto(f"/community/{application.pk}/budget/")
    quantity = page.get_by_label("3.外聘諮詢費 數量", exact=True)
    price = page.get_by_label("3.外聘諮詢費 單價", exact=True)
    at_the_row = page.locator("#id_item_3_quantity_error")

    quantity.fill("1")
    price.fill("2000")
    expect(at_the_row).to_have_text(message)
    quantity.fill("")
    price.fill("")
    expect(at_the_row).to_have_text("")

    quantity.fill("1")
    price.fill("2000")
    page.get_by_role("button", name="儲存").click()
    expect(page.get_by_text("經費概算表已儲存為草稿，但仍有 1 項不符規定")).to_be_visible()
    expect(at_the_row).to_have_text(message)
    expect(quantity).to_have_value("1")
    assert BudgetLine.objects.filter(application=application, item__number=3).exists()
