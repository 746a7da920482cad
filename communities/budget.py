"""The 經費概算表: rows from the year's BudgetItem rules, 數量 × 單價 = 總價, the computed 二代健保
補充保費 and the checks against the caps (SPEC §4).

Selectors: ``budget_sheet`` (everything a page shows), ``budget_rows``, ``budget_total``,
``budget_problems``. Service: ``budget_save``. Every amount and cap is read from the programs rows.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.roc import money
from people.models import User
from programs.models import BudgetItem, LecturerFeeRate
from programs.rulecache import year_rules_cached
from programs.selectors import lecturer_fee_cap, premium_amount, premium_rates, rate_on

from .models import Application, BudgetLine
from .permissions import can_edit

ALL = "__all__"
LECTURE_KINDS = frozenset({BudgetItem.Kind.LECTURE_EXTERNAL, BudgetItem.Kind.LECTURE_INTERNAL})


# The rule messages, also handed to the page's script so that it warns as the user types in the
# same words (placeholders filled with "{name}" etc.).
NEEDS_PRICE = gettext_lazy("已填數量，請填寫單價。")
NEEDS_QUANTITY = gettext_lazy("已填單價，請填寫數量。")
OVER_FEE_CAP = gettext_lazy(
    "%(name)s單價 %(price)s 元超過講座鐘點費支給表每%(unit)s上限 %(cap)s 元。"
)
OVER_UNIT_CAP = gettext_lazy("%(name)s單價 %(price)s 元超過每%(unit)s上限 %(cap)s 元。")
OVER_ROW_CAP = gettext_lazy(
    "%(name)s總價 %(total)s 元超過上限 %(cap)s 元（每位成員 %(per)s 元 × 社群成員 %(count)s 人）。"
)
OVER_CEILING = gettext_lazy(
    "經費總計 %(total)s 元超過本社群補助上限 %(ceiling)s 元，請減少 %(over)s 元。"
)
WITHOUT_EXPERTS = gettext_lazy(
    "%(name)s以外聘學者專家為限：社群申請書「是否邀請專家諮詢」為「否」，不可編列此項。"
    "請清除本列，或在社群申請書改選「是」。"
)


def quantity_field(item: BudgetItem) -> str:
    return f"item_{item.number}_quantity"


def unit_price_field(item: BudgetItem) -> str:
    return f"item_{item.number}_unit_price"


@dataclass(frozen=True)
class BudgetEntry:
    """What the convenor entered on one row."""

    quantity: Decimal
    unit_price: int


def line_total(*, quantity: Decimal, unit_price: int) -> int:
    """總價 in whole dollars (a quantity may have one decimal place), rounded half up."""
    return int((quantity * unit_price).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


@dataclass
class BudgetRow:
    item: BudgetItem
    quantity: Decimal | None  # None: nothing entered
    unit_price: int | None
    total: int
    unit_cap: int | None = None  # the most one unit may cost (fee table or item cap)
    unit_cap_text: str = ""
    cap_is_fee_table: bool = False  # unit_cap comes from the 講座鐘點費支給表
    row_cap: int | None = None  # the most the whole row may cost (per-member items)
    row_cap_text: str = ""
    not_allowed: str = ""  # why this row must stay empty for this application
    show_note: bool = True  # False when the next row carries the same 說明

    @property
    def is_premium(self) -> bool:
        return self.item.kind == BudgetItem.Kind.PREMIUM

    @property
    def quantity_field(self) -> str:
        return quantity_field(self.item)

    @property
    def unit_price_field(self) -> str:
        return unit_price_field(self.item)

    @property
    def is_empty(self) -> bool:
        return not self.quantity and not self.unit_price


@dataclass
class BudgetSheet:
    application: Application
    rows: list[BudgetRow]
    premium_rate: Decimal  # percent
    premium_base: int
    premium: int
    total: int
    ceiling: int | None
    member_count: int
    problems: dict[str, list[str]] = field(default_factory=dict)

    @property
    def remaining(self) -> int | None:
        return None if self.ceiling is None else self.ceiling - self.total

    @property
    def over_ceiling(self) -> bool:
        return self.ceiling is not None and self.total > self.ceiling

    @property
    def is_empty(self) -> bool:
        return self.total == 0 and all(row.is_empty for row in self.rows)

    @property
    def premium_rate_text(self) -> str:
        return f"{self.premium_rate.normalize():f}%"

    @property
    def premium_base_items(self) -> list[BudgetItem]:
        return [row.item for row in self.rows if row.item.premium_base]

    def row_problems(self, row: BudgetRow) -> list[str]:
        return self.problems.get(row.quantity_field, []) + self.problems.get(
            row.unit_price_field, []
        )


def budget_items(*, application: Application) -> list[BudgetItem]:
    """The year's budget rows in order, with their fee-table rows (read once per process:
    programs.rulecache)."""

    def load():
        return list(
            BudgetItem.objects.filter(program_id=application.program_id)
            .order_by("number")
            .prefetch_related(Prefetch("fee_rates", queryset=LecturerFeeRate.objects.all()))
        )

    return list(year_rules_cached(application.program, "budget_items", load))


def budget_entries(*, application: Application) -> dict[int, BudgetEntry]:
    """The stored rows, keyed by BudgetItem id."""
    return {
        line.item_id: BudgetEntry(quantity=line.quantity, unit_price=line.unit_price)
        for line in BudgetLine.objects.filter(application=application)
    }


def budget_entries_by_number(
    *, application: Application, rows: Mapping[int, tuple[Decimal | int | str, int]]
) -> dict[int, BudgetEntry]:
    """Rows written by the item's number (2 → 2 節 at 800: ``{2: (2, 800)}``), keyed by
    BudgetItem id as budget_save takes them. Numbers the year's rules do not have are left out."""
    items = {item.number: item for item in BudgetItem.objects.filter(program=application.program)}
    return {
        items[number].pk: BudgetEntry(quantity=Decimal(str(quantity)), unit_price=price)
        for number, (quantity, price) in rows.items()
        if number in items
    }


def budget_sheet(
    *,
    application: Application,
    entries: Mapping[int, BudgetEntry] | None = None,
    items: list[BudgetItem] | None = None,
) -> BudgetSheet:
    """The whole estimate, computed: stored rows, or ``entries`` (keyed by BudgetItem id) when the
    convenor's input is being checked before it is saved."""
    if items is None:
        items = budget_items(application=application)
    if entries is None:
        entries = budget_entries(application=application)
    program = application.program
    day = program.start_date
    member_count = application.members.count()

    rows: list[BudgetRow] = []
    for item in items:
        entry = entries.get(item.pk)
        row = BudgetRow(
            item=item,
            quantity=entry.quantity if entry else None,
            unit_price=entry.unit_price if entry else None,
            total=line_total(quantity=entry.quantity, unit_price=entry.unit_price) if entry else 0,
        )
        if item.kind in LECTURE_KINDS:
            # 可相互勻支 moves money between the two rows; each row's fee per 節 still follows
            # its own table.
            row.unit_cap = lecturer_fee_cap(
                budget_item=item, day=day, rates=list(item.fee_rates.all())
            )
            if row.unit_cap is not None:
                row.cap_is_fee_table = True
                row.unit_cap_text = _("依講座鐘點費支給表，每%(unit)s上限 %(cap)s 元") % {
                    "unit": item.unit,
                    "cap": money(row.unit_cap),
                }
        if item.cap_per_unit is not None and (
            row.unit_cap is None or item.cap_per_unit < row.unit_cap
        ):
            row.unit_cap = item.cap_per_unit
            row.cap_is_fee_table = False
            row.unit_cap_text = _("每%(unit)s上限 %(cap)s 元") % {
                "unit": item.unit,
                "cap": money(item.cap_per_unit),
            }
        if item.kind == BudgetItem.Kind.CONSULTATION and application.invites_experts is False:
            # 外聘諮詢費 pays external experts only: none when the plan invites none.
            row.not_allowed = WITHOUT_EXPERTS % {"name": item.name}
        if item.cap_per_member is not None:
            row.row_cap = item.cap_per_member * member_count
            row.row_cap_text = _("每位成員 %(per)s 元 × %(count)s 人，上限 %(cap)s 元") % {
                "per": money(item.cap_per_member),
                "count": member_count,
                "cap": money(row.row_cap),
            }
        rows.append(row)
    for row, following in zip(rows, rows[1:], strict=False):
        row.show_note = bool(row.item.note) and row.item.note != following.item.note
    if rows:
        rows[-1].show_note = bool(rows[-1].item.note)

    # The rate in force when the year starts, among the rates kept with the year's rules.
    rate = rate_on(premium_rates(program), day)
    base = sum(row.total for row in rows if row.item.premium_base and not row.is_premium)
    premium = premium_amount(base=base, rate_percent=rate)
    for row in rows:
        if row.is_premium:
            row.quantity = Decimal(1) if premium else None
            row.unit_price = premium or None
            row.total = premium
    total = sum(row.total for row in rows)
    sheet = BudgetSheet(
        application=application,
        rows=rows,
        premium_rate=rate,
        premium_base=base,
        premium=premium,
        total=total,
        ceiling=application.ceiling(),
        member_count=member_count,
    )
    sheet.problems = _problems(sheet)
    return sheet


def _problems(sheet: BudgetSheet) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        problems.setdefault(key, []).append(message)

    for row in sheet.rows:
        if row.is_premium or row.is_empty:
            continue
        item = row.item
        if row.not_allowed:
            add(row.quantity_field, row.not_allowed)
        if row.quantity and not row.unit_price:
            add(row.unit_price_field, str(NEEDS_PRICE))
        if row.unit_price and not row.quantity:
            add(row.quantity_field, str(NEEDS_QUANTITY))
        if row.unit_cap is not None and row.unit_price and row.unit_price > row.unit_cap:
            message = OVER_FEE_CAP if row.cap_is_fee_table else OVER_UNIT_CAP
            add(
                row.unit_price_field,
                message
                % {
                    "name": item.name,
                    "price": money(row.unit_price),
                    "unit": item.unit,
                    "cap": money(row.unit_cap),
                },
            )
        if row.row_cap is not None and row.total > row.row_cap:
            add(
                row.unit_price_field,
                OVER_ROW_CAP
                % {
                    "name": item.name,
                    "total": money(row.total),
                    "cap": money(row.row_cap),
                    "per": money(item.cap_per_member),
                    "count": sheet.member_count,
                },
            )
    if sheet.ceiling is None:
        add(ALL, _("請先在社群申請書選擇社群類型，才能核對補助上限。"))
    elif sheet.total > sheet.ceiling:
        add(
            ALL,
            OVER_CEILING
            % {
                "total": money(sheet.total),
                "ceiling": money(sheet.ceiling),
                "over": money(sheet.total - sheet.ceiling),
            },
        )
    if sheet.total == 0:
        add(ALL, _("經費概算表尚未填寫。"))
    return problems


def budget_rows(*, application: Application) -> list[BudgetRow]:
    return budget_sheet(application=application).rows


def budget_total(*, application: Application) -> int:
    """The grand total in whole dollars, premium included, recomputed from the stored rows."""
    return budget_sheet(application=application).total


def budget_problems(*, application: Application) -> dict[str, list[str]]:
    """Rule problems of the stored estimate, keyed by budget form field name or "__all__".

    Empty when the estimate may be submitted."""
    return budget_sheet(application=application).problems


@transaction.atomic
def budget_save(
    *, application: Application, data: Mapping[int, BudgetEntry], by: User
) -> BudgetSheet:
    """Store the convenor's rows (keyed by BudgetItem id) as a draft, even when they break a rule:
    the returned sheet's ``problems`` say which. 總價 and the premium are always recomputed here.
    """
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("program", "community_type")
        .get(pk=application.pk)
    )
    if not can_edit(by, application):
        raise PermissionDenied(_("只有召集人可在可編輯的狀態下修改經費概算表。"))
    if not application.requests_budget:
        raise ValidationError(_("本社群未申請經費，不需填寫經費概算表。"))

    items = budget_items(application=application)
    entries = {
        item.pk: data[item.pk]
        for item in items
        if item.kind != BudgetItem.Kind.PREMIUM
        and item.pk in data
        and (data[item.pk].quantity or data[item.pk].unit_price)
    }
    sheet = budget_sheet(application=application, entries=entries, items=items)

    # Written in bulk: the same queries for 2 rows or 20.
    existing = {line.item_id: line for line in BudgetLine.objects.filter(application=application)}
    keep: set[int] = set()
    to_update, to_create = [], []
    for row in sheet.rows:
        if row.is_empty:
            continue
        line = existing.get(row.item.pk)
        if line is None:
            line = BudgetLine(application=application, item=row.item)
            to_create.append(line)
        else:
            to_update.append(line)
        line.quantity = row.quantity or Decimal(0)
        line.unit_price = row.unit_price or 0
        line.total = row.total
        # Its foreign keys are the application and one of the year's items, both read above.
        line.full_clean(
            exclude=["application", "item"], validate_unique=False, validate_constraints=False
        )
        keep.add(row.item.pk)
    if set(existing) - keep:
        BudgetLine.objects.filter(application=application).exclude(item_id__in=keep).delete()
    if to_update:
        BudgetLine.objects.bulk_update(to_update, ["quantity", "unit_price", "total"])
    if to_create:
        BudgetLine.objects.bulk_create(to_create)
    application.requested_total = sum(line.total for line in [*to_update, *to_create])
    application.budget_version += 1
    application.save(update_fields=["requested_total", "budget_version", "updated_at"])
    return sheet
