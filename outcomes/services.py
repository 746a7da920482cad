"""Functions that change 成果報告書: start one, save a draft, add a session, evidence files,
送出 and the school's and center's decisions (through communities' workflow). Views call these;
they never take a request."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from communities import workflow
from communities.models import Application
from communities.services import application_transition
from documents.services import evidence_store, stored_file_delete
from people.auditing import acting_as
from people.models import User
from programs.models import BudgetItem

from .models import Evidence, Report, ReportSession, SessionFee, Spending
from .selectors import (
    ReportView,
    report_can_edit,
    report_hours,
    report_of,
    report_problems,
    report_spent_total,
)

# The report's own fields of each session row, as report_save takes them.
SESSION_FIELDS = [
    "held",
    "date",
    "start_time",
    "end_time",
    "content",
    "notes",
    "is_public_lesson",
    "lesson_teacher",
    "lesson_theme",
    "lesson_relation",
]
# What the school and the center decide on a sent report.
DECISIONS = ("report_forward", "report_school_return", "close", "report_return")


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("program", "community_type")
        .get(pk=application.pk)
    )


def _require_edit(by: User, application: Application) -> None:
    if not report_can_edit(by, application):
        raise PermissionDenied(
            _("此社群目前狀態為「%(status)s」，成果報告書不能修改。")
            % {"status": application.status_label}
        )


def report_start(*, application: Application, by: User) -> Report:
    """The convenor's report, opened the first time with a row for each planned session (its
    date, times and content as planned, to be corrected to what happened). The report once
    opened is only read (no lock, no transaction: every visit of the page asks); the first
    opening locks the application, so two at once make one report."""
    existing = report_of(application)
    if existing is not None:
        return existing
    return _report_opened(application=application, by=by)


@transaction.atomic
def _report_opened(*, application: Application, by: User) -> Report:
    application = _locked(application)
    existing = Report.objects.filter(application=application).first()
    if existing is not None:
        return existing
    _require_edit(by, application)
    report = Report(application=application)
    report.full_clean()
    with acting_as(by):
        report.save()
        for planned in application.sessions.order_by("number", "id"):
            ReportSession.objects.create(
                report=report,
                planned=planned,
                number=planned.number,
                date=planned.date,
                start_time=planned.start_time,
                end_time=planned.end_time,
                content=planned.content,
                is_public_lesson=planned.is_public_lesson,
            )
    return report


def _report_of(application: Application) -> Report:
    return Report.objects.select_for_update().get(application=application)


@dataclass
class _Stored:
    """What 儲存 compares the posted report with: its sessions, the application's members and
    budget items, each session's attendees and fees."""

    sessions: dict[int, ReportSession]
    member_ids: set[int]
    line_items: dict[int, BudgetItem]
    attending: dict[int, set[int]]
    fees: dict[tuple[int, int], SessionFee]

    @classmethod
    def of_view(cls, view: ReportView) -> "_Stored":
        return cls(
            sessions={s.pk: s for s in view.sessions},
            member_ids={m.pk for m in view.members},
            line_items={line.item_id: line.item for line in view.lines},
            attending={s.pk: {m.pk for m in s.attendees.all()} for s in view.sessions},
            fees={
                (fee.session_id, fee.item_id): fee for s in view.sessions for fee in s.fees.all()
            },
        )

    @classmethod
    def read(cls, report: Report, application: Application) -> "_Stored":
        sessions = {s.pk: s for s in report.sessions.all()}
        attending: dict[int, set[int]] = {pk: set() for pk in sessions}
        for session_id, member_id in ReportSession.attendees.through.objects.filter(
            reportsession__report=report
        ).values_list("reportsession_id", "member_id"):
            attending[session_id].add(member_id)
        return cls(
            sessions=sessions,
            member_ids=set(application.members.values_list("pk", flat=True)),
            line_items={
                line.item_id: line.item for line in application.budget_lines.select_related("item")
            },
            attending=attending,
            fees={
                (fee.session_id, fee.item_id): fee
                for fee in SessionFee.objects.filter(session__report=report)
            },
        )


@transaction.atomic
def report_save(
    *,
    application: Application,
    reflections: str,
    sessions: dict[int, dict],
    fees: dict[int, dict[int, int]],
    spending: dict[int, int],
    by: User,
    known: ReportView | None = None,
) -> Report:
    """儲存: keep what was entered, complete or not (送出's rules are not checked here).

    ``sessions``: ReportSession id → its SESSION_FIELDS, ``attendees`` (Member rows) and
    ``delete`` (an added session taken out again); ``fees``: ReportSession id → BudgetItem id →
    amount paid at that session; ``spending``: BudgetItem id → amount of the other rows.
    Rows, members and budget items of another application are refused. ``known``: the page's
    report_view, whose rows are used when the report is still the version it read."""
    application = _locked(application)
    _require_edit(by, application)
    report = _report_of(application)
    if known is not None and (known.report.pk, known.report.version) == (
        report.pk,
        report.version,
    ):
        # The page's rows, read before the lock: no save came between (each raises version).
        stored = _Stored.of_view(known)
    else:
        stored = _Stored.read(report, application)
    rows = stored.sessions
    member_ids = stored.member_ids
    line_items = stored.line_items
    fee_items = {pk for pk, item in line_items.items() if item.premium_base}
    plain_items = {
        pk
        for pk, item in line_items.items()
        if not item.premium_base and item.kind != BudgetItem.Kind.PREMIUM
    }
    if set(sessions) - set(rows) or set(fees) - set(rows):
        raise ValidationError(_("場次不屬於此成果報告書，請重新載入頁面。"))
    # Only the rows whose values change are written (a 儲存 mostly changes a few), each saved on
    # its own so that the audit log records it.
    attending, stored_fees = stored.attending, stored.fees
    stored_spending = {row.item_id: row for row in report.spending.all()}
    with acting_as(by):
        report.reflections = (reflections or "").strip()
        report.version += 1
        # Its application is the row locked above: neither its existence nor its one report
        # needs asking again.
        report.full_clean(exclude=["application"])
        report.save()
        for pk, values in sessions.items():
            row = rows[pk]
            if values.get("delete") and not row.is_planned:
                row.delete()
                rows.pop(pk)
                continue
            _save_session(row, values)
            if "attendees" in values:
                chosen = {m.pk for m in values["attendees"]}
                if not chosen <= member_ids:
                    raise ValidationError(_("出席成員須為本社群的成員。"))
                if chosen - attending[pk]:
                    row.attendees.add(*(chosen - attending[pk]))
                if attending[pk] - chosen:
                    row.attendees.remove(*(attending[pk] - chosen))
        for pk, amounts in fees.items():
            if pk not in rows:
                continue
            for item_id, amount in amounts.items():
                if item_id not in fee_items:
                    raise ValidationError(_("經費項目不屬於本社群的經費概算表。"))
                _save_amount(
                    stored_fees.get((pk, item_id)),
                    amount,
                    lambda: SessionFee(session_id=pk, item_id=item_id),  # noqa: B023 - used at once
                )
        for item_id, amount in spending.items():
            if item_id not in plain_items:
                raise ValidationError(_("經費項目不屬於本社群的經費概算表。"))
            _save_amount(
                stored_spending.get(item_id),
                amount,
                lambda: Spending(report=report, item_id=item_id),  # noqa: B023 - used at once
            )
    return report


def _save_session(row: ReportSession, values: dict) -> None:
    """The session's SESSION_FIELDS from ``values``, checked and written if any changed."""
    changed = []
    for name in SESSION_FIELDS:
        if name in values:
            value = values[name]
            value = value.strip() if isinstance(value, str) else value
            if getattr(row, name) != value:
                setattr(row, name, value)
                changed.append(name)
    if changed:
        row.full_clean(exclude=["report", "planned"])
        row.save(update_fields=changed)


def _save_amount(stored, amount: int, new) -> None:
    """An amount row (a session's fee, a spending row): kept as it is, changed, made (``new()``)
    or, for nothing spent, deleted."""
    if not amount:
        if stored is not None:
            stored.delete()
    elif stored is None:
        row = new()
        row.amount = amount
        row.save()
    elif stored.amount != amount:
        stored.amount = amount
        stored.save(update_fields=["amount"])


@transaction.atomic
def report_add_session(*, application: Application, by: User) -> ReportSession:
    """新增場次: a session that was not planned."""
    application = _locked(application)
    _require_edit(by, application)
    report = _report_of(application)
    count = report.sessions.count()
    if count >= application.program.max_sessions:
        raise ValidationError(
            {
                "sessions": _("場次至多 %(num)d 場（本學年度規定）。")
                % {"num": application.program.max_sessions}
            }
        )
    number = (report.sessions.aggregate(n=Max("number"))["n"] or 0) + 1
    with acting_as(by):
        session = ReportSession(report=report, number=number, held=True)
        session.full_clean()
        session.save()
        report.version += 1
        report.save(update_fields=["version", "updated_at"])
    return session


@transaction.atomic
def evidence_upload(*, session: ReportSession, upload, by: User) -> Evidence:
    """A photo or PDF for a session, checked by content and size (the year's limits)."""
    application = _locked(session.report.application)
    _require_edit(by, application)
    session = ReportSession.objects.select_for_update().get(pk=session.pk)
    program = application.program
    if session.evidence.count() >= program.evidence_max_files:
        raise ValidationError(
            _("每場次至多上傳 %(num)d 個佐證檔案，請先刪除不需要的檔案。")
            % {"num": program.evidence_max_files},
            code="too_many",
        )
    return evidence_store(
        row=Evidence(session=session),
        upload=upload,
        max_bytes=program.evidence_max_bytes,
        name=f"evidence/{program.academic_year}/application-{application.pk}-session-{session.pk}",
        by=by,
    )


@transaction.atomic
def evidence_delete(*, evidence: Evidence, by: User) -> None:
    application = _locked(evidence.session.report.application)
    _require_edit(by, application)
    stored_file_delete(row=evidence, by=by)


@workflow.guard("report_complete")
def _report_complete(*, application: Application, by: User, data: dict) -> dict:
    """送出's guard: every rule of the 成果報告書 (outcomes.selectors report_problems)."""
    report = Report.objects.filter(application=application).first()
    if report is None:
        return {"__all__": [_("尚未填寫成果報告書。")]}
    return report_problems(report=report)


@transaction.atomic
def report_submit(*, application: Application, by: User) -> Application:
    """送出 the report: the workflow's report_submit, whose guard checks every rule."""
    application = application_transition(application=application, action="report_submit", by=by)
    report = Report.objects.get(application=application)
    hours, attendees = report_hours(report=report)
    Report.objects.filter(pk=report.pk).update(
        submitted_at=timezone.now(),
        spent_total=report_spent_total(report=report),
        hours_total=hours,
        attendee_count=attendees,
    )
    return application


@transaction.atomic
def report_decide(*, application: Application, action: str, comment: str, by: User):
    """The school's check (送中心 or 退回, with a reason) or the center's (結案 or 退回)."""
    if action not in DECISIONS:
        raise ValidationError({"action": _("請選擇審核結果。")})
    return application_transition(application=application, action=action, by=by, comment=comment)
