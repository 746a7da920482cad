from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PrintRecord(models.Model):
    """One print (PDF or print-friendly page) of a form, with the document code it carried.

    An uploaded signed PDF whose text holds a code is matched to these rows: which version was
    signed, and whether the application changed since."""

    class Form(models.TextChoices):
        PLAN = "plan", _("教師專業學習社群申請表")
        BUDGET = "budget", _("教師專業學習社群經費概算表")
        SCHOOL_APPLICATIONS = "school_applications", _("教師專業學習社群申請總表")
        SCHOOL_BUDGET = "school_budget", _("教師專業學習社群經費總表")
        REPORT = "report", _("教師專業學習社群成果報告書")

    application = models.ForeignKey(
        "communities.Application",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="print_records",
        verbose_name=_("社群申請"),
    )
    school = models.ForeignKey(
        "people.School",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="print_records",
        verbose_name=_("學校(總表)"),
    )
    program = models.ForeignKey(
        "programs.ProgramYear", on_delete=models.PROTECT, related_name="+", verbose_name=_("學年度")
    )
    form = models.CharField(_("表單"), max_length=20, choices=Form.choices)
    code = models.CharField(_("文件編號"), max_length=40, db_index=True)
    content_hash = models.CharField(_("內容雜湊"), max_length=64)
    printed_at = models.DateTimeField(_("列印時間"), auto_now_add=True)
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("列印者"),
    )

    class Meta:
        ordering = ["-printed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(application__isnull=False) & Q(school__isnull=True))
                | (Q(application__isnull=True) & Q(school__isnull=False)),
                name="print_record_of_application_or_school",
            ),
        ]
        verbose_name = _("列印紀錄")
        verbose_name_plural = _("列印紀錄")

    def __str__(self):
        return f"{self.get_form_display()} {self.code}"
