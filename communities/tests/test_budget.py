from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities import workflow
from communities.budget import BudgetEntry, budget_problems, budget_sheet, budget_total
from communities.models import BudgetLine
from communities.services import application_submit
from communities.tests.factories import ApplicationFactory
from communities.tests.helpers import (
    OUTSIDERS,
    READERS,
    Page,
    add_members,
    complete_plan,
    people_around,
    save_budget,
    upload_documents,
)
from programs.models import BudgetItem, CommunityType
from testsupport.flow import advance

pytestmark = pytest.mark.django_db


def community_type(number: int) -> CommunityType:
    return CommunityType.objects.get(program__academic_year=109, number=number)


def item(number: int) -> BudgetItem:
    return BudgetItem.objects.get(program__academic_year=109, number=number)


def budget_url(application) -> str:
    return reverse("communities:budget_form", args=[application.pk])


def form_data(**rows: tuple[str, str]) -> dict[str, str]:
    """form_data(item_1=("3", "1600")) → the POST of the page with every other row left blank."""
    data = {}
    for number in (1, 2, 3, 5, 6, 7):
        quantity, price = rows.get(f"item_{number}", ("", ""))
        data[f"item_{number}_quantity"] = quantity
        data[f"item_{number}_unit_price"] = price
    return data


def stored(application) -> dict[int, tuple[Decimal, int, int]]:
    return {
        line.item.number: (line.quantity, line.unit_price, line.total)
        for line in BudgetLine.objects.filter(application=application).select_related("item")
    }


@pytest.fixture
def application(program):
    """A same-school 初階學習社群 (ceiling 15,000) of five members that requests money and
    invites experts (so that 外聘諮詢費 may be budgeted)."""
    application = ApplicationFactory(community_type=community_type(2), invites_experts=True)
    add_members(application, 5)
    return application


def save(client, application, **rows):
    return client.post(budget_url(application), form_data(**rows), follow=True)


# The page ------------------------------------------------------------------------------------


def test_empty_budget_page_lists_the_years_rows_with_units_notes_and_ceiling(
    convenor_client, application
):
    page = Page(convenor_client.get(budget_url(application)))

    text = page.visible_text()
    assert "教師專業學習社群經費概算表" in text
    assert application.name in text
    names = [f"{i.number}.{i.name}" for i in BudgetItem.objects.filter(program=application.program)]
    positions = [text.index(name) for name in names]
    assert positions == sorted(positions), "rows are in the order of their number"
    assert "數量" in text and "單價" in text and "總價" in text
    assert "節" in text and "人次" in text and "式" in text
    # Rows 1 and 2 share one 說明 line, shown once under row 2 as on the slide.
    assert text.count("可相互勻支") == 1
    assert "每次出席不逾2,500元" in text
    assert "依講座鐘點費支給表，每節上限 2,400 元" in text
    assert "依講座鐘點費支給表，每節上限 800 元" in text
    assert "每位成員 100 元 × 5 人，上限 500 元" in text
    # The premium is computed, never typed.
    assert not page.has_input("item_4_quantity") and not page.has_input("item_4_unit_price")
    assert "× 1.91%" in text
    assert page.text("budget-total") == "0"
    assert page.text("budget-remaining") == "15,000"
    assert "承辦人" in text and "會(主)計主任" in text and "校長" in text
    assert "儲存" in text and "列印" in text and "關閉" in text
    assert "不符規定" not in text, "nothing is wrong before anything is entered"


def test_budget_page_header_shows_the_cross_school_ceiling(client, program):
    application = ApplicationFactory(community_type=community_type(1), is_cross_school=True)
    client.force_login(application.convenor)

    page = Page(client.get(budget_url(application)))

    assert "5,000 元" in page.text("budget-remaining") + " 元"
    assert "跨校" in page.visible_text()


def test_budget_page_query_count_does_not_grow_with_rows(
    convenor_client, application, django_assert_max_num_queries
):
    save(convenor_client, application, item_1=("2", "1600"), item_7=("1", "500"))
    convenor_client.get(budget_url(application))
    with CaptureQueriesContext(connection) as few_rows:
        first = convenor_client.get(budget_url(application))
    assert first.status_code == 200, first
    few = len(few_rows)  # (a request clears the log the context reads)

    for number in range(8, 16):
        extra = BudgetItem.objects.create(
            program=application.program, number=number, name=f"其他項目{number}", unit="式"
        )
        BudgetLine.objects.create(
            application=application, item=extra, quantity=1, unit_price=100, total=100
        )
    convenor_client.get(budget_url(application))  # the changed rules read once (rulecache)
    with django_assert_max_num_queries(few):
        page = Page(convenor_client.get(budget_url(application)))
    assert "15.其他項目15" in page.visible_text()


def test_saving_costs_the_same_for_one_row_or_many(convenor_client, application):
    """The rows are written in bulk: the same queries for 1 row or 6, added, changed or
    deleted."""
    convenor_client.get(budget_url(application))  # the year's rules read once (rulecache)
    counts = []
    for rows in (
        {"item_1": ("2", "1600")},
        {"item_1": ("3", "1600"), "item_3": ("1", "2500"), "item_5": ("2", "100")},
        {"item_1": ("3", "1500"), **{f"item_{n}": ("1", "100") for n in (2, 3, 5, 6, 7)}},
        {"item_1": ("1", "800")},
    ):
        with CaptureQueriesContext(connection) as queries:
            convenor_client.post(budget_url(application), form_data(**rows))
        counts.append(len(queries))
        expected = {int(key.split("_")[1]): (Decimal(q), int(p)) for key, (q, p) in rows.items()}
        assert {n: line[:2] for n, line in stored(application).items() if n in expected} == (
            expected
        )
        assert set(stored(application)) - set(expected) <= {4}  # the premium row

    # One statement each for the rows added, changed and deleted, when there are any (measured:
    # 17 for the first save, 18 after; it was one query a row).
    assert max(counts) <= 18, counts


# Computing -----------------------------------------------------------------------------------


def test_saving_recomputes_totals_and_the_premium_rounded_to_whole_dollars(
    convenor_client, application
):
    page = Page(save(convenor_client, application, item_1=("3", "1600"), item_3=("2", "2500")))

    # 1600×3 + 2500×2 = 9,800; 9,800 × 1.91% = 187.18 → 187
    assert stored(application) == {
        1: (Decimal("3"), 1600, 4800),
        3: (Decimal("2"), 2500, 5000),
        4: (Decimal("1"), 187, 187),
    }
    assert budget_total(application=application) == 9987
    assert page.text("item-1-total") == "4,800"
    assert page.text("item-3-total") == "5,000"
    assert page.text("item-4-total") == "187"
    assert page.text("premium-base") == "9,800"
    assert page.text("budget-total") == "9,987"
    assert page.text("budget-remaining") == "5,013"
    assert "經費概算表已儲存。" in page.visible_text()
    assert page.value("item_1_quantity") == "3"
    assert page.value("item_1_unit_price") == "1600"


def test_premium_rounds_half_up(application):
    # Base 15,000 × 1.91% = 286.5 → 287 (half up, not half to even).
    entries = {
        item(1).pk: BudgetEntry(quantity=Decimal(5), unit_price=2400),
        item(2).pk: BudgetEntry(quantity=Decimal(1), unit_price=500),
        item(3).pk: BudgetEntry(quantity=Decimal(1), unit_price=2500),
    }
    sheet = budget_sheet(application=application, entries=entries)
    assert sheet.premium_base == 15000
    assert sheet.premium == 287


def test_premium_counts_only_items_marked_as_its_base(application):
    entries = {
        item(1).pk: BudgetEntry(quantity=Decimal(1), unit_price=1000),
        item(5).pk: BudgetEntry(quantity=Decimal(1), unit_price=1000),  # 講座交通費: not a base
        item(7).pk: BudgetEntry(quantity=Decimal(1), unit_price=1000),
    }
    sheet = budget_sheet(application=application, entries=entries)
    assert sheet.premium_base == 1000
    assert sheet.premium == 19  # 19.1
    assert sheet.total == 3019


def test_a_quantity_with_one_decimal_gives_a_total_rounded_half_up(convenor_client, application):
    save(convenor_client, application, item_2=("1.5", "333"))
    assert stored(application)[2] == (Decimal("1.5"), 333, 500)  # 499.5 → 500


def test_thousands_separators_and_full_width_digits_are_understood(convenor_client, application):
    save(convenor_client, application, item_1=("２", "1,600"))
    assert stored(application)[1] == (Decimal("2"), 1600, 3200)


def test_server_ignores_a_tampered_total_and_premium(convenor_client, application):
    data = form_data(item_1=("2", "1000"))
    data |= {
        "item_1_total": "999999",
        "item_4_quantity": "1",
        "item_4_unit_price": "99999",
        "item_4_total": "99999",
    }
    convenor_client.post(budget_url(application), data)

    assert stored(application) == {1: (Decimal("2"), 1000, 2000), 4: (Decimal("1"), 38, 38)}
    assert budget_total(application=application) == 2038


def test_clearing_a_row_removes_it(convenor_client, application):
    save(convenor_client, application, item_1=("2", "1000"), item_7=("1", "300"))
    save(convenor_client, application, item_7=("1", "300"))
    assert stored(application) == {7: (Decimal("1"), 300, 300)}


def test_the_stored_amount_requested_follows_every_save(convenor_client, application):
    """申請經費 (what the center's lists sort and add up) is the stored rows' 總價 added up,
    kept by each 儲存: rows added, changed and cleared."""
    save(convenor_client, application, item_1=("3", "1600"), item_3=("2", "2500"))
    application.refresh_from_db()
    assert (
        application.requested_total == 9987 == sum(t for _q, _p, t in stored(application).values())
    )

    save(convenor_client, application, item_7=("1", "300"))
    application.refresh_from_db()
    assert application.requested_total == 300  # 印刷費 is not in the premium's base

    save(convenor_client, application)
    application.refresh_from_db()
    assert application.requested_total == 0 and stored(application) == {}


def test_the_migration_adds_up_each_applications_stored_rows(convenor_client, application):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("communities.migrations.0009_application_requested_total")
    save(convenor_client, application, item_1=("2", "1000"), item_7=("1", "300"))
    other = ApplicationFactory(community_type=community_type(2))
    type(application).objects.update(requested_total=0)

    migration.add_up_the_stored_rows(apps, None)

    application.refresh_from_db()
    other.refresh_from_db()
    assert application.requested_total == budget_total(application=application) == 2338
    assert other.requested_total == 0


# Malformed input: refused, nothing saved, everything typed kept -------------------------------


def assert_refused_and_kept(response, application, before, *, field, message, typed):
    assert response.status_code == 200
    page = Page(response)
    assert message in page.field_messages(field)
    assert "尚未儲存" in page.visible_text()
    for name, value in typed.items():
        assert page.value(name) == value, f"{name} keeps what was typed"
    assert stored(application) == before, "nothing is saved"


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        (("三", "1600"), "item_1_quantity", "數量必須是數字，例如 3。"),
        (("3", "一千六"), "item_1_unit_price", "單價必須是數字，例如 1600。"),
        (("-3", "1600"), "item_1_quantity", "數量不可為負數。"),
        (("3", "-1600"), "item_1_unit_price", "單價不可為負數。"),
        (("3", "1600.5"), "item_1_unit_price", "單價請填整數金額（元）。"),
        (("1.25", "1600"), "item_1_quantity", "數量最多到小數點後 1 位。"),
        (("3", "99999999"), "item_1_unit_price", "單價過大，請確認是否輸入錯誤。"),
        # Python's Decimal reads these; they are no plain number, and the page says so too.
        (("3", "1e2"), "item_1_unit_price", "單價必須是數字，例如 1600。"),
        (("1_0", "1600"), "item_1_quantity", "數量必須是數字，例如 3。"),
        (("٣", "1600"), "item_1_quantity", "數量必須是數字，例如 3。"),
        (("3", "Infinity"), "item_1_unit_price", "單價必須是數字，例如 1600。"),
    ],
    ids=[
        "non-numeric quantity",
        "non-numeric price",
        "negative quantity",
        "negative price",
        "price with cents",
        "quantity too precise",
        "absurd price",
        "exponent",
        "underscore",
        "arabic-indic digit",
        "infinity",
    ],
)
def test_malformed_input_is_refused_at_its_field_and_typed_values_survive(
    convenor_client, application, row, field, message
):
    save(convenor_client, application, item_7=("1", "300"))
    before = stored(application)

    response = convenor_client.post(
        budget_url(application),
        form_data(item_1=row, item_3=("2", "2500"), item_7=("2", "450")),
    )

    assert_refused_and_kept(
        response,
        application,
        before,
        field=field,
        message=message,
        typed={
            "item_1_quantity": row[0],
            "item_1_unit_price": row[1],
            "item_3_quantity": "2",
            "item_3_unit_price": "2500",
            "item_7_quantity": "2",
            "item_7_unit_price": "450",
        },
    )
    # Rows that are fine still add up on the refused page.
    page = Page(response)
    assert page.text("item-3-total") == "5,000"
    assert page.text("item-1-total") == ""


# Rule problems: saved as a draft, shown at the row --------------------------------------------


def assert_saved_with_warning(page, application, *, field, message, expected_rows):
    assert message in page.field_messages(field)
    assert message in page.visible_text()
    assert "已儲存為草稿" in page.visible_text()
    for number, values in expected_rows.items():
        assert stored(application)[number] == values
        assert page.value(f"item_{number}_quantity") == f"{values[0].normalize():f}"
        assert page.value(f"item_{number}_unit_price") == str(values[1])


def test_external_lecture_fee_over_its_table_is_saved_with_a_warning(convenor_client, application):
    page = Page(save(convenor_client, application, item_1=("2", "3000"), item_7=("1", "300")))
    assert_saved_with_warning(
        page,
        application,
        field="item_1_unit_price",
        message="外聘講座鐘點費單價 3,000 元超過講座鐘點費支給表每節上限 2,400 元。",
        expected_rows={1: (Decimal(2), 3000, 6000), 7: (Decimal(1), 300, 300)},
    )
    assert budget_problems(application=application) == {
        "item_1_unit_price": ["外聘講座鐘點費單價 3,000 元超過講座鐘點費支給表每節上限 2,400 元。"]
    }


def test_internal_lecture_fee_is_capped_by_its_own_table_even_though_fees_may_be_moved(
    convenor_client, application
):
    # 可相互勻支 moves money between rows 1 and 2, but 1,200 per 內聘 節 is still over 800.
    page = Page(save(convenor_client, application, item_1=("2", "1600"), item_2=("4", "1200")))
    assert_saved_with_warning(
        page,
        application,
        field="item_2_unit_price",
        message="內聘講座鐘點費單價 1,200 元超過講座鐘點費支給表每節上限 800 元。",
        expected_rows={1: (Decimal(2), 1600, 3200), 2: (Decimal(4), 1200, 4800)},
    )
    assert page.text("id_item_1_unit_price_error") == ""


def test_consultation_fee_over_its_cap_is_saved_with_a_warning(convenor_client, application):
    page = Page(save(convenor_client, application, item_3=("1", "3000"), item_7=("1", "300")))
    assert_saved_with_warning(
        page,
        application,
        field="item_3_unit_price",
        message="外聘諮詢費單價 3,000 元超過每人次上限 2,500 元。",
        expected_rows={3: (Decimal(1), 3000, 3000), 7: (Decimal(1), 300, 300)},
    )


def test_printing_over_the_per_member_cap_is_saved_with_a_warning(convenor_client, application):
    page = Page(save(convenor_client, application, item_6=("1", "600"), item_7=("1", "300")))
    assert_saved_with_warning(
        page,
        application,
        field="item_6_unit_price",
        message="印刷費總價 600 元超過上限 500 元（每位成員 100 元 × 社群成員 5 人）。",
        expected_rows={6: (Decimal(1), 600, 600), 7: (Decimal(1), 300, 300)},
    )


def test_printing_within_the_per_member_cap_is_fine(convenor_client, application):
    save(convenor_client, application, item_6=("1", "500"))
    assert budget_problems(application=application) == {}


WITHOUT_EXPERTS = (
    "外聘諮詢費以外聘學者專家為限：社群申請書「是否邀請專家諮詢」為「否」，不可編列此項。"
    "請清除本列，或在社群申請書改選「是」。"
)


def test_consultation_fee_without_inviting_experts_is_saved_with_a_warning_at_its_row(
    convenor_client, application
):
    application.invites_experts = False
    application.save()

    page = Page(save(convenor_client, application, item_3=("2", "2000"), item_7=("1", "300")))

    assert_saved_with_warning(
        page,
        application,
        field="item_3_quantity",
        message=WITHOUT_EXPERTS,
        expected_rows={3: (Decimal(2), 2000, 4000), 7: (Decimal(1), 300, 300)},
    )
    assert page.field_messages("item_3_unit_price") == ""
    assert budget_problems(application=application) == {"item_3_quantity": [WITHOUT_EXPERTS]}
    # Shown again, at its row, whenever the page is opened.
    page = Page(convenor_client.get(budget_url(application)))
    assert WITHOUT_EXPERTS in page.field_messages("item_3_quantity")


def test_consultation_fee_is_fine_when_experts_are_invited(convenor_client, application):
    save(convenor_client, application, item_3=("2", "2000"))
    assert budget_problems(application=application) == {}


def test_without_experts_a_budget_without_consultation_fee_is_fine(convenor_client, application):
    application.invites_experts = False
    application.save()
    save(convenor_client, application, item_1=("2", "1600"), item_3=("", ""))
    assert budget_problems(application=application) == {}


def test_total_over_the_ceiling_is_saved_with_a_warning_at_the_total(client, program):
    application = ApplicationFactory(community_type=community_type(1))  # 3,000, same school
    client.force_login(application.convenor)

    page = Page(save(client, application, item_5=("1", "1000"), item_7=("1", "2500")))

    message = "經費總計 3,500 元超過本社群補助上限 3,000 元，請減少 500 元。"
    assert message in page.text("budget-total_error")
    assert page.text("budget-remaining") == "-500"
    assert stored(application) == {5: (Decimal(1), 1000, 1000), 7: (Decimal(1), 2500, 2500)}
    assert page.value("item_7_unit_price") == "2500"
    assert budget_problems(application=application) == {"__all__": [message]}


def test_cross_school_bonus_raises_the_ceiling(program):
    application = ApplicationFactory(community_type=community_type(1), is_cross_school=True)
    save_budget(application, {7: (1, 3500)})
    assert budget_problems(application=application) == {}


def test_a_row_with_a_quantity_but_no_price_is_pointed_out(convenor_client, application):
    page = Page(save(convenor_client, application, item_1=("2", ""), item_7=("1", "300")))
    assert "已填數量，請填寫單價。" in page.field_messages("item_1_unit_price")
    assert page.value("item_1_quantity") == "2"


def test_an_empty_budget_cannot_be_submitted(application):
    assert budget_problems(application=application) == {"__all__": ["經費概算表尚未填寫。"]}


def test_a_budget_without_community_type_asks_for_it(program):
    application = ApplicationFactory(community_type=None)
    save_budget(application, {7: (1, 300)})
    assert budget_problems(application=application) == {
        "__all__": ["請先在社群申請書選擇社群類型，才能核對補助上限。"]
    }


# When the budget is not needed, and who may see or change it ----------------------------------


def test_budget_form_says_it_is_not_needed_when_no_money_is_requested(client, program):
    application = ApplicationFactory(requests_budget=False)
    client.force_login(application.convenor)

    page = Page(client.get(budget_url(application)))
    assert "不需填寫經費概算表" in page.visible_text()
    assert not page.has_input("item_1_quantity")
    assert client.post(budget_url(application), form_data(item_1=("1", "100"))).status_code == 403
    assert not BudgetLine.objects.filter(application=application).exists()


@pytest.mark.parametrize("who", READERS)
def test_budget_form_is_readable_by(client, application, who):
    people = people_around(application)
    save_budget(application, {1: (2, 1600)})
    client.force_login(people[who])

    page = Page(client.get(budget_url(application)))

    assert "教師專業學習社群經費概算表" in page.visible_text()
    assert "3,200" in page.visible_text()
    assert page.has_input("item_1_quantity") == (who == "convenor")


@pytest.mark.parametrize("who", OUTSIDERS)
def test_budget_form_is_hidden_from(client, application, who):
    people = people_around(application)
    client.force_login(people[who])
    assert client.get(budget_url(application)).status_code == 404
    assert client.post(budget_url(application), form_data(item_1=("1", "1"))).status_code == 404
    assert not BudgetLine.objects.filter(application=application).exists()


@pytest.mark.parametrize(
    "who", ["school_admin", "partner_school_admin", "center", "assigned_reviewer"]
)
def test_only_the_convenor_may_change_the_budget(client, application, who):
    people = people_around(application)
    client.force_login(people[who])
    response = client.post(budget_url(application), form_data(item_1=("1", "100")))
    assert response.status_code == 403
    assert not BudgetLine.objects.filter(application=application).exists()


def test_anonymous_visitor_is_sent_to_login(client, application):
    response = client.get(budget_url(application))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def _sent(application):
    """The convenor completes the plan as it is (its type, money and experts) and sends it."""
    complete_plan(
        application, type_number=2, requests_budget=True, invites_experts=True, extra_members=0
    )
    upload_documents(application)
    return application_submit(application=application, by=application.convenor)


def test_submitted_budget_is_read_only_for_the_convenor(convenor_client, application):
    save(convenor_client, application, item_7=("1", "300"))
    _sent(application)

    page = Page(convenor_client.get(budget_url(application)))
    assert not page.has_input("item_7_quantity")
    assert "300" in page.visible_text()
    response = convenor_client.post(budget_url(application), form_data(item_7=("9", "999")))
    assert response.status_code == 302
    assert response["Location"] == reverse("communities:progress", args=[application.pk])
    notice = Page(convenor_client.get(response["Location"])).visible_text()
    assert "此申請目前狀態為「已送出待學校審核」，已不能修改，剛才的修改未儲存。" in notice
    assert stored(application) == {7: (Decimal(1), 300, 300)}


def test_returned_budget_is_editable_again(convenor_client, application):
    save_budget(application, {7: (1, 100)})
    advance(_sent(application), workflow.RETURNED)
    save(convenor_client, application, item_7=("1", "300"))
    assert stored(application) == {7: (Decimal(1), 300, 300)}


def test_budget_form_asks_for_the_choice_when_it_is_not_made_yet(client, program):
    application = ApplicationFactory(requests_budget=None)
    client.force_login(application.convenor)
    page = Page(client.get(budget_url(application)))
    assert "尚未選擇「是否申請經費」" in page.visible_text()
    assert not page.has_input("item_1_quantity")


def test_readers_see_the_rule_problems_of_the_saved_budget(client, application):
    people = people_around(application)
    save_budget(application, {3: (1, 3000)})
    client.force_login(people["school_admin"])
    text = Page(client.get(budget_url(application))).visible_text()
    assert "檢核提醒" in text
    assert "外聘諮詢費單價 3,000 元超過每人次上限 2,500 元。" in text
