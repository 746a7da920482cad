"""The dashboard's figures as the center reads them: counted over the whole year, written out,
and kept for ``DASHBOARD_SECONDS`` (the site's cache), so that a page of the dashboard is
served from what was counted a moment ago rather than counting the year's rows again. The page
says when they were counted and offers 立即重新統計; its 待辦 and 期限 are read on every request.

The figures are kept as the three fragments of the page they fill (written without a request:
no form, no token in them), per year and language.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from programs.models import ProgramYear

from .selectors import ApplicationFilter, dashboard, list_url
from .yearreport import year_spending

FRAGMENTS = {
    "counts": "center/_board_counts.html",
    "spending": "center/_board_spending.html",
    "people": "center/_board_people.html",
}


@dataclass(frozen=True)
class Board:
    counts: SafeString
    spending: SafeString
    people: SafeString
    taken_at: datetime


def board_key(program: ProgramYear) -> str:
    return f"center:board:{program.pk}:{translation.get_language()}"


def board(*, program: ProgramYear, fresh: bool = False) -> Board:
    """The year's figures: the ones kept, when younger than DASHBOARD_SECONDS and not ``fresh``;
    else counted now (and kept)."""
    seconds = settings.DASHBOARD_SECONDS
    key = board_key(program)
    if seconds and not fresh:
        kept = cache.get(key)
        if kept is not None:
            return Board(**{**kept, **{name: mark_safe(kept[name]) for name in FRAGMENTS}})
    made = board_count(program=program)
    if seconds:
        kept = {name: str(getattr(made, name)) for name in FRAGMENTS}
        cache.set(key, {**kept, "taken_at": made.taken_at}, seconds)
    return made


def board_count(*, program: ProgramYear) -> Board:
    """The year counted and written out now."""
    taken_at = timezone.now()
    data = dashboard(program=program)
    path = reverse("center:applications")
    base = ApplicationFilter(program=program)

    def link(**changes) -> str:
        return list_url(base, path, **changes)

    context = {
        "program": program,
        "board": data,
        "short_shown": data.schools_short,
        "status_rows": [(row, link(status=[row.key])) for row in data.by_status],
        "type_rows": [(row, link(type=row.key)) for row in data.by_type],
        "money_rows": [(row, link(type=row.type_id)) for row in data.money],
        "district_rows": [(row, link(district=row.key)) for row in data.by_district],
        "all_link": link(),
        "spending": year_spending(program=program),
    }
    return Board(
        **{name: render_to_string(template, context) for name, template in FRAGMENTS.items()},
        taken_at=taken_at,
    )
