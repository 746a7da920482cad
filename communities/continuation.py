"""續辦: a closed community continued in the next year by its convenor, as a new draft with last
year's data.

Selector: ``continuation_offer`` (what the 流程進度 page offers for a case). Service:
``application_continue``. Which states may be continued is the workflow table's ``continuable``
flag (結案_可彙整).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from people.models import User
from programs.models import BudgetItem, ProgramYear

from . import workflow
from .budget import BudgetEntry, budget_save
from .models import Application, BudgetLine
from .selectors import application_of_convenor_for
from .services import application_prefill_from, application_start


def continuation_year_after(previous: Application) -> int:
    """第幾年 of a community continuing ``previous``: one more than the years of its chain (each
    application and the ones it followed), or than the year ``previous`` says it was in."""
    years = 1
    seen = {previous.pk}
    earlier = previous.previous
    while earlier is not None and earlier.pk not in seen:
        years += 1
        seen.add(earlier.pk)
        earlier = earlier.previous
    return max(years, previous.continuation_year or 1) + 1


def is_continuable(application: Application) -> bool:
    return workflow.WORKFLOW[application.status].continuable


@dataclass(frozen=True)
class ContinuationOffer:
    """What 續辦 means for one case now."""

    program: ProgramYear | None  # the next year, if the center has made it
    year: int  # 第幾年 the continued community would be
    existing: Application | None  # the convenor's application of the next year, if any
    window_open: bool

    @property
    def can_start(self) -> bool:
        return self.existing is None and self.window_open


def continuation_offer(*, application: Application, user: User) -> ContinuationOffer | None:
    """None unless ``user`` convenes ``application`` and its state may be continued."""
    if application.convenor_id != user.pk or not is_continuable(application):
        return None
    program = ProgramYear.objects.filter(
        academic_year=application.program.academic_year + 1
    ).first()
    existing = application_of_convenor_for(program=program, user=user) if program else None
    return ContinuationOffer(
        program=program,
        year=continuation_year_after(application),
        existing=existing,
        window_open=bool(program and program.window_is_open()),
    )


def continuable_years(*, applications: list[Application]) -> dict[int, ProgramYear]:
    """社群計畫查詢: for each of one convenor's listed applications that may be continued now
    (next year's window open, no application of theirs in it yet), that next year, by id."""
    programs = {p.academic_year: p for p in ProgramYear.objects.all()}
    applied = {a.program.academic_year for a in applications}
    offers = {}
    for application in applications:
        following = programs.get(application.program.academic_year + 1)
        if (
            is_continuable(application)
            and following is not None
            and following.academic_year not in applied
            and following.window_is_open()
        ):
            offers[application.pk] = following
    return offers


def _matching_item(item: BudgetItem, items: list[BudgetItem]) -> BudgetItem | None:
    """The new year's row for last year's: the same name, else the same number and kind."""
    return next((i for i in items if i.name == item.name), None) or next(
        (i for i in items if i.number == item.number and i.kind == item.kind), None
    )


def _prefill_budget(*, application: Application, previous: Application, by: User) -> None:
    """Last year's 經費概算表 rows on the new year's items (the premium is computed anew)."""
    if not (application.requests_budget and previous.requests_budget):
        return
    items = list(BudgetItem.objects.filter(program=application.program).order_by("number"))
    entries = {}
    for line in BudgetLine.objects.filter(application=previous).select_related("item"):
        if line.item.kind == BudgetItem.Kind.PREMIUM:
            continue
        match = _matching_item(line.item, items)
        if match is not None and match.pk not in entries:
            entries[match.pk] = BudgetEntry(quantity=line.quantity, unit_price=line.unit_price)
    if entries:
        budget_save(application=application, data=entries, by=by)


@transaction.atomic
def application_continue(*, previous: Application, by: User) -> Application:
    """續辦: the convenor of a closed community starts next year's application from it: a draft
    of the next year (one per convenor and year, in its window) with last year's name, type,
    domain, partner schools, members, planned sessions (without their dates and times) and
    budget rows matched by item, marked 續辦 第N年 after ``previous``."""
    previous = (
        Application.objects.select_related("program", "community_type", "previous")
        .select_for_update(of=("self",))
        .get(pk=previous.pk)
    )
    if previous.convenor_id != by.pk:
        raise PermissionDenied(_("只有本社群的召集人可以續辦。"))
    if not is_continuable(previous):
        raise ValidationError(
            _("社群「%(name)s」尚未結案，結案後才能於下一學年度續辦。")
            % {"name": previous.display_name},
            code="not_closed",
        )
    year = previous.program.academic_year + 1
    program = ProgramYear.objects.filter(academic_year=year).first()
    if program is None:
        raise ValidationError(
            _("%(year)s學年度的社群申請尚未公告，開放申請後才能續辦。") % {"year": year},
            code="no_next_year",
        )
    application = application_start(program=program, convenor=by)
    application = application_prefill_from(application=application, previous=previous)
    application.continuation_year = continuation_year_after(previous)
    application.full_clean()
    application.save(update_fields=["continuation_year", "updated_at"])
    _prefill_budget(application=application, previous=previous, by=by)
    return Application.objects.get(pk=application.pk)
