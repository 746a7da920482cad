from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities import workflow

STAGE_CHOICES = list(workflow.REVIEW_STAGES.items())
# A weighted total is shown out of this many points, whatever the criteria's weights add up to.
TOTAL_POINTS = 100


class ReviewAssignment(models.Model):
    """A reviewer assigned to an application for one review stage (指定審查)."""

    application = models.ForeignKey(
        "communities.Application", on_delete=models.CASCADE, related_name="review_assignments"
    )
    # The application's year, kept on the assignment (an application never changes year): the
    # center's reviewer loads count a year's assignments by index, without reading every
    # application of the year.
    program = models.ForeignKey(
        "programs.ProgramYear", on_delete=models.PROTECT, related_name="+", editable=False
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_assignments",
        verbose_name=_("審查委員"),
    )
    stage = models.CharField(
        _("審查階段"), max_length=10, choices=STAGE_CHOICES, default=workflow.FIRST_REVIEW
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("指定者"),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer", "stage"], name="assign_once_per_stage"
            ),
        ]
        indexes = [
            models.Index(fields=["program", "reviewer"], name="assignment_program_reviewer"),
        ]
        verbose_name = _("指定審查")
        verbose_name_plural = _("指定審查")

    def __str__(self):
        return f"{self.reviewer} ← {self.application}"

    def save(self, *args, **kwargs):
        if self.program_id is None and self.application_id is not None:
            self.program_id = self.application.program_id
        super().save(*args, **kwargs)

    REVIEW_STATES = {"none": _("未填"), "draft": _("草稿"), "submitted": _("已送出")}

    @property
    def own_review(self) -> "Review | None":
        return getattr(self, "review", None)

    @property
    def review_state(self) -> str:
        """The reviewer's own review of this stage: none yet, a draft, or submitted."""
        review = self.own_review
        if review is None:
            return "none"
        return "submitted" if review.is_submitted else "draft"

    @property
    def review_state_label(self) -> str:
        return str(self.REVIEW_STATES[self.review_state])

    @property
    def is_done(self) -> bool:
        return self.review_state == "submitted"

    @property
    def is_open(self) -> bool:
        """The application is now in this assignment's stage of review."""
        return workflow.WORKFLOW[self.application.status].review_stage == self.stage


class ConflictDeclaration(models.Model):
    """利益迴避聲明: what a reviewer declared about one application before opening it the first
    time. No conflict opens the application to them, for every stage; a conflict releases their
    assignments on it (the center is told and may not assign them to it again). The row stays
    whatever becomes of the assignments: who declared, when, against which statement, and why."""

    application = models.ForeignKey(
        "communities.Application",
        on_delete=models.CASCADE,
        related_name="conflict_declarations",
        verbose_name=_("申請案"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="conflict_declarations",
        verbose_name=_("審查委員"),
    )
    stage = models.CharField(_("聲明時的審查階段"), max_length=10, choices=STAGE_CHOICES)
    has_conflict = models.BooleanField(_("有利益衝突"))
    reason = models.TextField(_("利益衝突說明"), blank=True)
    statement = models.TextField(_("聲明文字"), blank=True)
    declared_at = models.DateTimeField(_("聲明時間"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="declare_once_per_application"
            ),
        ]
        verbose_name = _("利益迴避聲明")
        verbose_name_plural = _("利益迴避聲明")

    def __str__(self):
        return f"{self.reviewer} · {self.application}: {self.get_has_conflict_display()}"

    def get_has_conflict_display(self) -> str:
        return str(_("有利益衝突，迴避審查") if self.has_conflict else _("無利益衝突"))

    def clean(self):
        if self.has_conflict and not self.reason.strip():
            raise ValidationError({"reason": _("請說明利益衝突的情形。")})


class Review(models.Model):
    """One reviewer's review of one application at one stage: a score per criterion of the
    year's 審查表, opinion, recommended amount and recommended result. A draft until submitted,
    then locked; the center records the stage's result."""

    assignment = models.OneToOneField(
        ReviewAssignment, on_delete=models.CASCADE, related_name="review"
    )
    recommendation = models.ForeignKey(
        "programs.RecommendationOption",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("審查建議"),
    )
    # The words the reviewer chose, kept as they read them when the option is renamed later.
    recommendation_label = models.CharField(_("審查建議"), max_length=30, blank=True)
    opinion = models.TextField(_("審查意見"), blank=True)
    recommended_amount = models.PositiveIntegerField(_("建議核定金額"), null=True, blank=True)
    updated_at = models.DateTimeField(_("最後儲存時間"), auto_now=True)
    submitted_at = models.DateTimeField(_("送出時間"), null=True, blank=True)

    class Meta:
        verbose_name = _("審查意見")
        verbose_name_plural = _("審查意見")

    def __str__(self):
        return f"{self.assignment}: {self.recommendation_label}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def state_label(self) -> str:
        return str(_("已送出") if self.is_submitted else _("草稿"))

    @property
    def score_by_criterion(self) -> dict[int, int]:
        return {row.criterion_id: row.score for row in self.scores.all()}

    @property
    def total(self) -> Decimal | None:
        """The weighted total out of TOTAL_POINTS, from the scores' own weights and maxima."""
        return weighted_total(list(self.scores.all()))


def weighted_total(scores) -> Decimal | None:
    """Σ(score ÷ 滿分 × 權重) ÷ Σ權重 × 100, to one decimal; None without scores."""
    weights = sum(row.weight for row in scores)
    if not scores or not weights:
        return None
    points = sum(Decimal(row.score) / row.max_score * row.weight for row in scores)
    return (points / weights * TOTAL_POINTS).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class ReviewScore(models.Model):
    """One criterion's score in a review. The criterion's weight and maximum are copied when the
    score is given, so a submitted review keeps its total when the center edits the 審查表."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        "programs.ReviewCriterion",
        on_delete=models.PROTECT,
        related_name="scores",
        verbose_name=_("審查項目"),
    )
    score = models.PositiveSmallIntegerField(_("分數"))
    weight = models.PositiveSmallIntegerField(_("權重(%)"))
    max_score = models.PositiveSmallIntegerField(_("滿分"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="score_once_per_criterion"
            ),
        ]
        ordering = ["review", "criterion__order", "criterion_id"]
        verbose_name = _("審查分數")
        verbose_name_plural = _("審查分數")

    def __str__(self):
        return f"{self.criterion}: {self.score}/{self.max_score}"

    def clean(self):
        if self.score is not None and self.max_score is not None and self.score > self.max_score:
            raise ValidationError(
                {"score": _("分數不可超過滿分 %(max)s。") % {"max": self.max_score}}
            )


class DecisionBatch(models.Model):
    """One confirmed 批次決定: the same stage result recorded for several applications at once.
    Its key comes from the confirmation page, so the same confirmation posted twice records the
    results once."""

    key = models.UUIDField(unique=True)
    action = models.CharField(_("審查結果"), max_length=30)
    comment = models.TextField(_("審查結果說明"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("決定者"),
    )
    created_at = models.DateTimeField(_("記錄時間"), auto_now_add=True)

    class Meta:
        verbose_name = _("批次審查結果")
        verbose_name_plural = _("批次審查結果")

    def __str__(self):
        return f"{self.action_label} × {self.items.count()}"

    @property
    def action_label(self) -> str:
        return workflow.action_label(self.action)


class DecisionBatchItem(models.Model):
    """What a batch did to one application: recorded, or left as it was and why."""

    batch = models.ForeignKey(DecisionBatch, on_delete=models.CASCADE, related_name="items")
    application = models.ForeignKey(
        "communities.Application", on_delete=models.CASCADE, related_name="+"
    )
    decided = models.BooleanField(_("已記錄"))
    from_status = models.CharField(_("原狀態"), max_length=30, choices=workflow.STATUS_CHOICES)
    to_status = models.CharField(
        _("新狀態"), max_length=30, choices=workflow.STATUS_CHOICES, blank=True
    )
    approved_amount = models.PositiveIntegerField(_("核定金額"), null=True, blank=True)
    reason = models.TextField(_("未記錄原因"), blank=True)

    class Meta:
        ordering = ["batch", "id"]

    def __str__(self):
        return f"{self.application_id}: {self.from_status} → {self.to_status or '—'}"
