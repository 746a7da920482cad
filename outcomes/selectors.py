"""Reads of the 成果報告書: one report with everything its pages show (a fixed number of
queries), its 送出 problems, the reports a school or the center has to check, and each member's
研習時數."""

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from communities import workflow
from communities.models import Application, BudgetLine, Member
from communities.permissions import roles_of
from core.roc import roc_date
from people.models import Role, School
from programs.models import LecturerFeeRate, PremiumRate, ProgramYear

from .models import Evidence, Report, ReportSession, SessionFee
from .spending import SpendingSheet, spending_sheet

# Keys of the 送出 problems that are not a session's field.
SESSIONS = "sessions"
PUBLIC_LESSON = "public_lesson"
REFLECTIONS = "reflections"


def report_can_edit(user, application: Application) -> bool:
    """The convenor fills in the report while the state lets them (never once closed)."""
    state = workflow.WORKFLOW[application.status]
    return not state.read_only and bool(roles_of(user, application) & state.report_editable_by)


def report_is_open(application: Application) -> bool:
    """The application has reached the 成果報告書 (approved, or any state after)."""
    state = workflow.WORKFLOW[application.status]
    return bool(state.report_editable_by) or state.report_filed


@dataclass
class ReportView:
    """A report with what its pages show, read once."""

    report: Report
    application: Application
    sessions: list[ReportSession]
    members: list[Member]
    sheet: SpendingSheet
    max_files: int = 0
    problems: dict[str, list[str]] = field(default_factory=dict)

    @property
    def held(self) -> list[ReportSession]:
        return [s for s in self.sessions if s.held]

    @property
    def public_lessons(self) -> list[ReportSession]:
        return [s for s in self.held if s.is_public_lesson]

    @property
    def hours(self) -> Decimal:
        return sum((s.hours * len(s.attendees.all()) for s in self.held), Decimal(0))


def report_sessions(report: Report) -> list[ReportSession]:
    return list(
        ReportSession.objects.filter(report=report)
        .select_related("planned")
        .prefetch_related(
            "attendees",
            Prefetch("fees", queryset=SessionFee.objects.all()),
            Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "id")),
        )
        .order_by("number", "id")
    )


def report_view(*, report: Report, application: Application | None = None) -> ReportView:
    """Everything about a report: its sessions (attendees, fees, evidence), the members, the
    spending sheet and the 送出 problems."""
    application = application or report.application
    report.application = application
    sessions = report_sessions(report)
    members = list(application.members.select_related("school").order_by("order", "id"))
    lines = list(
        BudgetLine.objects.filter(application=application)
        .select_related("item")
        .prefetch_related(Prefetch("item__fee_rates", queryset=LecturerFeeRate.objects.all()))
    )
    spending = dict(report.spending.values_list("item_id", "amount"))
    sheet = spending_sheet(
        report=report,
        sessions=sessions,
        budget_lines=lines,
        spending=spending,
        member_count=len(members),
        rates=list(PremiumRate.objects.all()),
    )
    view = ReportView(
        report=report,
        application=application,
        sessions=sessions,
        members=members,
        sheet=sheet,
        max_files=application.program.evidence_max_files,
    )
    view.problems = _problems(view)
    return view


def session_key(session: ReportSession, name: str) -> str:
    return f"s{session.pk}-{name}"


def _problems(view: ReportView) -> dict[str, list[str]]:
    """Every rule 送出 checks, keyed by the report form's field names."""
    problems: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        problems.setdefault(key, []).append(message)

    application = view.application
    program = application.program
    community_type = application.community_type
    for session in view.sessions:
        label = _("第%(n)d場") % {"n": session.number}
        if session.held is None:
            add(session_key(session, "held"), _("%(s)s請選擇是否辦理。") % {"s": label})
            continue
        if not session.held:
            continue
        if session.date is None:
            add(session_key(session, "date"), _("%(s)s請填寫實際日期。") % {"s": label})
        elif not program.contains(session.date):
            add(
                session_key(session, "date"),
                _("%(s)s日期須在%(year)s學年度內（%(start)s 至 %(end)s）。")
                % {
                    "s": label,
                    "year": program.academic_year,
                    "start": roc_date(program.start_date),
                    "end": roc_date(program.end_date),
                },
            )
        if session.start_time is None:
            add(session_key(session, "start_time"), _("%(s)s請填寫開始時間。") % {"s": label})
        if session.end_time is None:
            add(session_key(session, "end_time"), _("%(s)s請填寫結束時間。") % {"s": label})
        if session.start_time and session.end_time and session.end_time <= session.start_time:
            add(session_key(session, "end_time"), _("%(s)s結束時間須晚於開始時間。") % {"s": label})
        if not session.content.strip():
            add(session_key(session, "content"), _("%(s)s請填寫實施內容。") % {"s": label})
        if not session.attendees.all():
            add(
                session_key(session, "attendees"),
                _("%(s)s請勾選出席成員。") % {"s": label},
            )
        if not session.evidence.all():
            add(
                session_key(session, "evidence"),
                _("%(s)s請上傳至少一個佐證資料（照片或 PDF）。") % {"s": label},
            )
        if session.is_public_lesson:
            for name, message in (
                ("lesson_teacher", _("%(s)s公開授課請填寫授課教師。")),
                ("lesson_theme", _("%(s)s公開授課請填寫授課主題。")),
                ("lesson_relation", _("%(s)s公開授課請說明與社群主題之關聯。")),
            ):
                if not getattr(session, name).strip():
                    add(session_key(session, name), message % {"s": label})
    if community_type is not None:
        held = len(view.held)
        if held < community_type.min_sessions:
            add(
                SESSIONS,
                _("「%(type)s」每學年至少辦理 %(min)d 場，目前辦理 %(count)d 場。")
                % {"type": community_type.name, "min": community_type.min_sessions, "count": held},
            )
        public = len(view.public_lessons)
        if public < community_type.min_public_lessons:
            add(
                PUBLIC_LESSON,
                _(
                    "至少須辦理 %(min)d 次公開授課（內容須與社群主題相關），目前 %(count)d 次："
                    "請在已辦理的場次勾選「公開授課」並填寫授課資料。"
                )
                % {"min": community_type.min_public_lessons, "count": public},
            )
    if not view.report.reflections.strip():
        add(REFLECTIONS, _("請填寫成果與省思。"))
    for key, messages in view.sheet.problems.items():
        for message in messages:
            add(key, message)
    return problems


def report_problems(*, report: Report) -> dict[str, list[str]]:
    return report_view(report=report).problems


def report_of(application: Application) -> Report | None:
    return Report.objects.filter(application=application).first()


# --- lists -------------------------------------------------------------------------------------

REPORT_STATES = (
    workflow.APPROVED,
    workflow.REPORT_RETURNED,
    workflow.REPORT_REVIEW,
    workflow.REPORT_FORWARDED,
    workflow.CLOSED,
)


def reports_for(
    *, user, program: ProgramYear, status: str = "", school: School | None = None
) -> QuerySet[Application]:
    """The applications past approval a school admin (their school's) or the center (every
    school's, or ``school``'s) sees, with their report's sending time."""
    qs = Application.objects.filter(program=program, status__in=REPORT_STATES)
    if user.role == Role.SCHOOL_ADMIN:
        qs = qs.filter(school_id=user.school_id)
    elif user.role != Role.CENTER:
        return qs.none()
    elif school is not None:
        qs = qs.filter(school=school)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("school", "convenor", "community_type", "report").order_by(
        "school__code", "id"
    )


# --- 研習時數 ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendedSession:
    member_id: int
    name: str
    school: str
    community: str
    status: str
    day: date | None
    hours: Decimal
    application_id: int = 0


@dataclass
class MemberHours:
    name: str
    school: str
    community: str
    status: str
    sessions: list[AttendedSession] = field(default_factory=list)

    @property
    def hours(self) -> Decimal:
        return sum((s.hours for s in self.sessions), Decimal(0))


def _attendance(*, program: ProgramYear, school: School | None):
    """The attendance rows (member × held session) of the reports that were sent (成果報告審核中
    and after): ``school``'s communities (lead or a member's school), or all."""
    through = ReportSession.attendees.through
    rows = through.objects.filter(
        reportsession__held=True,
        reportsession__report__application__program=program,
        reportsession__report__application__status__in=workflow.states_where(report_filed=True),
    )
    if school is not None:
        rows = rows.filter(
            Q(reportsession__report__application__school=school) | Q(member__school=school)
        )
    return rows


def attended_sessions(
    *, program: ProgramYear, school: School | None = None, member_ids=None
) -> list[AttendedSession]:
    """Each member's attendance at each held session of the reports that were sent, in one
    query (of ``member_ids`` only, when given), in the members' order (members_attending)."""
    rows = _attendance(program=program, school=school)
    if member_ids is not None:
        rows = rows.filter(member_id__in=list(member_ids))
    rows = rows.select_related("member__school", "reportsession__report__application").order_by(
        "member__school__code", "member__name", "member_id", "reportsession__date"
    )
    found = []
    for row in rows:
        session = row.reportsession
        application = session.report.application
        found.append(
            AttendedSession(
                member_id=row.member_id,
                name=row.member.name,
                school=row.member.school.name,
                community=application.display_name,
                status=str(application.status_label),
                day=session.date,
                hours=session.hours,
                application_id=application.pk,
            )
        )
    return found


def members_attending(*, program: ProgramYear, school: School | None = None) -> QuerySet:
    """The ids of the members (a member row of one community) with an attendance counted, in
    school-code, name order: what the 研習時數 page pages through."""
    attending = _attendance(program=program, school=school).values("member_id")
    return (
        Member.objects.filter(pk__in=attending)
        .order_by("school__code", "name", "pk")
        .values_list("pk", flat=True)
    )


def member_hours(
    *, program: ProgramYear, school: School | None = None, member_ids=None
) -> list[MemberHours]:
    """研習時數 per member (a member row of one community): the held sessions they attended
    (of ``member_ids`` only, a page of members_attending, when given)."""
    members: OrderedDict[int, MemberHours] = OrderedDict()
    for attended in attended_sessions(program=program, school=school, member_ids=member_ids):
        entry = members.setdefault(
            attended.member_id,
            MemberHours(
                name=attended.name,
                school=attended.school,
                community=attended.community,
                status=attended.status,
            ),
        )
        entry.sessions.append(attended)
    return list(members.values())


def hours_total(*, program: ProgramYear, school: School | None = None) -> Decimal:
    """The hours of every attendance counted (each session's length, as ReportSession.hours
    rounds it, times who attended): one query grouped by the sessions' times, a few rows."""
    total = Decimal(0)
    for start, end, n in (
        _attendance(program=program, school=school)
        .order_by()
        .values_list("reportsession__start_time", "reportsession__end_time")
        .annotate(n=Count("pk"))
    ):
        total += ReportSession(start_time=start, end_time=end).hours * n
    return total


def report_spent_total(*, report: Report) -> int:
    """實支: the total of the report's spending sheet as it stands (stored when it is sent)."""
    return report_view(report=report).sheet.total
