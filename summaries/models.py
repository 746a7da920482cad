from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.models import SignedPdf


class SchoolPackage(SignedPdf):
    """A school's 彙整 for one program year: its signed summary PDF and when it went to the center.

    One row per school and year. The signed file is replaced by a new upload; ``submitted_at`` is
    the last time the school sent its accepted applications to the center (送中心).
    """

    school = models.ForeignKey(
        "people.School",
        on_delete=models.PROTECT,
        related_name="summary_packages",
        verbose_name=_("學校"),
    )
    program = models.ForeignKey(
        "programs.ProgramYear",
        on_delete=models.PROTECT,
        related_name="summary_packages",
        verbose_name=_("學年度"),
    )
    # When no document code can be read (a scan without text), the admin confirms that the file
    # is the summary as it stands; the digest of the summary then is kept, so a later change
    # still refuses 送中心. Cleared by every new upload.
    version_confirmed_at = models.DateTimeField(_("確認為目前版本時間"), null=True, blank=True)
    version_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("確認者"),
    )
    confirmed_digest = models.CharField(_("確認時內容雜湊"), max_length=64, blank=True)
    submitted_at = models.DateTimeField(_("送中心時間"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("送出者"),
    )

    class Meta:
        ordering = ["-program__academic_year", "school"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "program"], name="one_summary_package_per_school_year"
            ),
        ]
        verbose_name = _("學校彙整總表")
        verbose_name_plural = _("學校彙整總表")

    def __str__(self):
        return f"{self.program} {self.school}"

    @property
    def uploaded_since_submission(self) -> bool:
        """A file uploaded after the last 送中心 (or never sent): fit to go with a new sending."""
        return self.submitted_at is None or self.uploaded_at > self.submitted_at
