"""Reads for 指定審查, the reviewers' queue and the reviews of an application."""

from django.db.models import Prefetch, QuerySet

from communities import workflow
from communities.budget import budget_total
from communities.models import Application
from communities.permissions import roles_of
from people.models import Role, School, User
from programs.models import CommunityType, ProgramYear

from .models import Review, ReviewAssignment


def assignment_stage(application: Application) -> str:
    """The stage an assignment made now is for: 複審 once the first review passed, else 初審."""
    return workflow.WORKFLOW[application.status].review_stage or workflow.FIRST_REVIEW


def applications_for_assignment(
    *, program: ProgramYear, school_id: int | None = None, type_id: int | None = None
) -> QuerySet[Application]:
    """指定審查's list: the year's applications open to assignment, each with its reviewers and
    partner schools, in a fixed number of queries."""
    qs = Application.objects.filter(
        program=program, status__in=workflow.states_where(assignable=True)
    )
    if school_id:
        qs = qs.filter(school_id=school_id)
    if type_id:
        qs = qs.filter(community_type_id=type_id)
    return (
        qs.select_related("school", "community_type", "convenor", "program")
        .prefetch_related(
            "partner_schools",
            Prefetch(
                "review_assignments",
                queryset=ReviewAssignment.objects.select_related(
                    "reviewer", "reviewer__school"
                ).order_by("stage", "assigned_at", "id"),
            ),
        )
        .order_by("school__code", "id")
    )


def reviewer_accounts() -> QuerySet[User]:
    """The reviewers the center may assign: the active Role.REVIEWER accounts."""
    return (
        User.objects.filter(role=Role.REVIEWER, is_active=True)
        .select_related("school")
        .order_by("name", "username")
    )


def assignment_filters(*, program: ProgramYear) -> tuple[list[School], list[CommunityType]]:
    """The schools and community types the 指定審查 list may be filtered by."""
    schools = list(
        School.objects.filter(
            applications__program=program,
            applications__status__in=workflow.states_where(assignable=True),
        )
        .distinct()
        .order_by("code")
    )
    types = list(CommunityType.objects.filter(program=program).order_by("number"))
    return schools, types


def applications_assigned_to(*, reviewer: User) -> QuerySet[Application]:
    return (
        Application.objects.filter(review_assignments__reviewer=reviewer)
        .select_related("program", "community_type", "school", "convenor")
        .order_by("-program__academic_year", "school__code", "id")
        .distinct()
    )


def decision_actions(*, application: Application, user: User) -> list[tuple[str, str]]:
    """The stage results (action, button label) this user may record on the application now."""
    roles = roles_of(user, application)
    return [
        (key, str(step.label))
        for key, step in workflow.actions_of(application.status, roles=roles, decides=True).items()
    ]


def approval_cap(*, application: Application) -> tuple[int, int | None, int]:
    """The most that may be approved: (cap, the type's 補助上限, the requested 經費總計)."""
    requested = budget_total(application=application) if application.requests_budget else 0
    ceiling = application.ceiling()
    cap = requested if ceiling is None else min(ceiling, requested)
    return cap, ceiling, requested


def reviews_of(*, application: Application) -> list[Review]:
    """Every review of the application, submitted or draft, by stage and reviewer."""
    return list(
        Review.objects.filter(assignment__application=application)
        .select_related("assignment__reviewer", "assignment__reviewer__school")
        .order_by("assignment__stage", "assignment__assigned_at", "assignment_id")
    )


def submitted_reviews(*, application: Application, stage: str) -> list[Review]:
    return [
        review
        for review in reviews_of(application=application)
        if review.assignment.stage == stage and review.is_submitted
    ]


def review_of(*, application: Application, reviewer: User, stage: str) -> Review | None:
    return (
        Review.objects.filter(
            assignment__application=application,
            assignment__reviewer=reviewer,
            assignment__stage=stage,
        )
        .select_related("assignment")
        .first()
    )
