from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from communities import workflow

STAGE_CHOICES = list(workflow.REVIEW_STAGES.items())


class ReviewAssignment(models.Model):
    """A reviewer assigned to an application for one review stage (指定審查)."""

    application = models.ForeignKey(
        "communities.Application", on_delete=models.CASCADE, related_name="review_assignments"
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
        verbose_name = _("指定審查")
        verbose_name_plural = _("指定審查")

    def __str__(self):
        return f"{self.reviewer} ← {self.application}"


class Review(models.Model):
    """One reviewer's review of one application at one stage: opinion, recommended amount and
    recommended result. A draft until submitted; the center records the stage's result."""

    assignment = models.OneToOneField(
        ReviewAssignment, on_delete=models.CASCADE, related_name="review"
    )
    recommendation = models.CharField(_("審查建議"), max_length=30, blank=True)
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
    def recommendation_label(self) -> str:
        return workflow.action_label(self.recommendation) if self.recommendation else ""
