"""The year's figures for the center (SPEC §7): each approved community of the year as one case
(members, 核定金額, what its 成果報告書 says was spent, sessions, public lessons, 研習時數), and the
cases summed per school, per community type and for the whole year.

A case is an application in a funded state of the workflow (複審通過(核定) onwards). What its
report says counts once the report was sent (成果報告審核中 and after, the workflow's
``report_filed`` states, as 研習時數 does): until then a case has spent nothing and its 結餘 is its
whole 核定金額. Spending is the 成果報告書's own sheet (outcomes.spending), so the year's totals
are the sum of what each report shows. Every function reads a fixed number of queries whatever
the number of cases.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from communities import workflow
from communities.models import Application, BudgetLine, Member
from outcomes.models import ReportSession, SessionFee
from outcomes.selectors import attended_sessions
from outcomes.spending import spending_sheet
from people.models import School
from programs.models import BudgetItem, CommunityType, LecturerFeeRate, PremiumRate, ProgramYear


@dataclass
class Case:
    """One approved community's figures."""

    application: Application
    members: int = 0
    teachers: frozenset = frozenset()  # (name, school id) of each member
    approved: int = 0
    spent: int = 0
    sessions: int = 0  # held
    public_lessons: int = 0  # held
    hours: Decimal = Decimal(0)  # 研習時數 of its members, all sessions together
    reported: bool = False  # its 成果報告書 has been sent
    closed: bool = False  # 結案_可彙整

    @property
    def balance(self) -> int:
        """結餘: 核定金額 less what was spent."""
        return self.approved - self.spent


@dataclass
class Tally:
    """Cases summed: a school's, a type's or the year's."""

    key: str
    label: str
    code: str = ""  # the school's code
    communities: int = 0
    closed: int = 0
    reported: int = 0
    members: int = 0
    teachers_seen: set = field(default_factory=set)
    approved: int = 0
    spent: int = 0
    sessions: int = 0
    public_lessons: int = 0
    hours: Decimal = Decimal(0)

    @property
    def teachers(self) -> int:
        """Teachers involved: distinct members (same name at the same school) of its cases."""
        return len(self.teachers_seen)

    @property
    def balance(self) -> int:
        return self.approved - self.spent

    @property
    def spent_share(self) -> int:
        """Spent as a whole percentage of the approved amount (0 when nothing was approved)."""
        return round(self.spent * 100 / self.approved) if self.approved else 0

    def add(self, case: Case) -> None:
        self.communities += 1
        self.closed += case.closed
        self.reported += case.reported
        self.members += case.members
        self.teachers_seen |= case.teachers
        self.approved += case.approved
        self.spent += case.spent
        self.sessions += case.sessions
        self.public_lessons += case.public_lessons
        self.hours += case.hours


@dataclass
class YearReport:
    program: ProgramYear
    cases: list[Case]
    by_school: list[Tally]
    by_type: list[Tally]
    total: Tally


def _funded(program: ProgramYear):
    return Application.objects.filter(
        program=program, status__in=workflow.states_where(funded=True)
    )


def year_cases(*, program: ProgramYear, people: bool = True, pks=None) -> list[Case]:
    """Every approved community of the year with its figures, in school-code order; without
    ``people``, only the money, sessions and lessons (no members, no hours); with ``pks``, only
    those applications."""
    filed = workflow.states_where(report_filed=True)
    funded = _funded(program) if pks is None else _funded(program).filter(pk__in=pks)
    queryset = (
        funded.select_related("school", "community_type", "convenor", "report")
        .prefetch_related(
            Prefetch(
                "budget_lines",
                queryset=BudgetLine.objects.select_related("item").prefetch_related(
                    Prefetch("item__fee_rates", queryset=LecturerFeeRate.objects.all())
                ),
            ),
            Prefetch(
                "report__sessions",
                queryset=ReportSession.objects.prefetch_related(
                    Prefetch("fees", queryset=SessionFee.objects.all())
                ).order_by("number", "id"),
            ),
            "report__spending",
        )
        .order_by("school__code", "community_type__number", "id")
    )
    if people:
        queryset = queryset.prefetch_related(
            Prefetch(
                "members", queryset=Member.objects.only("id", "application_id", "name", "school_id")
            )
        )
    applications = list(queryset)
    rates = list(PremiumRate.objects.all())
    premium_items = {
        program.pk: BudgetItem.objects.filter(program=program, kind=BudgetItem.Kind.PREMIUM).first()
    }
    hours: dict[int, Decimal] = defaultdict(Decimal)
    if people:
        for attended in attended_sessions(program=program):
            hours[attended.application_id] += attended.hours

    cases = []
    for application in applications:
        case = Case(application=application, approved=application.approved_amount or 0)
        case.closed = application.status == workflow.CLOSED
        if people:
            members = list(application.members.all())
            case.members = len(members)
            case.teachers = frozenset((m.name.strip(), m.school_id) for m in members)
            case.hours = hours.get(application.pk, Decimal(0))
        report = getattr(application, "report", None)
        if report is not None and application.status in filed:
            case.reported = True
            report.application = application
            sessions = list(report.sessions.all())
            sheet = spending_sheet(
                report=report,
                sessions=sessions,
                budget_lines=list(application.budget_lines.all()),
                spending={s.item_id: s.amount for s in report.spending.all()},
                member_count=case.members,
                rates=rates,
                premium_items=premium_items,
            )
            case.spent = sheet.total
            held = [s for s in sessions if s.held]
            case.sessions = len(held)
            case.public_lessons = sum(1 for s in held if s.is_public_lesson)
        cases.append(case)
    return cases


def year_report(*, program: ProgramYear) -> YearReport:
    """The year's cases summed per lead school, per community type (every type of the year, with
    or without cases) and for the year."""
    cases = year_cases(program=program)
    schools: dict[int, Tally] = {}
    types = {
        t.pk: Tally(key=str(t.pk), label=str(t))
        for t in CommunityType.objects.filter(program=program).order_by("number")
    }
    untyped = Tally(key="", label=_("未選類型"))
    total = Tally(key="total", label=_("合計"))
    for case in cases:
        application = case.application
        school: School = application.school
        if school.pk not in schools:
            schools[school.pk] = Tally(key=str(school.pk), label=school.name, code=school.code)
        schools[school.pk].add(case)
        types.get(application.community_type_id, untyped).add(case)
        total.add(case)
    by_type = list(types.values()) + ([untyped] if untyped.communities else [])
    return YearReport(
        program=program,
        cases=cases,
        by_school=list(schools.values()),
        by_type=by_type,
        total=total,
    )


@dataclass
class Spending:
    """The dashboard's 核定 vs 實支 of the year: per community type and in all."""

    by_type: list[Tally]
    total: Tally

    @property
    def most(self) -> int:
        return max((row.approved for row in self.by_type), default=0)


def year_spending(*, program: ProgramYear) -> Spending:
    """核定金額 and 實支 (from the reports sent) per community type and for the year, summed in
    SQL over the year's funded applications: 實支 is what each report's sheet showed when it was
    sent (Report.spent_total); only a report sent without it (none since it is stored) has its
    sheet computed here. A fixed number of queries, and no row of each case read."""
    types = {
        t.pk: Tally(key=str(t.pk), label=str(t))
        for t in CommunityType.objects.filter(program=program).order_by("number")
    }
    untyped = Tally(key="", label=_("未選類型"))
    total = Tally(key="total", label=_("合計"))
    filed = Q(status__in=workflow.states_where(report_filed=True))
    rows = (
        _funded(program)
        .order_by()
        .values("community_type_id")
        .annotate(
            communities=Count("pk"),
            closed=Count("pk", filter=Q(status=workflow.CLOSED)),
            reported=Count("pk", filter=filed),
            approved=Coalesce(Sum("approved_amount"), 0),
            spent=Coalesce(Sum("report__spent_total", filter=filed), 0),
        )
    )
    for row in rows:
        for tally in (types.get(row["community_type_id"], untyped), total):
            tally.communities += row["communities"]
            tally.closed += row["closed"]
            tally.reported += row["reported"]
            tally.approved += row["approved"]
            tally.spent += row["spent"]
    unstored = list(
        _funded(program).filter(filed, report__spent_total=None).values_list("pk", flat=True)
    )
    if unstored:
        for case in year_cases(program=program, people=False, pks=unstored):
            for tally in (types.get(case.application.community_type_id, untyped), total):
                tally.spent += case.spent
    return Spending(
        by_type=list(types.values()) + ([untyped] if untyped.communities else []),
        total=total,
    )
