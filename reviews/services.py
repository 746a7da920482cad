"""指定審查, each reviewer's review, and the center's record of a stage's result (SPEC §1
reviewer row, §5, §6, §7a).

The center assigns reviewers for a stage (初審 while the application is sent or under review, 複審
once it passed the first review), never a reviewer of the application's own school, lead or
partner. Each assigned reviewer writes a review (opinion, recommended result, recommended
amount), saved as a draft until submitted. The center reads the reviews side by side and records
the stage's result through the workflow; the result's guard needs at least one submitted review.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from communities import workflow
from communities.models import Application
from communities.permissions import roles_of
from communities.services import application_transition
from core.roc import roc_date
from notifications.services import notify
from people.models import Role, User

from .models import Review, ReviewAssignment
from .selectors import approval_cap, assignment_stage, submitted_reviews


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
    """指定審查: assign each reviewer to each application for its current stage, skipping the
    reviewer's own school (lead or partner); an application sent to the center moves to 審查中
    once it has a reviewer."""
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
        for a in Application.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("school", "program")
    }
    partners: dict[int, set[int]] = {pk: set() for pk in ids}
    for app_id, school_id in Application.partner_schools.through.objects.filter(
        application_id__in=ids
    ).values_list("application_id", "school_id"):
        partners[app_id].add(school_id)
    existing = set(
        ReviewAssignment.objects.filter(application_id__in=ids).values_list(
            "application_id", "reviewer_id", "stage"
        )
    )

    result = AssignResult()
    for application in applications:
        current = locked[application.pk]
        if not workflow.WORKFLOW[current.status].assignable:
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
        stage = assignment_stage(current)
        for reviewer in reviewers:
            reason = _conflict(
                application=current, reviewer=reviewer, partner_ids=partners[current.pk]
            )
            if reason:
                result.skipped.append(Pair(current, reviewer, reason))
                continue
            if (current.pk, reviewer.pk, stage) in existing:
                result.already.append(Pair(current, reviewer))
                continue
            assignment = ReviewAssignment(
                application=current, reviewer=reviewer, stage=stage, assigned_by=by
            )
            assignment.full_clean(validate_constraints=False)
            assignment.save()
            existing.add((current.pk, reviewer.pk, stage))
            result.assigned.append(Pair(current, reviewer))
        if "start_review" in workflow.WORKFLOW[current.status].actions and any(
            app_id == current.pk for app_id, _r, _s in existing
        ):
            result.started.append(
                application_transition(application=current, action="start_review", by=by)
            )
    _tell_reviewers(result.assigned)
    return result


def _tell_reviewers(pairs: list[Pair]) -> None:
    """Each newly assigned reviewer hears once, with the applications and the stage's due date."""
    by_reviewer: dict[int, list[Pair]] = {}
    for pair in pairs:
        by_reviewer.setdefault(pair.reviewer.pk, []).append(pair)
    for reviewer_pairs in by_reviewer.values():
        reviewer = reviewer_pairs[0].reviewer
        lines = []
        for pair in reviewer_pairs:
            stage = assignment_stage(pair.application)
            due = pair.application.program.review_due(stage)
            lines.append(
                _("・%(name)s（%(school)s，%(stage)s%(due)s）")
                % {
                    "name": pair.application.display_name,
                    "school": pair.application.school.name,
                    "stage": workflow.REVIEW_STAGES[stage],
                    "due": _("，%(day)s 前完成") % {"day": roc_date(due)} if due else "",
                }
            )
        notify(
            event="review.assigned",
            recipients=[reviewer],
            title=_("新的審查指派：%(count)d 件社群申請") % {"count": len(reviewer_pairs)},
            body=_("教專中心指定您審查下列社群申請，請至「審查案件」填寫審查表：")
            + "\n"
            + "\n".join(lines),
            url=reverse("reviews:queue"),
        )


@transaction.atomic
def review_unassign(*, assignment: ReviewAssignment, by: User) -> None:
    """移除 a reviewer from an application's stage, unless their review was submitted (it then
    stays with the application's record). The reviewer is told."""
    if by.role != Role.CENTER:
        raise PermissionDenied(_("只有教專中心可以移除指定審查。"))
    assignment = (
        ReviewAssignment.objects.select_for_update()
        .select_related("application", "reviewer")
        .get(pk=assignment.pk)
    )
    review = Review.objects.filter(assignment=assignment).first()
    if review is not None and review.is_submitted:
        raise ValidationError(
            _("%(reviewer)s 已送出審查意見，不能移除。")
            % {"reviewer": assignment.reviewer.name or assignment.reviewer.username}
        )
    application = assignment.application
    with set_actor(by):
        assignment.delete()
    notify(
        event="review.unassigned",
        recipients=[assignment.reviewer],
        title=_("審查指派已取消：%(name)s") % {"name": application.display_name},
        body=_("教專中心已取消您對社群「%(name)s」的審查指派，不需再審查。")
        % {"name": application.display_name},
        url=reverse("reviews:queue"),
    )


@workflow.guard("has_reviewers")
def _has_reviewers(*, application: Application, by: User, data: dict) -> dict:
    """指定審查's guard: the application has a reviewer for its first review."""
    if not application.review_assignments.filter(stage=workflow.FIRST_REVIEW).exists():
        return {"reviewers": [_("請先指定至少一位審查委員。")]}
    return {}


# A reviewer's review ---------------------------------------------------------------------------


def _open_assignment(*, application: Application, reviewer: User) -> ReviewAssignment:
    """The reviewer's assignment for the stage now being reviewed, or PermissionDenied."""
    stage = workflow.WORKFLOW[application.status].review_stage
    assignment = (
        ReviewAssignment.objects.filter(application=application, reviewer=reviewer, stage=stage)
        .select_related("review")
        .first()
        if stage
        else None
    )
    if assignment is None:
        raise PermissionDenied(_("此申請目前沒有指派給您的審查。"))
    return assignment


@transaction.atomic
def review_save(
    *,
    application: Application,
    reviewer: User,
    recommendation: str,
    opinion: str,
    recommended_amount: int | None,
    submit: bool,
) -> Review:
    """The reviewer's review of the stage now open: 儲存 keeps a draft, incomplete or not; 送出
    checks it is complete (a recommendation among the stage's results, an opinion, an amount
    within the cap) and locks it. A submitted review cannot be changed."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    assignment = _open_assignment(application=application, reviewer=reviewer)
    review = getattr(assignment, "review", None) or Review(assignment=assignment)
    if review.is_submitted:
        raise ValidationError(_("您已送出本階段的審查意見，不能再修改。"), code="submitted")
    stage_results = workflow.actions_of(application.status, decides=True)
    errors: dict[str, str] = {}
    recommendation = recommendation or ""
    if recommendation and recommendation not in stage_results:
        errors["recommendation"] = _("此審查建議目前不能選擇。")
    cap, ceiling, requested = approval_cap(application=application)
    if recommended_amount is not None:
        if recommended_amount < 0:
            errors["recommended_amount"] = _("建議核定金額不可為負數。")
        elif recommended_amount > cap:
            errors["recommended_amount"] = _over_cap(
                _("建議核定金額"), recommended_amount, cap, ceiling, requested
            )
    opinion = (opinion or "").strip()
    if submit:
        if not recommendation:
            errors.setdefault("recommendation", _("請選擇審查建議。"))
        if not opinion:
            errors["opinion"] = _("請填寫審查意見。")
    if errors:
        raise ValidationError(errors)
    review.recommendation = recommendation
    review.opinion = opinion
    review.recommended_amount = recommended_amount
    if submit:
        review.submitted_at = timezone.now()
    review.full_clean()
    review.save()
    return review


def _over_cap(what: str, amount: int, cap: int, ceiling: int | None, requested: int) -> str:
    return _(
        "%(what)s %(amount)s 元超過上限 %(cap)s 元（補助上限 %(ceiling)s 元、申請經費 %(requested)s 元，"
        "取較低者）。"
    ) % {
        "what": what,
        "amount": f"{amount:,}",
        "cap": f"{cap:,}",
        "ceiling": "—" if ceiling is None else f"{ceiling:,}",
        "requested": f"{requested:,}",
    }


# The stage's result, recorded by the center ------------------------------------------------------


@workflow.guard("stage_reviewed")
def _stage_reviewed(*, application: Application, by: User, data: dict) -> dict:
    """A review stage's result needs at least one submitted review of that stage."""
    stage = workflow.WORKFLOW[application.status].review_stage
    if not submitted_reviews(application=application, stage=stage):
        return {
            "__all__": [
                _("本階段（%(stage)s）尚無審查委員送出審查意見，不能決定審查結果。")
                % {"stage": workflow.REVIEW_STAGES[stage]}
            ]
        }
    return {}


@workflow.guard("approvable")
def _approvable(*, application: Application, by: User, data: dict) -> dict:
    """複審通過(核定): reviewed, and the 核定金額 from 0 to the lower of the type's 補助上限 and
    the requested 經費總計."""
    problems = _stage_reviewed(application=application, by=by, data=data)
    amount = data.get("approved_amount")
    cap, ceiling, requested = approval_cap(application=application)
    if amount is None:
        problems["approved_amount"] = [_("複審通過(核定)須填寫核定金額。")]
    elif amount < 0:
        problems["approved_amount"] = [_("核定金額不可為負數。")]
    elif amount > cap:
        problems["approved_amount"] = [_over_cap(_("核定金額"), amount, cap, ceiling, requested)]
    return problems


def review_decide(
    *,
    application: Application,
    action: str,
    comment: str,
    by: User,
    approved_amount: int | None = None,
) -> Application:
    """The center records the stage's result (初審通過 / 初審退回修正 / 不通過; at 複審 複審通過
    (核定) with the 核定金額) with its 審查結果說明, through the workflow."""
    if not workflow.is_decision(action):
        raise ValidationError({"action": _("請選擇審查結果。")})
    if workflow.CENTER not in roles_of(by, application):
        raise PermissionDenied(_("審查結果由教專中心決定。"))
    return application_transition(
        application=application,
        action=action,
        by=by,
        comment=comment,
        data={"approved_amount": approved_amount},
    )
