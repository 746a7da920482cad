"""The dashboard's figures as the center reads them: counted over the whole year, written out,
and kept (BoardSnapshot, in the database every worker and machine shares) for
``DASHBOARD_SECONDS``, so that the dashboard is served from what was counted a moment ago
rather than counting the year's rows on every request. The page says when they were counted
and offers 立即重新統計; its 待辦 and 期限 are read on every request.

The figures are kept as the three fragments of the page they fill, per year and language,
written without a request: no form, no token in them.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from programs.models import ProgramYear

from .models import BoardSnapshot
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


def board(*, program: ProgramYear, fresh: bool = False) -> Board:
    """The year's figures: the ones kept, when counted less than DASHBOARD_SECONDS ago and not
    ``fresh``; else counted now (and kept for the next reader)."""
    seconds = settings.DASHBOARD_SECONDS
    language = translation.get_language()
    if seconds and not fresh:
        kept = BoardSnapshot.objects.filter(
            program=program,
            language=language,
            taken_at__gt=timezone.now() - timedelta(seconds=seconds),
        ).first()
        if kept is not None:
            return Board(
                **{name: mark_safe(getattr(kept, name)) for name in FRAGMENTS},
                taken_at=kept.taken_at,
            )
    made = board_count(program=program)
    if seconds:
        BoardSnapshot.objects.update_or_create(
            program=program,
            language=language,
            defaults={
                "taken_at": made.taken_at,
                **{name: getattr(made, name) for name in FRAGMENTS},
            },
        )
    return made


def board_count(*, program: ProgramYear) -> Board:
    """The year counted and written out now."""
    taken_at = timezone.now()
    data = dashboard(program=program)
    link = partial(list_url, ApplicationFilter(program=program), reverse("center:applications"))
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
