"""指定審查, each reviewer's 利益迴避聲明 and review, and the center's record of a stage's result
(SPEC §1 reviewer row, §5, §6, §7a).

The center assigns reviewers for a stage (初審 while the application is sent or under review, 複審
once it passed the first review), never a reviewer of the application's own school, lead or
partner, nor one who declared a conflict of interest with it. Before opening an application the
first time, the reviewer declares no conflict (the application opens to them) or a conflict (their
assignment is released and the center told). Each reviewer then fills the year's 審查表 (a score
per criterion), an opinion, a recommended amount and a recommended result, saved as a draft until
submitted and locked. The center reads the reviews side by side and records the stage's result
through the workflow, one application at a time or a confirmed batch; the result's guard needs at
least one submitted review.
"""

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
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
from programs.models import RecommendationOption

from .models import (
    ConflictDeclaration,
    DecisionBatch,
    DecisionBatchItem,
    Review,
    ReviewAssignment,
    ReviewScore,
)
from .selectors import (
    approval_cap,
    assignment_stage,
    center_staff,
    criteria_for,
    decision_step,
    recommendation_options,
    submitted_reviews,
)


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


def _conflict(
    *, application: Application, reviewer: User, partner_ids: set[int], declared: bool = False
) -> str:
    """Why this reviewer may not review this application (their own school, lead or partner, or
    a conflict of interest they declared), or ""."""
    if declared:
        return _("審查委員已聲明與本案有利益衝突（利益迴避），不得審查。")
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
    conflicts = set(
        ConflictDeclaration.objects.filter(application_id__in=ids, has_conflict=True).values_list(
            "application_id", "reviewer_id"
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
                application=current,
                reviewer=reviewer,
                partner_ids=partners[current.pk],
                declared=(current.pk, reviewer.pk) in conflicts,
            )
            if reason:
                result.skipped.append(Pair(current, reviewer, reason))
                continue
            if (current.pk, reviewer.pk, stage) in existing:
                result.already.append(Pair(current, reviewer))
                continue
            assignment = ReviewAssignment(
                application=current,
                program_id=current.program_id,
                reviewer=reviewer,
                stage=stage,
                assigned_by=by,
            )
            assignment.full_clean(
                exclude=["application", "program", "reviewer", "assigned_by"],
                validate_constraints=False,
            )
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
        rows = []
        for pair in reviewer_pairs:
            stage = assignment_stage(pair.application)
            rows.append((pair.application, stage, pair.application.program.review_due(stage)))

        def body(rows=rows) -> str:  # in the reviewer's language
            lines = [
                _("・%(name)s（%(school)s，%(stage)s%(due)s）")
                % {
                    "name": application.display_name,
                    "school": application.school.name,
                    "stage": workflow.REVIEW_STAGES[stage],
                    "due": _("，%(day)s 前完成") % {"day": roc_date(due)} if due else "",
                }
                for application, stage, due in rows
            ]
            return (
                _("教專中心指定您審查下列社群申請，請至「審查案件」填寫審查表：")
                + "\n"
                + "\n".join(lines)
            )

        notify(
            event="review.assigned",
            recipients=[reviewer],
            title=lambda rows=rows: _("新的審查指派：%(count)d 件社群申請") % {"count": len(rows)},
            body=body,
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
        title=lambda: _("審查指派已取消：%(name)s") % {"name": application.display_name},
        body=lambda: (
            _("教專中心已取消您對社群「%(name)s」的審查指派，不需再審查。")
            % {"name": application.display_name}
        ),
        url=reverse("reviews:queue"),
    )


@workflow.guard("has_reviewers")
def _has_reviewers(*, application: Application, by: User, data: dict) -> dict:
    """指定審查's guard: the application has a reviewer for its first review."""
    if not application.review_assignments.filter(stage=workflow.FIRST_REVIEW).exists():
        return {"reviewers": [_("請先指定至少一位審查委員。")]}
    return {}


# 利益迴避聲明 ------------------------------------------------------------------------------------


@transaction.atomic
def review_declare(
    *, application: Application, reviewer: User, has_conflict: bool, reason: str = ""
) -> ConflictDeclaration:
    """The reviewer's 利益迴避聲明 on an application assigned to them, made once, before they open
    it. No conflict opens it to them for every stage. A conflict (with its reason) releases their
    assignments on it, and every center account is told, with the reason, to assign another
    reviewer; the center cannot assign them to it again."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("school", "program")
        .get(pk=application.pk)
    )
    assignments = list(
        ReviewAssignment.objects.filter(application=application, reviewer=reviewer)
        .select_related("review")
        .order_by("stage")
    )
    if not assignments:
        raise PermissionDenied(_("此申請沒有指派給您的審查。"))
    earlier = ConflictDeclaration.objects.filter(application=application, reviewer=reviewer)
    if earlier.exists():
        raise ValidationError(_("您已完成本案的利益迴避聲明。"), code="declared")
    reason = (reason or "").strip()
    if has_conflict and any(
        getattr(a, "review", None) is not None and a.review.is_submitted for a in assignments
    ):
        raise ValidationError(
            {"has_conflict": _("您已送出本案的審查意見；如有利益衝突，請直接聯絡教專中心。")}
        )
    open_stage = workflow.WORKFLOW[application.status].review_stage
    stages = [a.stage for a in assignments]
    declaration = ConflictDeclaration(
        application=application,
        reviewer=reviewer,
        stage=open_stage if open_stage in stages else stages[-1],
        has_conflict=has_conflict,
        reason=reason if has_conflict else "",
        statement=application.program.conflict_statement,
    )
    declaration.full_clean(exclude=["application", "reviewer"], validate_constraints=False)
    with set_actor(reviewer):
        declaration.save()
        if has_conflict:
            for assignment in assignments:
                assignment.delete()
    if has_conflict:
        _tell_center_of_conflict(declaration, stages)
    return declaration


def _tell_center_of_conflict(declaration: ConflictDeclaration, stages: list[str]) -> None:
    application, reviewer = declaration.application, declaration.reviewer
    name = reviewer.name or reviewer.username
    notify(
        event="review.conflict_declared",
        recipients=center_staff(),
        title=lambda: _("審查委員利益迴避：%(name)s") % {"name": application.display_name},
        body=lambda: (
            _(
                "審查委員 %(reviewer)s 聲明與社群「%(name)s」（%(school)s）有利益衝突，已迴避%(stages)s，"
                "本案的指派已取消，請另行指定審查委員。\n利益衝突說明：%(reason)s"
            )
            % {
                "reviewer": name,
                "name": application.display_name,
                "school": application.school.name,
                "stages": "、".join(str(workflow.REVIEW_STAGES[s]) for s in stages),
                "reason": declaration.reason,
            }
        ),
        url=reverse("reviews:decide", args=[application.pk]),
    )


# A reviewer's review ---------------------------------------------------------------------------


def _open_assignment(*, application: Application, reviewer: User) -> ReviewAssignment:
    """The reviewer's assignment for the stage now being reviewed, or PermissionDenied; the
    reviewer must have declared no conflict of interest first."""
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
    if not ConflictDeclaration.objects.filter(
        application=application, reviewer=reviewer, has_conflict=False
    ).exists():
        raise PermissionDenied(_("請先完成利益迴避聲明。"))
    return assignment


def score_field(criterion_id: int) -> str:
    """The name a criterion's score has in the 審查表 and in this service's errors."""
    return f"score_{criterion_id}"


@transaction.atomic
def review_save(
    *,
    application: Application,
    reviewer: User,
    scores: Mapping[int, int | None],
    recommendation: RecommendationOption | None,
    opinion: str,
    recommended_amount: int | None,
    submit: bool,
) -> Review:
    """The reviewer's 審查表 for the stage now open. ``scores`` gives each criterion's score by
    criterion id (None: not scored yet). 儲存 keeps a draft, incomplete or not; 送出 needs every
    criterion scored, a recommendation among the stage's options, an opinion, and an amount when
    the option asks for one, and locks the review. Each score is an integer from 0 to the
    criterion's 滿分; an amount is within the cap. A submitted review cannot be changed."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("program", "community_type")
        .get(pk=application.pk)
    )
    assignment = _open_assignment(application=application, reviewer=reviewer)
    review = getattr(assignment, "review", None) or Review(assignment=assignment)
    if review.is_submitted:
        raise ValidationError(_("您已送出本階段的審查意見，不能再修改。"), code="submitted")
    stage = assignment.stage
    criteria = criteria_for(program=application.program, stage=stage)
    errors: dict[str, str] = {}

    known = {c.pk for c in criteria}
    unknown = set(scores) - known
    if unknown:
        errors["__all__"] = _("審查表已更新，請重新整理頁面後再評分。")
    given: dict[int, int] = {}
    for criterion in criteria:
        value = scores.get(criterion.pk)
        name = score_field(criterion.pk)
        if value is None:
            if submit:
                errors[name] = _("請為「%(name)s」評分（0 至 %(max)s 分）。") % {
                    "name": criterion.name,
                    "max": criterion.max_score,
                }
        elif (
            not isinstance(value, int)
            or isinstance(value, bool)
            or not (0 <= value <= criterion.max_score)
        ):
            errors[name] = _("「%(name)s」請填 0 至 %(max)s 的整數。") % {
                "name": criterion.name,
                "max": criterion.max_score,
            }
        else:
            given[criterion.pk] = value

    options = {o.pk: o for o in recommendation_options(program=application.program, stage=stage)}
    if recommendation is not None and recommendation.pk not in options:
        errors["recommendation"] = _("此審查建議目前不能選擇。")
        recommendation = None
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
        if recommendation is None:
            errors.setdefault("recommendation", _("請選擇審查建議。"))
        elif recommendation.needs_amount and recommended_amount is None:
            errors.setdefault(
                "recommended_amount",
                _("審查建議為「%(label)s」時須填寫建議核定金額。")
                % {"label": recommendation.label},
            )
        if not opinion:
            errors["opinion"] = _("請填寫審查意見。")
    if errors:
        raise ValidationError(errors)

    review.recommendation = recommendation
    review.recommendation_label = recommendation.label if recommendation else ""
    review.opinion = opinion
    review.recommended_amount = recommended_amount
    if submit:
        review.submitted_at = timezone.now()
    # Its assignment and 審查建議 are rows read above, and the database keeps one review per
    # assignment (a one-to-one): no query to check either again.
    review.full_clean(exclude=["assignment", "recommendation"], validate_unique=False)
    with set_actor(reviewer):
        review.save()
        _save_scores(review=review, criteria=criteria, given=given)
    return review


def _save_scores(*, review: Review, criteria, given: dict[int, int]) -> None:
    """The review's score rows become ``given``: each with its criterion's weight and 滿分 now."""
    rows = {row.criterion_id: row for row in review.scores.all()}
    for criterion in criteria:
        row = rows.pop(criterion.pk, None)
        if criterion.pk not in given:
            if row is not None:
                row.delete()
            continue
        row = row or ReviewScore(review=review, criterion=criterion)
        row.score = given[criterion.pk]
        row.weight = criterion.weight
        row.max_score = criterion.max_score
        # The review was just saved and the criterion is the year's: no query to find either.
        row.full_clean(exclude=["review", "criterion"], validate_constraints=False)
        row.save()
    for row in rows.values():  # a criterion no longer in the stage's 審查表
        row.delete()


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


@dataclass
class BatchResult:
    batch: DecisionBatch
    created: bool  # False: this confirmation had been recorded already; nothing was done again


@transaction.atomic
def review_decide_many(
    *,
    applications: Iterable[Application],
    action: str,
    comment: str,
    by: User,
    key: uuid.UUID,
    amounts: Mapping[int, int | None] | None = None,
) -> BatchResult:
    """批次決定: the same stage result, with the same 審查結果說明, recorded for each application
    through the workflow (``amounts``: each one's 核定金額 for 複審通過(核定)). An application the
    result cannot be recorded for now (its state, no submitted review, the amount) is left as it
    is, with the reason. ``key`` identifies the confirmation: posted again, it records nothing
    more and returns the batch recorded the first time."""
    if by.role != Role.CENTER:
        raise PermissionDenied(_("審查結果由教專中心決定。"))
    step = decision_step(action)
    if step is None:
        raise ValidationError({"action": _("請選擇審查結果。")})
    comment = (comment or "").strip()
    if step.comment_required and not comment:
        raise ValidationError(
            {"comment": _("「%(action)s」請填寫意見，說明原因。") % {"action": step.label}}
        )
    earlier = DecisionBatch.objects.filter(key=key).first()
    if earlier is not None:
        return BatchResult(batch=earlier, created=False)
    batch = DecisionBatch(key=key, action=action, comment=comment, by=by)
    batch.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            batch.save()
    except IntegrityError:  # the same confirmation, posted at the same moment
        return BatchResult(batch=DecisionBatch.objects.get(key=key), created=False)

    amounts = amounts or {}
    for application in applications:
        from_status = Application.objects.values_list("status", flat=True).get(pk=application.pk)
        item = DecisionBatchItem(batch=batch, application=application, from_status=from_status)
        try:
            with transaction.atomic():
                done = review_decide(
                    application=application,
                    action=action,
                    comment=comment,
                    by=by,
                    approved_amount=amounts.get(application.pk),
                )
        except workflow.ActionUnavailable as unavailable:
            item.decided, item.reason = False, unavailable.message
        except PermissionDenied as denied:
            item.decided, item.reason = False, str(denied)
        except ValidationError as invalid:
            item.decided, item.reason = False, "；".join(invalid.messages)
        else:
            item.decided = True
            item.to_status = done.status
            item.approved_amount = done.approved_amount
        item.full_clean(validate_constraints=False)
        item.save()
    return BatchResult(batch=batch, created=True)
