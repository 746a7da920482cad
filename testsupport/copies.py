"""Copies of applications made in bulk, for the tests that count queries at scale: one case made
through the workflow, then its rows copied under each copy, a statement per table."""

from dataclasses import dataclass

from communities.models import (
    Application,
    BudgetLine,
    Member,
    Session,
    SignedDocument,
    Transition,
)
from people.models import Role, User

PLAN_ROWS = (BudgetLine, SignedDocument, Transition)
PLAN_LINKS = ("partner_schools", "content_items", "options")


def bulk_convenors(*, school, prefix: str, count: int, start: int = 0) -> list[User]:
    """``count`` teachers of ``school`` (``<prefix><n>``, 老師<n>), without a usable password."""
    return User.objects.bulk_create(
        User(
            username=f"{prefix}{start + i}",
            name=f"老師{start + i}",
            role=Role.TEACHER,
            school=school,
            password="!",
        )
        for i in range(count)
    )


def copy_row(row, **changes):
    """An unsaved copy of ``row`` with ``changes``."""
    model = type(row)
    values = {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields}
    values.pop(model._meta.pk.attname)
    return model(**{**values, **changes})


def copy_all(model, key: str, pairs: list[tuple[int, int]], **maps) -> list[dict[int, int]]:
    """Copies of ``model``'s rows whose ``key`` is the first of a pair, each under the second;
    ``maps``: other columns whose values are translated (per pair, old → new). Returns, per pair
    in order, its rows' old primary key → new."""
    rows: dict[int, list] = {}
    for row in model.objects.filter(**{f"{key}__in": {old for old, _ in pairs}}).order_by("pk"):
        rows.setdefault(getattr(row, key), []).append(row)
    plan = []
    for index, (old, new) in enumerate(pairs):
        for row in rows.get(old, []):
            changes = {key: new}
            for column, mapping in maps.items():
                value = getattr(row, column)
                changes[column] = None if value is None else mapping[index][value]
            plan.append((index, row.pk, copy_row(row, **changes)))
    made = model.objects.bulk_create(copy for _, _, copy in plan)
    translated: list[dict[int, int]] = [{} for _ in pairs]
    for (index, old_pk, _), copy in zip(plan, made, strict=True):
        translated[index][old_pk] = copy.pk
    return translated


def copy_links(through, key: str, pairs: list[tuple[int, int]]) -> None:
    """The many-to-many rows of each pair's first, written for its second (``key``: the through
    table's column of the pair's side; the other column is the linked row)."""
    other = next(
        f.attname for f in through._meta.concrete_fields if not f.primary_key and f.attname != key
    )
    by_key: dict[int, list[int]] = {}
    for owner, target in through.objects.filter(
        **{f"{key}__in": {old for old, _ in pairs}}
    ).values_list(key, other):
        by_key.setdefault(owner, []).append(target)
    through.objects.bulk_create(
        through(**{key: new, other: target}) for old, new in pairs for target in by_key.get(old, [])
    )


@dataclass(frozen=True)
class CopiedCases:
    """What copy_applications made: (template id, copy id) per copy, and per copy its members'
    and planned sessions' old id → new."""

    pairs: list[tuple[int, int]]
    members: list[dict[int, int]]
    sessions: list[dict[int, int]]


def copy_applications(copies: list[tuple[Application, User, str]]) -> CopiedCases:
    """For each (template, convenor, name): a copy of the template application under that
    convenor and name, with the template's members, schedule, budget lines, signed PDFs,
    history rows, partner schools, content items and options."""
    made = Application.objects.bulk_create(
        copy_row(template, convenor_id=convenor.pk, name=name)
        for template, convenor, name in copies
    )
    pairs = [(template.pk, copy.pk) for (template, _, _), copy in zip(copies, made, strict=True)]
    members = copy_all(Member, "application_id", pairs)
    sessions = copy_all(Session, "application_id", pairs)
    for model in PLAN_ROWS:
        copy_all(model, "application_id", pairs)
    for name in PLAN_LINKS:
        copy_links(getattr(Application, name).through, "application_id", pairs)
    return CopiedCases(pairs, members, sessions)
