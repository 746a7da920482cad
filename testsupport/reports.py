"""Many closed cases at once for the query-count tests of the year's reports: the bulk
applications of summaries.tests.builders closed, each with a report of two held sessions."""

import hashlib
from datetime import date, time

from django.core.files.base import ContentFile

from communities import workflow
from outcomes.models import Report
from people.tests.factories import UserFactory

from .pdfs import png_bytes


def bulk_reports(program, *, photo: bool = False, store_spent: bool = True) -> None:
    """The bulk applications closed, each with a report of two held sessions (every member
    present, a fee on the rows that carry the premium, and with ``photo`` the same stored photo
    as each session's evidence) and spending on its other rows; with ``store_spent``, each
    report's 實支 stored as 送出 stores it (without: as a report sent before it was stored)."""
    from communities.models import Application, BudgetLine, Member
    from outcomes.models import Evidence, ReportSession, SessionFee, Spending

    bulk = Application.objects.filter(program=program, name__startswith="大量社群")
    applications = list(bulk)
    # past the workflow: still to be made as copies of one case closed through it (issue 9)
    bulk.update(status=workflow.CLOSED, approved_amount=3000)
    reports = Report.objects.bulk_create(
        Report(application=a, reflections="省思") for a in applications
    )
    sessions = ReportSession.objects.bulk_create(
        ReportSession(
            report=r,
            number=n,
            held=True,
            date=date(2020, 10, n),
            start_time=time(14, 0),
            end_time=time(16, 0),
            content="共備",
            is_public_lesson=n == 1,
        )
        for r in reports
        for n in (1, 2)
    )
    lines = {}
    for line in BudgetLine.objects.filter(application__program=program).select_related("item"):
        lines.setdefault(line.application_id, []).append(line.item)
    report_of = {r.pk: r.application_id for r in reports}
    SessionFee.objects.bulk_create(
        SessionFee(session=s, item=item, amount=100)
        for s in sessions
        for item in lines.get(report_of[s.report_id], [])
        if item.premium_base
    )
    Spending.objects.bulk_create(
        Spending(report=r, item=item, amount=50)
        for r in reports
        for item in lines.get(r.application_id, [])
        if not item.premium_base
    )
    members = {}
    for member in Member.objects.filter(application__program=program):
        members.setdefault(member.application_id, []).append(member)
    ReportSession.attendees.through.objects.bulk_create(
        ReportSession.attendees.through(reportsession=s, member=m)
        for s in sessions
        for m in members.get(report_of[s.report_id], [])
    )
    if photo:
        content = png_bytes()
        storage = Evidence._meta.get_field("file").storage
        name = storage.save("files/bulk-photo.png", ContentFile(content))
        by = UserFactory(center=True)
        Evidence.objects.bulk_create(
            Evidence(
                session=s,
                file=name,
                original_name="photo.png",
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                kind="png",
                uploaded_by=by,
            )
            for s in sessions
        )
    if store_spent:
        from outcomes.selectors import report_spent_total

        for report in Report.objects.filter(pk__in=[r.pk for r in reports]):
            Report.objects.filter(pk=report.pk).update(
                spent_total=report_spent_total(report=report)
            )
