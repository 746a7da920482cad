"""Reads for the reviewers' queue, a review's 審查表, the reviews of an application side by side,
the bulk decision's plan and the review results export."""

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    When,
    prefetch_related_objects,
)
from django.utils.translation import gettext as _

from communities import workflow
from communities.budget import budget_total
from communities.models import Application
from communities.permissions import roles_of
from communities.services import people_in_roles
from people.models import Role, User
from programs.models import ProgramYear, RecommendationOption, ReviewCriterion
from programs.rulecache import year_rules_cached

from .models import ConflictDeclaration, Review, ReviewAssignment, ReviewScore


def assignment_stage(application: Application) -> str:
    """The stage an assignment made now is for: 複審 once the first review passed, else 初審."""
    return _stage_assigned_in(application.status)


def _stage_assigned_in(status: str) -> str:
    return workflow.WORKFLOW[status].review_stage or workflow.FIRST_REVIEW


def owed_assignments() -> Q:
    """The assignments whose review is still to come (a ReviewAssignment filter): of the stage
    their application is in now, or about to open (學校已彙整送中心: 初審), and without a
    submitted review. An assignment of a stage already decided owes nothing more: its 審查表 can
    no longer be written."""
    by_stage: dict[str, set[str]] = {}
    for key in workflow.states_where(assignable=True):
        by_stage.setdefault(_stage_assigned_in(key), set()).add(key)
    current = Q(pk__in=[])
    for stage, states in sorted(by_stage.items()):
        current |= Q(stage=stage, application__status__in=sorted(states))
    submitted = Exists(Review.objects.filter(assignment=OuterRef("pk"), submitted_at__isnull=False))
    return current & ~submitted


def reviewed_in_stage(*, program: ProgramYear) -> dict[str, int]:
    """Status → how many of the year's applications in that review stage have at least one
    submitted review of the stage: the ones whose stage result the center can record now.
    Counted from the submitted reviews (the year's assignments by index), not by looking up
    the reviews of every application in the two states."""
    current = Q(pk__in=[])
    for stage in workflow.REVIEW_STAGES:
        current |= Q(
            stage=stage, application__status__in=sorted(workflow.states_where(review_stage=stage))
        )
    return dict(
        ReviewAssignment.objects.filter(program=program, review__submitted_at__isnull=False)
        .filter(current)
        .order_by()
        .values_list("application__status")
        .annotate(n=Count("application_id", distinct=True))
    )


# The year's 審查表 -------------------------------------------------------------------------------


def criteria_for(*, program: ProgramYear, stage: str) -> list[ReviewCriterion]:
    """The criteria a review of this stage scores: the stage's own and those for both stages
    (from the year's rules this process keeps: programs.rulecache; read-only)."""
    criteria = year_rules_cached(
        program, "review_criteria", lambda: list(program.review_criteria.order_by("order", "id"))
    )
    return [c for c in criteria if c.applies_to(stage)]


def recommendation_options(*, program: ProgramYear, stage: str) -> list[RecommendationOption]:
    """The stage's 審查建議 (kept as criteria_for's are; read-only)."""
    options = year_rules_cached(
        program,
        "recommendation_options",
        lambda: list(program.recommendation_options.order_by("order", "id")),
    )
    return [o for o in options if o.stage == stage]


# The reviewer -----------------------------------------------------------------------------------


# What a row of 審查案件 shows: neither the plan's text nor the review's opinion is read.
QUEUE_FIELDS = (
    "id",
    "stage",
    "reviewer",
    "assigned_at",
    "application__id",
    "application__program",
    "application__status",
    "application__name",
    "application__school__name",
    "application__community_type__name",
    "review__id",
    "review__assignment",
    "review__submitted_at",
)


def _due(year: str) -> Case:
    """The assignment's due date: its stage's in the year ``year`` names (a path to it)."""
    return Case(
        When(stage=workflow.FIRST_REVIEW, then=F(f"{year}__first_review_due")),
        When(stage=workflow.SECOND_REVIEW, then=F(f"{year}__second_review_due")),
        output_field=DateField(),
    )


# Soonest due first, no due date last.
QUEUE_ORDER = (F("due").asc(nulls_last=True), "assigned_at", "id")


def reviewer_queue(*, reviewer: User) -> QuerySet:
    """審查案件's order: the ids of the reviewer's assignments, soonest due first (no due date
    last). Read over the assignments and their year alone (a reviewer has a few hundred); a page
    of them is then read with what it shows by reviewer_queue_rows."""
    return (
        ReviewAssignment.objects.filter(reviewer=reviewer)
        .annotate(due=_due("program"))
        .order_by(*QUEUE_ORDER)
        .values_list("pk", flat=True)
    )


def reviewer_queue_rows(*, reviewer: User, ids) -> list[ReviewAssignment]:
    """The assignments ``ids`` (a page of reviewer_queue), in that order, each with its
    application, its review (if any), its due date (``due``) and whether the reviewer has made
    their 利益迴避聲明 (``declared``): one query, whatever the number of rows."""
    ids = list(ids)
    rows = (
        ReviewAssignment.objects.filter(reviewer=reviewer, pk__in=ids)
        .select_related(
            "application",
            "application__program",
            "application__school",
            "application__community_type",
            "review",
        )
        .only(*QUEUE_FIELDS)
        .annotate(
            due=_due("application__program"),
            declared=Exists(
                ConflictDeclaration.objects.filter(
                    application_id=OuterRef("application_id"), reviewer=reviewer
                )
            ),
        )
    )
    place = {pk: i for i, pk in enumerate(ids)}
    return sorted(rows, key=lambda row: place[row.pk])


def reviewer_queue_count(*, reviewer: User) -> int:
    """How many assignments reviewer_queue orders (counted without their year)."""
    return ReviewAssignment.objects.filter(reviewer=reviewer).count()


def assignments_of(*, application_id: int, reviewer: User) -> list[ReviewAssignment]:
    return list(
        ReviewAssignment.objects.filter(application_id=application_id, reviewer=reviewer)
        .select_related("review")
        .order_by("stage")
    )


def declaration_of(*, application_id: int, reviewer: User) -> ConflictDeclaration | None:
    return ConflictDeclaration.objects.filter(
        application_id=application_id, reviewer=reviewer
    ).first()


def application_to_declare(*, pk: int) -> Application:
    """What a reviewer sees before their 利益迴避聲明: who the application is from."""
    return (
        Application.objects.select_related("program", "school", "community_type", "convenor")
        .prefetch_related("partner_schools", "members__school")
        .get(pk=pk)
    )


def _scores() -> Prefetch:
    """A review's scores, each with its criterion."""
    return Prefetch("scores", queryset=ReviewScore.objects.select_related("criterion"))


def _with_scores(reviews: QuerySet[Review]) -> QuerySet[Review]:
    return reviews.select_related(
        "assignment", "assignment__reviewer", "assignment__reviewer__school"
    ).prefetch_related(_scores())


def own_review(assignment: ReviewAssignment | None) -> Review | None:
    """The review of ``assignment`` (read with it by assignments_of), with its scores; None
    before the reviewer has saved one."""
    review = assignment.own_review if assignment is not None else None
    if review is not None:
        prefetch_related_objects([review], _scores())
    return review


# The center ------------------------------------------------------------------------------------


def decision_actions(*, application: Application, user: User) -> list[tuple[str, str]]:
    """The stage results (action, button label) this user may record on the application now."""
    roles = roles_of(user, application)
    return [
        (key, str(step.label))
        for key, step in workflow.actions_of(application.status, roles=roles, decides=True).items()
    ]


def approval_cap(*, application: Application, sheet=None) -> tuple[int, int | None, int]:
    """The most that may be approved: (cap, the type's 補助上限, the requested 經費總計); with the
    application's ``sheet`` (communities.budget.budget_sheet) when the caller has read it."""
    if not application.requests_budget:
        requested = 0
    else:
        requested = sheet.total if sheet is not None else budget_total(application=application)
    ceiling = application.ceiling()
    cap = requested if ceiling is None else min(ceiling, requested)
    return cap, ceiling, requested


def reviews_of(*, application: Application) -> list[Review]:
    """Every review of the application, submitted or draft, by stage and reviewer."""
    return list(
        _with_scores(Review.objects.filter(assignment__application=application)).order_by(
            "assignment__stage", "assignment__assigned_at", "assignment_id"
        )
    )


def submitted_reviews(*, application: Application, stage: str) -> list[Review]:
    return [
        review
        for review in reviews_of(application=application)
        if review.assignment.stage == stage and review.is_submitted
    ]


def declared_conflicts(*, application: Application) -> list[ConflictDeclaration]:
    return list(
        application.conflict_declarations.filter(has_conflict=True)
        .select_related("reviewer", "reviewer__school")
        .order_by("declared_at")
    )


def mean(values) -> Decimal | None:
    values = [Decimal(v) for v in values if v is not None]
    if not values:
        return None
    return (sum(values) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Cell:
    value: object  # a score or a total; None where there is none
    submitted: bool  # False for a draft's (shown, but in no average)


@dataclass
class CriterionRow:
    criterion: ReviewCriterion
    cells: list[Cell]  # one per column
    average: Decimal | None  # over the submitted reviews


@dataclass
class StageComparison:
    """One stage's reviews side by side: a column per assigned reviewer, a row per criterion."""

    stage: str
    label: str
    assignments: list[ReviewAssignment]
    reviews: list[Review | None]  # one per column
    rows: list[CriterionRow]
    totals: list[Cell]
    average_total: Decimal | None
    submitted: int
    recommendations: list[tuple[str, int]]  # (審查建議, how many submitted reviews gave it)
    average_amount: int | None  # 平均建議金額, whole dollars

    @property
    def columns(self) -> list[tuple[ReviewAssignment, Review | None]]:
        return list(zip(self.assignments, self.reviews, strict=True))


def _comparison(
    stage: str,
    assignments: list[ReviewAssignment],
    reviews: dict[int, Review],
    criteria: list[ReviewCriterion],
) -> StageComparison:
    column_reviews = [reviews.get(a.pk) for a in assignments]
    submitted = [r for r in column_reviews if r is not None and r.is_submitted]
    # The stage's criteria now, and any a review was scored on before the 審查表 changed.
    shown = {c.pk: c for c in criteria}
    for review in column_reviews:
        for score in review.scores.all() if review is not None else ():
            shown.setdefault(score.criterion_id, score.criterion)
    ordered = sorted(shown.values(), key=lambda c: (c.order, c.pk))
    rows = [
        CriterionRow(
            criterion=criterion,
            cells=[
                Cell(
                    r.score_by_criterion.get(criterion.pk) if r is not None else None,
                    r is not None and r.is_submitted,
                )
                for r in column_reviews
            ],
            average=mean(r.score_by_criterion.get(criterion.pk) for r in submitted),
        )
        for criterion in ordered
    ]
    # A draft's total only once every criterion of the stage is scored.
    stage_ids = {c.pk for c in criteria}
    totals = [
        Cell(
            r.total
            if r is not None and (r.is_submitted or stage_ids <= set(r.score_by_criterion))
            else None,
            r is not None and r.is_submitted,
        )
        for r in column_reviews
    ]
    return StageComparison(
        stage=stage,
        label=str(workflow.REVIEW_STAGES[stage]),
        assignments=assignments,
        reviews=column_reviews,
        rows=rows,
        totals=totals,
        average_total=mean(r.total for r in submitted),
        submitted=len(submitted),
        recommendations=Counter(
            r.recommendation_label for r in submitted if r.recommendation_label
        ).most_common(),
        average_amount=_whole(
            mean(r.recommended_amount for r in submitted if r.recommended_amount is not None)
        ),
    )


def _whole(amount: Decimal | None) -> int | None:
    return None if amount is None else int(amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def review_comparison(*, application: Application) -> list[StageComparison]:
    """審查結果's side-by-side view: per stage that has reviewers, each reviewer's score per
    criterion, weighted total, recommendation, amount and opinion, with the averages of the
    submitted reviews. A fixed number of queries."""
    assignments = list(
        application.review_assignments.select_related("reviewer", "reviewer__school").order_by(
            "stage", "assigned_at", "id"
        )
    )
    reviews = {r.assignment_id: r for r in reviews_of(application=application)}
    all_criteria = list(application.program.review_criteria.order_by("order", "id"))
    tables = []
    for stage in workflow.REVIEW_STAGES:
        of_stage = [a for a in assignments if a.stage == stage]
        if of_stage:
            criteria = [c for c in all_criteria if c.applies_to(stage)]
            tables.append(_comparison(stage, of_stage, reviews, criteria))
    return tables


# Bulk decision ----------------------------------------------------------------------------------


def decision_step(action: str) -> workflow.Action | None:
    """The first stage result declared under this key (不通過 is the same at either stage)."""
    for state in workflow.WORKFLOW.values():
        step = state.actions.get(action)
        if step is not None and step.decides:
            return step
    return None


def decision_choices() -> list[tuple[str, str]]:
    """Every stage result the workflow declares, in the flow's order, with its own words."""
    seen: dict[str, str] = {}
    for state in workflow.WORKFLOW.values():
        for key, step in state.actions.items():
            if step.decides and key not in seen:
                seen[key] = str(step.label)
    return list(seen.items())


@dataclass
class PlanRow:
    """What recording a result will do to one application, and who will be told."""

    application: Application
    to_label: str = ""  # the new status, "" when the application is left as it is
    reason: str = ""  # why it is left as it is
    amount: int | None = None  # 核定金額, for 複審通過(核定)
    amount_error: str = ""
    amount_text: str = ""  # what was typed, when it could not be read as an amount
    cap: int | None = None
    told: list[User] = field(default_factory=list)

    @property
    def will_change(self) -> bool:
        return bool(self.to_label)


def decision_plan(
    *,
    applications: list[Application],
    action: str,
    by: User,
    amounts: dict[int, int | None] | None = None,
) -> list[PlanRow]:
    """For the bulk decision's confirmation: each application with the status it will reach and
    the people told, or the reason it will be left as it is, from the workflow's own table and
    guards (the same checks the transition runs). ``amounts`` are 核定金額 by application; an
    application without one gets its submitted 複審 reviews' average recommended amount."""
    amounts = amounts or {}
    rows = []
    for application in applications:
        row = PlanRow(application=application)
        rows.append(row)
        step = workflow.WORKFLOW[application.status].actions.get(action)
        if step is None or not step.decides:
            row.reason = _("目前狀態為「%(status)s」，不能記錄「%(action)s」。") % {
                "status": application.status_label,
                "action": workflow.action_label(action),
            }
            continue
        if not roles_of(by, application) & step.roles:
            row.reason = _("您沒有記錄「%(action)s」的權限。") % {"action": step.label}
            continue
        data = {}
        if "approved_amount" in step.fields:
            row.cap, _ceiling, _requested = approval_cap(application=application)
            if application.pk in amounts:
                row.amount = amounts[application.pk]
            else:
                suggested = mean(
                    r.recommended_amount
                    for r in submitted_reviews(application=application, stage=step.decides)
                    if r.recommended_amount is not None
                )
                row.amount = min(_whole(suggested), row.cap) if suggested is not None else None
            data["approved_amount"] = row.amount
        problems = workflow.run_guard(step, application=application, by=by, data=data)
        amount_problems = problems.pop("approved_amount", [])
        if problems:
            row.reason = "；".join(str(m) for messages in problems.values() for m in messages)
            continue
        row.amount_error = "；".join(str(m) for m in amount_problems)
        row.to_label = str(workflow.WORKFLOW[step.target].label)
        row.told = people_in_roles(application, step.notify)
    return rows


def chosen_applications(*, ids: list[int]) -> list[Application]:
    return list(
        Application.objects.filter(pk__in=ids)
        .select_related("program", "school", "community_type", "convenor")
        .order_by("school__code", "id")
    )


def center_staff() -> QuerySet[User]:
    return User.objects.filter(role=Role.CENTER, is_active=True)
