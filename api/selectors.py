"""What each account may read through the API: the same answers as the pages give.

Applications come from ``communities.permissions.applications_readable_by`` (the convenor's own,
the school admin's school's, the reviewer's declared assignments, every one for the center);
a school's summary from ``core.scope.school_year_scope`` and ``summaries.selectors.
school_summary``. Each list runs a fixed number of queries whatever its length."""

from django.db.models import IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from communities.models import Application, BudgetLine
from communities.permissions import applications_readable_by
from people.models import School, User
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


def applications_visible_to(*, user: User) -> QuerySet[Application]:
    budget_total = (
        BudgetLine.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(s=Sum("total"))
        .values("s")
    )
    return (
        applications_readable_by(user)
        .select_related("program", "community_type", "school", "convenor")
        .prefetch_related(
            Prefetch("partner_schools", queryset=School.objects.only("id", "code", "name"))
        )
        .annotate(budget_total=Coalesce(Subquery(budget_total, output_field=IntegerField()), 0))
        .order_by("-program__academic_year", "school__code", "pk")
    )
