"""The 成果報告書's actual spending: per row of the approved 經費概算表, the fees paid at each
session on the rows that carry the NHI supplementary premium (二代健保補充保費), the premium of each
session at the rate in force on its date (programs.PremiumRate rows), 結餘 = 核定金額 − 實支, and
the checks against the approved amount and the caps of the year's rules."""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from core.roc import money, roc_date
from programs.models import BudgetItem, PremiumRate
from programs.selectors import lecturer_fee_cap, premium_amount, premium_rates, rate_on

from .models import Report, ReportSession

LECTURE_KINDS = frozenset({BudgetItem.Kind.LECTURE_EXTERNAL, BudgetItem.Kind.LECTURE_INTERNAL})
# Minutes of one 節 of the 講座鐘點費支給表.
PERIOD_MINUTES = 50
SPENDING = "spending"  # the key of problems about the whole spending


def spend_field(item: BudgetItem) -> str:
    return f"spend_{item.number}"


def fee_field(session: ReportSession, item: BudgetItem) -> str:
    return f"s{session.pk}-fee_{item.number}"


@dataclass
class SpendRow:
    item: BudgetItem
    budgeted: int  # the row's total in the approved 經費概算表
    actual: int
    per_session: bool = False  # paid per session (its fees carry the premium)
    cap: int | None = None  # the most the whole row may cost
    cap_text: str = ""

    @property
    def is_premium(self) -> bool:
        return self.item.kind == BudgetItem.Kind.PREMIUM

    @property
    def field(self) -> str:
        return spend_field(self.item)


@dataclass
class SessionPremium:
    session: ReportSession
    base: int  # the session's fees that carry the premium
    rate: Decimal  # percent
    premium: int

    @property
    def rate_text(self) -> str:
        return f"{self.rate.normalize():f}%"


@dataclass
class SpendingSheet:
    rows: list[SpendRow]
    fee_items: list[BudgetItem]  # the rows whose fees are entered per session
    premiums: list[SessionPremium]
    approved: int
    total: int
    problems: dict[str, list[str]] = field(default_factory=dict)

    @property
    def balance(self) -> int:
        """結餘: the approved amount less what was spent."""
        return self.approved - self.total

    @property
    def premium(self) -> int:
        return sum(p.premium for p in self.premiums)


def _periods(session: ReportSession) -> int:
    return math.ceil(session.hours * 60 / PERIOD_MINUTES) if session.hours else 0


def spending_sheet(
    *,
    report: Report,
    sessions: list[ReportSession],
    budget_lines: list,
    spending: dict[int, int],
    member_count: int,
    rates: list[PremiumRate] | None = None,
    premium_items: dict[int, BudgetItem | None] | None = None,
) -> SpendingSheet:
    """The sheet of ``report`` from rows the caller has read: ``sessions`` with their fees
    prefetched, the application's budget lines (items and fee rates prefetched) and the stored
    amounts of the other rows (BudgetItem id → amount). ``premium_items`` (program id → the
    year's 補充保費 row), when the caller read them for many reports at once."""
    application = report.application
    if rates is None:
        rates = premium_rates(application.program)
    lines = sorted(budget_lines, key=lambda line: line.item.number)
    items = [line.item for line in lines]
    fee_items = [i for i in items if i.premium_base and i.kind != BudgetItem.Kind.PREMIUM]
    fee_ids = {i.pk for i in fee_items}
    problems: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        problems.setdefault(key, []).append(message)

    fees_by_item: dict[int, int] = {}
    premiums = []
    for session in sessions:
        base = 0
        for fee in session.fees.all():
            if fee.item_id not in fee_ids:
                continue
            item = next(i for i in fee_items if i.pk == fee.item_id)
            if not session.held:
                add(
                    fee_field(session, item),
                    _("第%(n)d場未辦理，不能支出%(name)s。")
                    % {"n": session.number, "name": item.name},
                )
                continue
            fees_by_item[fee.item_id] = fees_by_item.get(fee.item_id, 0) + fee.amount
            base += fee.amount
            if item.kind in LECTURE_KINDS and session.date is not None:
                cap = lecturer_fee_cap(
                    budget_item=item, day=session.date, rates=list(item.fee_rates.all())
                )
                periods = _periods(session)
                if cap is not None and periods and fee.amount > cap * periods:
                    add(
                        fee_field(session, item),
                        _(
                            "第%(n)d場%(name)s %(amount)s 元超過講座鐘點費支給表上限"
                            "（每節 %(cap)s 元 × %(periods)d 節 = %(most)s 元）。"
                        )
                        % {
                            "n": session.number,
                            "name": item.name,
                            "amount": money(fee.amount),
                            "cap": money(cap),
                            "periods": periods,
                            "most": money(cap * periods),
                        },
                    )
        if base:
            rate = rate_on(rates, session.date)
            premiums.append(
                SessionPremium(
                    session=session,
                    base=base,
                    rate=rate,
                    premium=premium_amount(base=base, rate_percent=rate),
                )
            )

    rows = []
    for line in lines:
        item = line.item
        row = SpendRow(item=item, budgeted=line.total, actual=0)
        if item.pk in fee_ids:
            row.per_session = True
            row.actual = fees_by_item.get(item.pk, 0)
        elif item.kind == BudgetItem.Kind.PREMIUM:
            row.actual = sum(p.premium for p in premiums)
        else:
            row.actual = spending.get(item.pk, 0)
        if item.cap_per_member is not None:
            row.cap = item.cap_per_member * member_count
            row.cap_text = _("每位成員 %(per)s 元 × %(count)d 人，上限 %(cap)s 元") % {
                "per": money(item.cap_per_member),
                "count": member_count,
                "cap": money(row.cap),
            }
            if row.actual > row.cap:
                add(
                    row.field,
                    _("%(name)s實支 %(actual)s 元超過上限 %(cap)s 元（%(text)s）。")
                    % {
                        "name": item.name,
                        "actual": money(row.actual),
                        "cap": money(row.cap),
                        "text": row.cap_text,
                    },
                )
        rows.append(row)
    # A premium on fees paid although the approved budget has no premium row still counts.
    if premiums and not any(row.is_premium for row in rows):
        if premium_items is not None:
            premium_item = premium_items.get(application.program_id)
        else:
            premium_item = BudgetItem.objects.filter(
                program_id=application.program_id, kind=BudgetItem.Kind.PREMIUM
            ).first()
        if premium_item is not None:
            rows.append(
                SpendRow(item=premium_item, budgeted=0, actual=sum(p.premium for p in premiums))
            )
    total = sum(row.actual for row in rows)
    approved = application.approved_amount or 0
    if total > approved:
        add(
            SPENDING,
            _("實支合計 %(total)s 元超過核定金額 %(approved)s 元，請減少 %(over)s 元。")
            % {
                "total": money(total),
                "approved": money(approved),
                "over": money(total - approved),
            },
        )
    return SpendingSheet(
        rows=rows,
        fee_items=fee_items,
        premiums=premiums,
        approved=approved,
        total=total,
        problems=problems,
    )


def premium_explained(premium: SessionPremium) -> str:
    """第3場 109/12/31：2,400 × 1.91% = 46."""
    return _("第%(n)d場 %(date)s：%(base)s 元 × %(rate)s = %(premium)s 元") % {
        "n": premium.session.number,
        "date": roc_date(premium.session.date),
        "base": money(premium.base),
        "rate": premium.rate_text,
        "premium": money(premium.premium),
    }
