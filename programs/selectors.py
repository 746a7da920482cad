from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import BudgetItem, LecturerFeeRate, PremiumRate, ProgramYear
from .rulecache import year_rules_cached


def program_current() -> ProgramYear | None:
    return ProgramYear.objects.current()


def _in_force(day: date) -> Q:
    return Q(effective_from__lte=day) & (Q(effective_to__isnull=True) | Q(effective_to__gte=day))


def premium_rates(program: ProgramYear) -> list[PremiumRate]:
    """Every 二代健保補充保費 rate row, kept with the year's rules (a save of a rate moves every
    year's rules_changed_at; read-only)."""
    return year_rules_cached(program, "premium_rates", lambda: list(PremiumRate.objects.all()))


def rate_on(rates: list[PremiumRate], day: date | None) -> Decimal:
    """The NHI supplementary premium rate (percent) in force on ``day`` among ``rates`` (the
    latest to take effect); 0 if none is recorded."""
    if day is None:
        return Decimal(0)
    in_force = [
        r
        for r in rates
        if r.effective_from <= day and (r.effective_to is None or r.effective_to >= day)
    ]
    return max(in_force, key=lambda r: r.effective_from).rate_percent if in_force else Decimal(0)


def premium_amount(*, base: int, rate_percent: Decimal) -> int:
    """Premium on a base amount, rounded half up to whole dollars."""
    return int((Decimal(base) * rate_percent / 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def lecturer_fee_cap(
    *, budget_item: BudgetItem, day: date, rates: list[LecturerFeeRate] | None = None
) -> int | None:
    """The highest per-session fee any lecturer category of this row may be paid on a day."""
    if rates is None:
        rates = list(budget_item.fee_rates.filter(_in_force(day)))
    else:
        rates = [
            r
            for r in rates
            if r.budget_item_id == budget_item.pk
            and r.effective_from <= day
            and (r.effective_to is None or r.effective_to >= day)
        ]
    return max((r.lecturer_fee for r in rates), default=None)


@dataclass(frozen=True)
class Deadline:
    label: str
    day: date
    days_left: int

    @property
    def days_past(self) -> int:
        return -self.days_left


APPLICATION_CLOSES = "application"
FIRST_REVIEW_DUE = "first_review"
SECOND_REVIEW_DUE = "second_review"


def year_deadlines(program: ProgramYear | None, *, kinds=None) -> list[Deadline]:
    """The year's deadlines (those of ``kinds``, or all) with the days left from today."""
    if program is None:
        return []
    today = timezone.localdate()
    days = {
        APPLICATION_CLOSES: (
            _("社群申請截止"),
            timezone.localtime(program.application_closes_at).date(),
        ),
        FIRST_REVIEW_DUE: (_("初審期限"), program.first_review_due),
        SECOND_REVIEW_DUE: (_("複審期限"), program.second_review_due),
    }
    return [
        Deadline(label=label, day=day, days_left=(day - today).days)
        for kind, (label, day) in days.items()
        if day is not None and (kinds is None or kind in kinds)
    ]
