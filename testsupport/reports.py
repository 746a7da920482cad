"""Many closed cases at once for the query-count tests of the year's reports: cases closed
through the workflow with their 成果報告書, and copies of them made in bulk."""

from communities import workflow
from communities.models import Application
from outcomes.models import Report
from people.models import School
from people.tests.factories import SchoolFactory

from .copies import CopiedCases, bulk_convenors, copy_all, copy_applications
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


def bulk_reports(
    program, *, count: int, store_spent: bool = True, prefix: str = "bulkreport"
) -> School:
    """``count`` closed cases of one school named 大量社群<n>, every seventh cross-school with one
    partner school: the first of each kind closed through the workflow (closed_case), the others
    copies of it made in bulk, each with a convenor of its own and the case's plan rows, history,
    report, sessions, attendance, fees, spending and photos. Each report keeps the 實支 that 送出
    stored with it; without ``store_spent`` none has it, as a report sent before it was stored.
    The convenors' user names start with ``prefix``. Returns the school."""
    school, partner = SchoolFactory(), SchoolFactory()
    convenors = bulk_convenors(school=school, prefix=prefix, count=count)
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
    _copy_reports(copy_applications(copies))
    if not store_spent:
        Report.objects.filter(application__name__startswith="大量社群").update(spent_total=None)
    return school


def _copy_reports(cases: CopiedCases) -> None:
    """Each copy gets the 成果報告書 of its case: sessions held (of its own planned sessions),
    spending, fees, photos and attendance (of its own members)."""
    from outcomes.models import Evidence, ReportSession, SessionFee, Spending

    reports = copy_all(Report, "application_id", cases.pairs)
    report_pairs = [(old, new) for translated in reports for old, new in translated.items()]
    sessions = copy_all(ReportSession, "report_id", report_pairs, planned_id=cases.sessions)
    session_pairs = [(old, new) for translated in sessions for old, new in translated.items()]
    copy_all(Spending, "report_id", report_pairs)
    copy_all(SessionFee, "session_id", session_pairs)
    copy_all(Evidence, "session_id", session_pairs)
    through = ReportSession.attendees.through
    by_session = {}
    for session_id, member_id in through.objects.filter(
        reportsession_id__in={old for old, _ in session_pairs}
    ).values_list("reportsession_id", "member_id"):
        by_session.setdefault(session_id, []).append(member_id)
    member_of_copy = {}
    for index, translated in enumerate(sessions):
        for _old, new_session in translated.items():
            member_of_copy[new_session] = cases.members[index]
    through.objects.bulk_create(
        through(reportsession_id=new, member_id=member_of_copy[new][member])
        for old, new in session_pairs
        for member in by_session.get(old, [])
    )
