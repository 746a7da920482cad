"""Functions that change the year's rules as a whole: copying a year into the next one, and
opening or closing its application window."""

from dataclasses import dataclass
from datetime import datetime

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from people.models import User

from .models import ProgramYear
from .yeardata import YEAR_RULES, YEAR_SHIFTED_FIELDS, year_rule_labels


def one_year_later(value):
    """The same day (and time) a year later; 29 February becomes 28 February."""
    if value is None:
        return None
    if isinstance(value, int):
        return value + 1
    try:
        return value.replace(year=value.year + 1)
    except ValueError:
        return value.replace(year=value.year + 1, day=28)


@dataclass(frozen=True)
class CopyPlan:
    """What copying ``source`` into the next year would make: its rows counted by rule."""

    source: ProgramYear
    academic_year: int
    counts: list[tuple[str, int]]  # (the rule's title, rows)
    existing: ProgramYear | None  # the next year, when it is there already


def program_year_copy_plan(*, source: ProgramYear) -> CopyPlan:
    year = source.academic_year + 1
    return CopyPlan(
        source=source,
        academic_year=year,
        counts=[
            (str(rule.title), rule.model.objects.filter(**{rule.year_path: source}).count())
            for rule in YEAR_RULES
        ],
        existing=ProgramYear.objects.filter(academic_year=year).first(),
    )


def _copy_rows(*, source: ProgramYear, target: ProgramYear) -> None:
    """Every year rule of ``source`` as a new row of ``target``: a foreign key to the year points
    at ``target``, one to another year rule at that rule's copy, any other (a stage) stays."""
    copies: dict[str, dict[int, int]] = {}
    rule_labels = year_rule_labels()
    for rule in YEAR_RULES:
        model = rule.model
        mapping = copies.setdefault(rule.label, {})
        relations = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.ForeignKey) and f.related_model is not None
        ]
        many = [f for f in model._meta.many_to_many]
        for row in model.objects.filter(**{rule.year_path: source}).order_by("pk"):
            old_pk = row.pk
            m2m = {f.name: list(getattr(row, f.name).values_list("pk", flat=True)) for f in many}
            row.pk = None
            row._state.adding = True
            for f in relations:
                old = getattr(row, f.attname)
                if old is None:
                    continue
                if f.related_model is ProgramYear:
                    setattr(row, f.attname, target.pk)
                elif f.related_model._meta.label in rule_labels:
                    setattr(row, f.attname, copies[f.related_model._meta.label][old])
            row.full_clean()
            row.save()
            mapping[old_pk] = row.pk
            for name, pks in m2m.items():
                related = model._meta.get_field(name).related_model._meta.label
                if related in rule_labels:
                    pks = [copies[related][pk] for pk in pks]
                getattr(row, name).set(pks)


@transaction.atomic
def program_year_copy(*, source: ProgramYear, by: User) -> ProgramYear:
    """複製為下一學年度: the year after ``source`` with every rule of ``source`` copied (types,
    amounts, quotas, option lists, budget items and caps, the fee table, the 審查表 and its
    options, the reminders); its dates, deadlines and 會考 years one year later; its application
    window not opened until the center opens it. The copy shares no row with ``source``."""
    year = source.academic_year + 1
    if ProgramYear.objects.filter(academic_year=year).exists():
        raise ValidationError(
            _("%(year)s學年度的年度計畫已存在，不能再複製；請直接編輯該年度規則。")
            % {"year": year},
            code="exists",
        )
    with set_actor(by):
        target = ProgramYear.objects.get(pk=source.pk)
        target.pk = None
        target._state.adding = True
        for name in YEAR_SHIFTED_FIELDS:
            setattr(target, name, one_year_later(getattr(source, name)))
        target.window_opened = False
        target.rules_changed_at = timezone.now()
        target.full_clean()
        target.save()
        _copy_rows(source=source, target=target)
    return target


@transaction.atomic
def program_year_window(
    *,
    program: ProgramYear,
    opens_at: datetime,
    closes_at: datetime,
    opened: bool,
    by: User,
) -> ProgramYear:
    """開放申請 (or close it again): the year's application window and whether it is open."""
    program = ProgramYear.objects.select_for_update().get(pk=program.pk)
    program.application_opens_at = opens_at
    program.application_closes_at = closes_at
    program.window_opened = opened
    program.full_clean()
    with set_actor(by):
        program.save()
    return program


def shifted_window(*, program: ProgramYear) -> tuple[datetime, datetime]:
    """The window of the year before ``program``, one year later (what a copy starts with)."""
    previous = ProgramYear.objects.filter(academic_year=program.academic_year - 1).first()
    if previous is None:
        return program.application_opens_at, program.application_closes_at
    return (
        one_year_later(previous.application_opens_at),
        one_year_later(previous.application_closes_at),
    )
