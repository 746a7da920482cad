"""Selectors: two years' rules side by side, row matched with row, what differs marked.

Rows are matched by each rule's key (a community type by its number, an option by its list, code
and label …, see ``yeardata.YEAR_RULES``); a row only in the newer year is 新增, one only in the
older year 刪除. Dates of the year itself count as unchanged when they are exactly one year later.
Each rule costs one query per year, whatever the number of rows.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from core.roc import money, roc_date

from .models import ProgramYear
from .services import one_year_later
from .yeardata import (
    NOT_COMPARED,
    YEAR_RULES,
    YEAR_SHIFTED_FIELDS,
    YearRule,
    program_year_fields,
)

SAME, CHANGED, ADDED, REMOVED = "same", "changed", "added", "removed"
ROW_STATES = {
    SAME: gettext_lazy("相同"),
    # A row's state, not the buttons 修改 / 新增 / 刪除 (Edit, Add, Delete): a context of their own.
    CHANGED: pgettext_lazy("rule difference", "修改"),
    ADDED: pgettext_lazy("rule difference", "新增"),
    REMOVED: pgettext_lazy("rule difference", "刪除"),
}
EMPTY = "—"


@dataclass(frozen=True)
class Cell:
    old: str
    new: str
    changed: bool
    note: str = ""  # e.g. 順延一年 for a date one year later


@dataclass(frozen=True)
class RowDiff:
    state: str
    cells: list[Cell]

    @property
    def state_label(self) -> str:
        return str(ROW_STATES[self.state])


@dataclass
class SectionDiff:
    title: str
    headers: list[str]
    rows: list[RowDiff]
    rule: YearRule | None = None

    def count(self, state: str) -> int:
        return sum(1 for row in self.rows if row.state == state)

    @property
    def differences(self) -> int:
        return sum(1 for row in self.rows if row.state != SAME)


@dataclass
class YearDiff:
    old: ProgramYear | None
    new: ProgramYear
    settings: SectionDiff
    sections: list[SectionDiff] = field(default_factory=list)

    @property
    def differences(self) -> int:
        return self.settings.differences + sum(s.differences for s in self.sections)


def show(obj: models.Model | None, name: str) -> str:
    """A field's value as the page writes it: 是/否, the choice's words, ROC dates, 12,345."""
    if obj is None:
        return ""
    model_field = obj._meta.get_field(name)
    if model_field.is_relation:
        related = getattr(obj, name)
        return str(related) if related is not None else EMPTY
    value = getattr(obj, name)
    if value is None or value == "":
        return EMPTY
    if model_field.choices:
        return str(getattr(obj, f"get_{name}_display")())
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, datetime):
        local = timezone.localtime(value)
        return f"{roc_date(local)} {local:%H:%M}"
    if isinstance(value, date):
        return roc_date(value)
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, int) and value >= 1000 and "year" not in name:
        return money(value)
    return str(value)


def _key(obj: models.Model, path: str):
    value = obj
    for part in path.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def _rows(rule: YearRule, program: ProgramYear | None) -> list[models.Model]:
    if program is None:
        return []
    model = rule.model
    related = {
        name.split("__")[0]
        for name in (*rule.fields, *rule.key)
        if model._meta.get_field(name.split("__")[0]).is_relation
    }
    return list(model.objects.filter(**{rule.year_path: program}).select_related(*sorted(related)))


def _section(rule: YearRule, old: ProgramYear | None, new: ProgramYear) -> SectionDiff:
    model = rule.model
    headers = [str(model._meta.get_field(name).verbose_name) for name in rule.fields]
    olds: dict[tuple, list] = {}
    for obj in _rows(rule, old):
        olds.setdefault(tuple(_key(obj, k) for k in rule.key), []).append(obj)
    rows: list[RowDiff] = []
    for obj in _rows(rule, new):
        matches = olds.get(tuple(_key(obj, k) for k in rule.key))
        before = matches.pop(0) if matches else None
        cells = []
        for name in rule.fields:
            after = show(obj, name)
            earlier = show(before, name) if before is not None else ""
            cells.append(Cell(earlier, after, before is not None and earlier != after))
        if before is None:
            state = ADDED
        else:
            state = CHANGED if any(c.changed for c in cells) else SAME
        rows.append(RowDiff(state, cells))
    for remaining in olds.values():
        for before in remaining:
            cells = [Cell(show(before, name), "", False) for name in rule.fields]
            rows.append(RowDiff(REMOVED, cells))
    return SectionDiff(title=str(rule.title), headers=headers, rows=rows, rule=rule)


def _settings(old: ProgramYear | None, new: ProgramYear) -> SectionDiff:
    rows = []
    for name in program_year_fields():
        if name in NOT_COMPARED:
            continue
        label = str(ProgramYear._meta.get_field(name).verbose_name)
        after = show(new, name)
        if old is None:
            rows.append(RowDiff(ADDED, [Cell(label, label, False), Cell("", after, False)]))
            continue
        before = show(old, name)
        expected = getattr(old, name)
        note = ""
        if name in YEAR_SHIFTED_FIELDS:
            expected = one_year_later(expected)
            if getattr(new, name) == expected and expected is not None:
                note = _("順延一年")
        changed = getattr(new, name) != expected
        rows.append(
            RowDiff(
                CHANGED if changed else SAME,
                [Cell(label, label, False), Cell(before, after, changed, note)],
            )
        )
    return SectionDiff(title=_("年度計畫"), headers=[_("項目"), _("內容")], rows=rows)


def program_year_diff(*, new: ProgramYear, old: ProgramYear | None = None) -> YearDiff:
    """``new``'s rules beside ``old``'s (by default the year before ``new``)."""
    if old is None:
        old = ProgramYear.objects.filter(academic_year=new.academic_year - 1).first()
    return YearDiff(
        old=old,
        new=new,
        settings=_settings(old, new),
        sections=[_section(rule, old, new) for rule in YEAR_RULES],
    )
