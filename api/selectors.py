"""What each account may read through the API: the same answers as the pages give.

Applications come from ``communities.permissions.applications_readable_by`` (the convenor's own,
the school admin's school's, the reviewer's declared assignments, every one for the center);
a school's summary from ``core.scope.school_year_scope`` and ``summaries.selectors.
school_summary``. Each list runs a fixed number of queries whatever its length."""

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from communities.models import Application
from communities.permissions import applications_readable_by
from outcomes.models import Report, ReportSession, SessionFee, Spending
from people.models import Role, School, User
from programs.models import BudgetItem, CommunityType, ProgramYear, QuotaRule


def years() -> QuerySet[ProgramYear]:
    return ProgramYear.objects.order_by("-academic_year")


def year_rules() -> QuerySet[ProgramYear]:
    """Years with their community types, quota rules and budget items in four queries."""
    return years().prefetch_related(
        Prefetch("community_types", queryset=CommunityType.objects.order_by("number")),
        Prefetch(
            "quota_rules",
            queryset=QuotaRule.objects.select_related("community_type", "stage").order_by(
                "community_type__number", "stage__order", "classes_min"
            ),
        ),
        Prefetch("budget_items", queryset=BudgetItem.objects.order_by("number")),
    )


def schools_visible_to(*, user: User) -> QuerySet[School]:
    """Every school for the center; for anyone else, their own school."""
    schools = School.objects.select_related("district", "stage", "alliance_circle").order_by("code")
    if user.is_center:
        return schools
    if not user.school_id:
        return schools.none()
    return schools.filter(pk=user.school_id)


def _total(queryset, *, group: str, column: str):
    """A subquery: the sum of ``column`` over ``queryset``'s rows of one application."""
    return Coalesce(
        Subquery(
            queryset.order_by().values(group).annotate(s=Sum(column)).values("s"),
            output_field=IntegerField(),
        ),
        0,
    )


def _count(queryset, *, group: str):
    return Coalesce(
        Subquery(
            queryset.order_by().values(group).annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def applications_visible_to(*, user: User) -> QuerySet[Application]:
    """The applications ``user`` may read (their requested total is stored on each), with the
    figures of their 成果報告書 (sessions held, public lessons, the amounts spent before the
    NHI premium)."""
    app = OuterRef("pk")
    held = ReportSession.objects.filter(report__application=app, held=True)
    return (
        applications_readable_by(user)
        .select_related("program", "community_type", "school", "convenor")
        .prefetch_related(
            Prefetch("partner_schools", queryset=School.objects.only("id", "code", "name"))
        )
        .annotate(
            report_submitted_at=Subquery(
                Report.objects.filter(application=app).values("submitted_at")[:1]
            ),
            has_report=Exists(Report.objects.filter(application=app)),
            sessions_held=_count(held, group="report"),
            public_lessons_held=_count(held.filter(is_public_lesson=True), group="report"),
            spent_before_premium=(
                _total(
                    Spending.objects.filter(report__application=app),
                    group="report",
                    column="amount",
                )
                + _total(
                    SessionFee.objects.filter(session__report__application=app),
                    group="session__report",
                    column="amount",
                )
            ),
        )
        .order_by("-program__academic_year", "school__code", "pk")
    )


def reviewers(*, search: str = "") -> QuerySet[User]:
    """Active reviewer accounts by name; ``search`` matches name, account or school."""
    found = User.objects.filter(role=Role.REVIEWER, is_active=True).select_related("school")
    if search:
        found = found.filter(
            Q(name__icontains=search)
            | Q(username__icontains=search)
            | Q(school__name__icontains=search)
        )
    return found.order_by("name", "pk")
