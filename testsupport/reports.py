"""Many closed cases at once for the query-count tests of the year's reports: cases closed
through the workflow with their 成果報告書, and copies of them made in bulk."""

from communities import workflow
from communities.models import Application
from outcomes.models import Report
from people.models import Role, User
from people.tests.factories import SchoolFactory

from .flow import _review_and_decide, advance, budget_allowed, complete_application, fill_report

APPROVED_AMOUNT = 3000
# 4 節 of 內聘講座鐘點費 (the premium's base) and a row of 教材教具費: over the approved amount, so
# that 3000 is the center's choice; 1600 of the fees paid, within it.
LINES = {2: (4, 800), 7: (1, 500)}
FEES = {2: 1600}


def closed_case(program, *, school, name: str, partners=()):
    """A case approved at 3000 元 and closed through the workflow, its report filled as
    fill_report does: each of its six sessions (the types' minimum) held with every member
    present and a photo, 1600 元 of fees paid."""
    application = complete_application(
        program,
        school=school,
        name=name,
        cross=bool(partners),
        partners=partners,
        lines=LINES,
    )
    # The type's ceiling, under the estimate's total, is raised to it while the case is decided.
    with budget_allowed(application):
        application = advance(application, workflow.FIRST_PASSED)
        _review_and_decide(application, "approve", amount=APPROVED_AMOUNT)
    application = Application.objects.get(pk=application.pk)
    fill_report(application, fees=FEES)
    return advance(application, workflow.CLOSED)


def bulk_reports(program, *, count: int, store_spent: bool = True) -> None:
    """``count`` closed cases of one school named 大量社群<n>, every seventh cross-school with one
    partner school: the first of each kind closed through the workflow (closed_case), the others
    copies of it made in bulk, each with a convenor of its own and the case's plan rows, history,
    report, sessions, attendance, fees, spending and photos. Each report keeps the 實支 that 送出
    stored with it; without ``store_spent`` none has it, as a report sent before it was stored."""
    school, partner = SchoolFactory(), SchoolFactory()
    convenors = User.objects.bulk_create(
        User(
            username=f"bulkreport{i}",
            name=f"老師{i}",
            role=Role.TEACHER,
            school=school,
            password="!",
        )
        for i in range(count)
    )
    templates = {}
    copies = []
    for i, convenor in enumerate(convenors):
        cross, name = i % 7 == 0, f"大量社群{i}"
        if cross not in templates:
            templates[cross] = closed_case(
                program, school=school, name=name, partners=[partner] if cross else ()
            )
            # The case's convenor is the one the builder made; this one is left without a case.
            continue
        copies.append((templates[cross], convenor, name))
    made = Application.objects.bulk_create(
        _copy_row(template, convenor_id=convenor.pk, name=name)
        for template, convenor, name in copies
    )
    _copy_cases(
        [(template.pk, copy.pk) for (template, _, _), copy in zip(copies, made, strict=True)]
    )
    if not store_spent:
        Report.objects.filter(application__name__startswith="大量社群").update(spent_total=None)


def _copy_row(row, **changes):
    model = type(row)
    values = {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields}
    values.pop(model._meta.pk.attname)
    return model(**{**values, **changes})


def _copy_all(model, key: str, pairs: list[tuple[int, int]], **maps) -> dict[int, int]:
    """Copies of ``model``'s rows whose ``key`` is the first of a pair, each under the second;
    ``maps``: other columns whose values are translated. Returns old primary key → new, per
    pair in order (each pair's copies as a dict, in a list)."""
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
            plan.append((index, row.pk, _copy_row(row, **changes)))
    made = model.objects.bulk_create(copy for _, _, copy in plan)
    translated: list[dict[int, int]] = [{} for _ in pairs]
    for (index, old_pk, _), copy in zip(plan, made, strict=True):
        translated[index][old_pk] = copy.pk
    return translated


def _copy_links(through, key: str, pairs: list[tuple[int, int]], other: str, mapping=None):
    by_key: dict[int, list[int]] = {}
    for owner, target in through.objects.filter(
        **{f"{key}__in": {old for old, _ in pairs}}
    ).values_list(key, other):
        by_key.setdefault(owner, []).append(target)
    through.objects.bulk_create(
        through(**{key: new, other: mapping[index][target] if mapping else target})
        for index, (old, new) in enumerate(pairs)
        for target in by_key.get(old, [])
    )


def _copy_cases(pairs: list[tuple[int, int]]) -> None:
    """Each copy (second of a pair) gets the rows of its case (the first)."""
    from communities.models import (
        Application,
        BudgetLine,
        Member,
        Session,
        SignedDocument,
        Transition,
    )
    from outcomes.models import Evidence, ReportSession, SessionFee, Spending

    members = _copy_all(Member, "application_id", pairs)
    planned = _copy_all(Session, "application_id", pairs)
    for model in (BudgetLine, SignedDocument, Transition):
        _copy_all(model, "application_id", pairs)
    for name in ("partner_schools", "content_items", "options"):
        through = getattr(Application, name).through
        other = next(
            f.attname
            for f in through._meta.concrete_fields
            if not f.primary_key and f.attname != "application_id"
        )
        _copy_links(through, "application_id", pairs, other)
    reports = _copy_all(Report, "application_id", pairs)
    report_pairs = [(old, new) for translated in reports for old, new in translated.items()]
    sessions = _copy_all(ReportSession, "report_id", report_pairs, planned_id=planned)
    session_pairs = [(old, new) for translated in sessions for old, new in translated.items()]
    _copy_all(Spending, "report_id", report_pairs)
    _copy_all(SessionFee, "session_id", session_pairs)
    _copy_all(Evidence, "session_id", session_pairs)
    # Attendance: the copy's own members.
    through = ReportSession.attendees.through
    by_session = {}
    for session_id, member_id in through.objects.filter(
        reportsession_id__in={old for old, _ in session_pairs}
    ).values_list("reportsession_id", "member_id"):
        by_session.setdefault(session_id, []).append(member_id)
    member_of_copy = {}
    for index, translated in enumerate(sessions):
        for _old, new_session in translated.items():
            member_of_copy[new_session] = members[index]
    through.objects.bulk_create(
        through(reportsession_id=new, member_id=member_of_copy[new][member])
        for old, new in session_pairs
        for member in by_session.get(old, [])
    )
