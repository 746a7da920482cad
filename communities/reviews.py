"""指定審查 and the reviewers' 初審/複審 decisions (SPEC §1 reviewer row, §5, §6).

The center assigns reviewers to applications its schools have sent (never a reviewer of the
application's own school, lead or partner); assigned reviewers (or the center) then decide through
the workflow's reviewer actions, each with a 審查意見.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from people.models import Role, School, User
from programs.models import CommunityType, ProgramYear

from . import workflow
from .budget import budget_total
from .models import Application, ReviewAssignment
from .permissions import roles_of
from .services import application_transition

# The states an application may be assigned reviewers in.
ASSIGNABLE_STATUSES = (workflow.SENT_TO_CENTER, workflow.UNDER_REVIEW)
# The workflow actions that are a review decision (初審 in 審查中, 複審 in 初審通過).
DECISION_ACTIONS = ("first_pass", "first_return", "approve", "reject")
DECIDING_ROLES = frozenset({workflow.REVIEWER, workflow.CENTER})


# Reads ---------------------------------------------------------------------------------------


def applications_for_assignment(
    *, program: ProgramYear, school_id: int | None = None, type_id: int | None = None
) -> QuerySet[Application]:
    """指定審查's list: the year's applications sent to the center or under review, each with its
    reviewers and partner schools, in a fixed number of queries."""
    qs = Application.objects.filter(program=program, status__in=ASSIGNABLE_STATUSES)
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
                ).order_by("assigned_at", "id"),
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
            applications__program=program, applications__status__in=ASSIGNABLE_STATUSES
        )
        .distinct()
        .order_by("code")
    )
    types = list(CommunityType.objects.filter(program=program).order_by("number"))
    return schools, types


def decision_actions(*, application: Application, user: User) -> list[tuple[str, str]]:
    """The review decisions (action, button label) this user may take on the application now."""
    roles = roles_of(user, application) & DECIDING_ROLES
    state = workflow.WORKFLOW[application.status]
    return [
        (key, str(step.label))
        for key, step in state.actions.items()
        if key in DECISION_ACTIONS and roles & step.roles
    ]


def approval_cap(*, application: Application) -> tuple[int, int | None, int]:
    """The most that may be approved: (cap, the type's 補助上限, the requested 經費總計)."""
    requested = budget_total(application=application) if application.requests_budget else 0
    ceiling = application.ceiling()
    cap = requested if ceiling is None else min(ceiling, requested)
    return cap, ceiling, requested


# 指定審查 --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    application: Application
    reviewer: User
    reason: str = ""


@dataclass
class AssignResult:
    assigned: list[Pair] = field(default_factory=list)
    already: list[Pair] = field(default_factory=list)
    skipped: list[Pair] = field(default_factory=list)
    started: list[Application] = field(default_factory=list)


def _conflict(*, application: Application, reviewer: User, partner_ids: set[int]) -> str:
    """Why this reviewer may not review this application (their own school), or ""."""
    if reviewer.school_id is None:
        return ""
    if reviewer.school_id == application.school_id:
        return _("審查委員與申請學校（%(school)s）同校，不得審查。") % {
            "school": application.school.name
        }
    if reviewer.school_id in partner_ids:
        return _("審查委員屬合作學校（%(school)s），不得審查。") % {
            "school": reviewer.school.name if reviewer.school else ""
        }
    return ""


@transaction.atomic
def review_assign(
    *, applications: Iterable[Application], reviewers: Iterable[User], by: User
) -> AssignResult:
    """指定審查: assign each reviewer to each application, skipping the reviewer's own school
    (lead or partner); an application sent to the center moves to 審查中 once it has a reviewer."""
    if by.role != Role.CENTER:
        raise PermissionDenied(_("只有教專中心可以指定審查。"))
    applications = list(applications)
    reviewers = list(reviewers)
    if not applications:
        raise ValidationError({"applications": _("請勾選至少一件申請。")})
    if not reviewers:
        raise ValidationError({"reviewers": _("請勾選至少一位審查委員。")})
    not_reviewers = [r for r in reviewers if r.role != Role.REVIEWER or not r.is_active]
    if not_reviewers:
        raise ValidationError(
            {
                "reviewers": _("%(names)s 不是審查委員帳號。")
                % {"names": "、".join(r.name or r.username for r in not_reviewers)}
            }
        )
    ids = [a.pk for a in applications]
    locked = {
        a.pk: a
        for a in Application.objects.select_for_update().filter(pk__in=ids).select_related("school")
    }
    partners: dict[int, set[int]] = {pk: set() for pk in ids}
    for app_id, school_id in Application.partner_schools.through.objects.filter(
        application_id__in=ids
    ).values_list("application_id", "school_id"):
        partners[app_id].add(school_id)
    existing = set(
        ReviewAssignment.objects.filter(application_id__in=ids).values_list(
            "application_id", "reviewer_id"
        )
    )

    result = AssignResult()
    for application in applications:
        current = locked[application.pk]
        if current.status not in ASSIGNABLE_STATUSES:
            for reviewer in reviewers:
                result.skipped.append(
                    Pair(
                        current,
                        reviewer,
                        _("申請狀態為「%(status)s」，不能指定審查。")
                        % {"status": current.status_label},
                    )
                )
            continue
        for reviewer in reviewers:
            reason = _conflict(
                application=current, reviewer=reviewer, partner_ids=partners[current.pk]
            )
            if reason:
                result.skipped.append(Pair(current, reviewer, reason))
                continue
            if (current.pk, reviewer.pk) in existing:
                result.already.append(Pair(current, reviewer))
                continue
            assignment = ReviewAssignment(application=current, reviewer=reviewer)
            assignment.full_clean(validate_constraints=False)
            assignment.save()
            existing.add((current.pk, reviewer.pk))
            result.assigned.append(Pair(current, reviewer))
        has_reviewer = any(app_id == current.pk for app_id, _r in existing)
        if current.status == workflow.SENT_TO_CENTER and has_reviewer:
            result.started.append(
                application_transition(application=current, action="start_review", by=by)
            )
    return result


# 初審 / 複審 -----------------------------------------------------------------------------------


@transaction.atomic
def review_decide(
    *,
    application: Application,
    action: str,
    opinion: str,
    by: User,
    approved_amount: int | None = None,
) -> Application:
    """A reviewer's (or the center's) 初審/複審 decision with its 審查意見; 複審通過(核定) also
    stores the 核定金額 (0 to the lower of the type's 補助上限 and the requested 經費總計)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not roles_of(by, application) & DECIDING_ROLES:
        raise PermissionDenied(_("您不是本申請的審查委員。"))
    allowed = dict(decision_actions(application=application, user=by))
    if action not in allowed:
        raise workflow.ActionUnavailable(application=application, action=action)
    errors: dict[str, str] = {}
    opinion = (opinion or "").strip()
    if not opinion:
        errors["opinion"] = _("請填寫審查意見。")
    if action == "approve":
        cap, ceiling, requested = approval_cap(application=application)
        if approved_amount is None:
            errors["approved_amount"] = _("複審通過(核定)須填寫核定金額。")
        elif approved_amount < 0:
            errors["approved_amount"] = _("核定金額不可為負數。")
        elif approved_amount > cap:
            errors["approved_amount"] = _(
                "核定金額 %(amount)s 元超過上限 %(cap)s 元"
                "（補助上限 %(ceiling)s 元、申請經費 %(requested)s 元，取較低者）。"
            ) % {
                "amount": f"{approved_amount:,}",
                "cap": f"{cap:,}",
                "ceiling": "—" if ceiling is None else f"{ceiling:,}",
                "requested": f"{requested:,}",
            }
    if errors:
        raise ValidationError(errors)
    if action == "approve":
        application.approved_amount = approved_amount
        application.full_clean(validate_unique=False, validate_constraints=False)
        application.save(update_fields=["approved_amount", "updated_at"])
    return application_transition(application=application, action=action, by=by, comment=opinion)
