"""Reads of the 成果報告書: one report with everything its pages show (a fixed number of
queries), its 送出 problems, the reports a school or the center has to check, and each member's
研習時數."""

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from django.db.models import Count, Prefetch, Q, QuerySet, Sum, prefetch_related_objects
from django.utils.translation import gettext as _

from communities import workflow
from communities.budget import budget_items
from communities.models import UNNAMED, Application, BudgetLine, Member
from communities.permissions import roles_of
from core.db.rows import keep_as_prefetched
from core.roc import roc_date
from people.models import Role, School
from programs.models import ProgramYear
from programs.selectors import premium_rates

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
    lines: list[BudgetLine] = field(default_factory=list)  # the 經費概算表's, with their items
    # The stored 實支 of the other rows (BudgetItem id → amount).
    spending: dict[int, int] = field(default_factory=dict)
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


def report_sessions(report: Report, *, members: list[Member]) -> list[ReportSession]:
    """The report's sessions with their fees and evidence, and who attended each: the
    application's ``members`` (read already, with their schools), by the attendance rows' ids."""
    sessions = list(
        ReportSession.objects.filter(report=report)
        .select_related("planned")
        .prefetch_related(
            Prefetch("fees", queryset=SessionFee.objects.all()),
            Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "id")),
        )
        .order_by("number", "id")
    )
    attended: dict[int, set[int]] = {session.pk: set() for session in sessions}
    for session_id, member_id in ReportSession.attendees.through.objects.filter(
        reportsession_id__in=attended
    ).values_list("reportsession_id", "member_id"):
        attended[session_id].add(member_id)
    known = {member.pk for member in members}
    if any(ids - known for ids in attended.values()):  # a member of another community: as stored
        prefetch_related_objects(sessions, "attendees")
        return sessions
    for session in sessions:
        ids = attended[session.pk]
        keep_as_prefetched(session, "attendees", [m for m in members if m.pk in ids])
    return sessions


def report_view(*, report: Report, application: Application | None = None) -> ReportView:
    """Everything about a report: its sessions (attendees, fees, evidence), the members, the
    spending sheet and the 送出 problems."""
    application = application or report.application
    report.application = application
    members = list(application.members.select_related("school").order_by("order", "id"))
    sessions = report_sessions(report, members=members)
    # Each line's item (with its fee-table rows) is the year's, as the process keeps them.
    items = {item.pk: item for item in budget_items(application=application)}
    lines = list(BudgetLine.objects.filter(application=application))
    for line in lines:
        if line.item_id in items:
            line.item = items[line.item_id]
    spending = dict(report.spending.values_list("item_id", "amount"))
    sheet = spending_sheet(
        report=report,
        sessions=sessions,
        budget_lines=lines,
        spending=spending,
        member_count=len(members),
        rates=premium_rates(application.program),
    )
    view = ReportView(
        report=report,
        application=application,
        sessions=sessions,
        members=members,
        sheet=sheet,
        lines=lines,
        spending=spending,
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


# What a report's pages read with the application (readable_application's ``related``).
WITH_REPORT = ("report",)


def report_of(application: Application) -> Report | None:
    """The application's report, none before it is opened: the one read with the application
    (WITH_REPORT), else from the database."""
    if Application.report.is_cached(application):
        return getattr(application, "report", None)
    return Report.objects.filter(application=application).first()


# --- lists -------------------------------------------------------------------------------------

REPORT_STATES = (
    workflow.APPROVED,
    workflow.REPORT_RETURNED,
    workflow.REPORT_REVIEW,
    workflow.REPORT_FORWARDED,
    workflow.CLOSED,
)


@dataclass(frozen=True, slots=True)
class ReportRow:
    """A row of 成果報告: neither the plan's nor the report's text is read, and no model is built
    for it (fifty applications with their school, convenor and report are 200 instances)."""

    pk: int
    status: str
    name: str
    approved_amount: int | None
    school: str
    convenor_name: str
    convenor_username: str
    submitted_at: datetime | None  # None also where the 成果報告書 is not begun

    @property
    def display_name(self) -> str:
        return self.name or str(UNNAMED)

    @property
    def convenor(self) -> str:
        return self.convenor_name or self.convenor_username

    @property
    def status_label(self) -> str:
        return workflow.WORKFLOW[self.status].label


def reports_for(
    *, user, program: ProgramYear, status: str = "", school: School | None = None
) -> QuerySet[Application]:
    """The applications past approval a school admin (their school's) or the center (every
    school's, or ``school``'s) sees, by their school's code: a page of it is read as ReportRows
    (report_rows_of). Counted without a join: its filters are the application's own."""
    qs = Application.objects.filter(program=program, status__in=REPORT_STATES)
    if user.role == Role.SCHOOL_ADMIN:
        qs = qs.filter(school_id=user.school_id)
    elif user.role != Role.CENTER:
        return qs.none()
    elif school is not None:
        qs = qs.filter(school=school)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("school__code", "id")


# What a row of 成果報告 shows, in ReportRow's order, its report's sending time included.
REPORT_ROW_FIELDS = (
    "pk",
    "status",
    "name",
    "approved_amount",
    "school__name",
    "convenor__name",
    "convenor__username",
    "report__submitted_at",
)


def report_rows_of(page: QuerySet[Application]) -> list[ReportRow]:
    """A page of reports_for (sliced) as ReportRows, in one query."""
    return [ReportRow(*row) for row in page.values_list(*REPORT_ROW_FIELDS)]


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

    @property
    def dates(self) -> str:
        """出席日期: the sessions' days in the ROC calendar, 109/09/10、109/10/08."""
        return "、".join(roc_date(s.day) for s in self.sessions)


def _filed(program: ProgramYear) -> QuerySet[Application]:
    """The year's communities whose 成果報告書 was sent (成果報告審核中 and after)."""
    return Application.objects.filter(_filed_q(program))


def _filed_q(program: ProgramYear, via: str = "") -> Q:
    """_filed's condition, asked of the application ``via`` leads to from another model
    ("application__" from a report): a join, where a subquery of _filed would be planned apart."""
    return Q(
        **{
            f"{via}program": program,
            f"{via}status__in": workflow.states_where(report_filed=True),
        }
    )


def _school_communities(*, program: ProgramYear, school: School) -> list[int]:
    """The ids of ``school``'s communities with a sent report: led by it or with a member of
    it, two index lookups (an OR of the two would scan every application); by their school's
    code, as communities_attended lists them."""
    fields = ("school__code", "pk")
    own = _filed(program).filter(school=school).order_by().values_list(*fields)
    with_members = _filed(program).filter(members__school=school).order_by().values_list(*fields)
    return [pk for _code, pk in sorted(own.union(with_members))]


def _attendance(*, program: ProgramYear, school: School | None, application_ids=None):
    """The attendance rows (member × held session) of the reports that were sent: ``school``'s
    (its own communities' and its members' in the others), or all; of the communities
    ``application_ids`` only, when given. A school's are found from its communities' ids."""
    through = ReportSession.attendees.through
    rows = through.objects.filter(reportsession__held=True)
    if school is not None:
        if application_ids is None:
            application_ids = _school_communities(program=program, school=school)
        return rows.filter(
            Q(reportsession__report__application__school=school) | Q(member__school=school),
            reportsession__report__application_id__in=list(application_ids),
        )
    rows = rows.filter(_filed_q(program, via="reportsession__report__application__"))
    if application_ids is not None:
        rows = rows.filter(reportsession__report__application_id__in=list(application_ids))
    return rows


@lru_cache(maxsize=512)
def _session_hours(start, end) -> Decimal:
    """ReportSession.hours for these times (a year has a few hundred lengths at most)."""
    return ReportSession(start_time=start, end_time=end).hours


def attended_sessions(
    *, program: ProgramYear, school: School | None = None, application_ids=None
) -> list[AttendedSession]:
    """Each member's attendance at each held session of the reports that were sent, in one
    query (of the communities ``application_ids`` only, when given): by community (its school's
    code), then member, then date."""
    rows = _attended_rows(program=program, school=school, application_ids=application_ids)
    labels = workflow.status_labels()
    return [_attended(row, labels) for row in rows]


def iter_attended_sessions(
    *, program: ProgramYear, school: School | None = None, application_ids=None
) -> Iterator[AttendedSession]:
    """attended_sessions one at a time, read from the database in chunks (a country's
    attendances do not have to be in memory at once; a page's few hundred are read at once,
    without a server-side cursor)."""
    rows = _attended_rows(program=program, school=school, application_ids=application_ids)
    labels = workflow.status_labels()
    for row in rows.iterator(chunk_size=2000):
        yield _attended(row, labels)


def _attended_rows(*, program: ProgramYear, school: School | None, application_ids):
    application = "reportsession__report__application"
    return (
        _attendance(program=program, school=school, application_ids=application_ids)
        .order_by(
            f"{application}__school__code",
            f"{application}_id",
            "member__order",
            "member_id",
            "reportsession__date",
            "reportsession__number",
        )
        .values_list(
            "member_id",
            "member__name",
            "member__school__name",
            f"{application}_id",
            f"{application}__name",
            f"{application}__status",
            "reportsession__date",
            "reportsession__start_time",
            "reportsession__end_time",
        )
    )


def _attended(row, labels: dict[str, str]) -> AttendedSession:
    member_id, name, member_school, application_id, community, status, day, start, end = row
    return AttendedSession(
        member_id=member_id,
        name=name,
        school=member_school,
        community=community or str(UNNAMED),
        status=labels[status],
        day=day,
        hours=_session_hours(start, end),
        application_id=application_id,
    )


def communities_attended(
    *, program: ProgramYear, school: School | None = None
) -> QuerySet | list[int]:
    """The ids of the communities whose sent reports count hours (``school``'s: led by it or
    with a member of it), by their school's code: what the 研習時數 page pages through. For
    one school, its own and those with its members, read at once (_school_communities: a few
    dozen at most); every school's, a query to page."""
    if school is not None:
        return _school_communities(program=program, school=school)
    return _filed(program).order_by("school__code", "pk").values_list("pk", flat=True)


def member_hours(
    *, program: ProgramYear, school: School | None = None, application_ids=None
) -> list[MemberHours]:
    """研習時數 per member (a member row of one community): the held sessions they attended
    (in the communities ``application_ids`` only, a page of communities_attended, when given)."""
    members: OrderedDict[int, MemberHours] = OrderedDict()
    for attended in attended_sessions(
        program=program, school=school, application_ids=application_ids
    ):
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


def _hours_of(rows) -> tuple[Decimal, int]:
    """The hours of attendance ``rows`` (each session's length as ReportSession.hours rounds
    it, times who attended) and the members among them: two queries, a row per session length."""
    hours = Decimal(0)
    for start, end, n in (
        rows.order_by()
        .values_list("reportsession__start_time", "reportsession__end_time")
        .annotate(n=Count("pk"))
    ):
        hours += _session_hours(start, end) * n
    return hours, rows.order_by().values("member_id").distinct().count()


def report_hours(*, report: Report) -> tuple[Decimal, int]:
    """The report's 研習時數 and the members who attended a held session (stored when sent)."""
    return _hours_of(
        ReportSession.attendees.through.objects.filter(
            reportsession__report=report, reportsession__held=True
        )
    )


@dataclass(frozen=True)
class HoursTotal:
    members: int
    hours: Decimal


def hours_totals(
    *, program: ProgramYear, school: School | None = None, application_ids=None
) -> HoursTotal:
    """研習時數 over the list: ``school``'s from its attendance rows (in its communities
    ``application_ids``, when they were read already); every school's from what each report
    stored when it was sent (a sum over the year's reports, not its attendances)."""
    if school is not None:
        hours, members = _hours_of(
            _attendance(program=program, school=school, application_ids=application_ids)
        )
    else:
        # Joined with the year's applications (an IN over the filed ones cost twice).
        totals = Report.objects.filter(_filed_q(program, via="application__")).aggregate(
            hours=Sum("hours_total"), members=Sum("attendee_count")
        )
        hours, members = totals["hours"] or 0, totals["members"] or 0
    return HoursTotal(members=members, hours=Decimal(hours).quantize(Decimal("0.1")))


def report_spent_total(*, report: Report) -> int:
    """實支: the total of the report's spending sheet as it stands (stored when it is sent)."""
    return report_view(report=report).sheet.total
