"""The 成果報告書 of an approved community: each session as held (date, times, who attended,
notes, evidence), the public lesson, 成果與省思 and the actual spending per budget row.

A year report sums from these rows: sessions held (``ReportSession.held``), public lessons
(``held`` and ``is_public_lesson``), hours (``hours`` × attendees) and spending (``SessionFee``
and ``Spending`` amounts, the premium computed by ``outcomes.spending``).
"""

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.models import StoredFile


class Report(models.Model):
    application = models.OneToOneField(
        "communities.Application",
        on_delete=models.CASCADE,
        related_name="report",
        verbose_name=_("社群申請"),
    )
    reflections = models.TextField(_("成果與省思"), blank=True)
    # Raised by each 儲存: a save from a page loaded before another save is refused.
    version = models.PositiveIntegerField(_("版本"), default=0)
    created_at = models.DateTimeField(_("建立時間"), auto_now_add=True)
    updated_at = models.DateTimeField(_("最後修改時間"), auto_now=True)
    submitted_at = models.DateTimeField(_("送出時間"), null=True, blank=True)
    # 實支 of its spending sheet when it was sent (the report is read-only from then until it is
    # returned and sent again): the center's dashboard sums these instead of each sheet.
    spent_total = models.PositiveIntegerField(_("送出時實支合計"), null=True, blank=True)
    # 研習時數 when it was sent, for the same reason: each attendance's hours added up, and the
    # members who attended a session (the 研習時數 list's totals over every school).
    hours_total = models.DecimalField(
        _("送出時研習時數合計"), max_digits=9, decimal_places=1, null=True, blank=True
    )
    attendee_count = models.PositiveIntegerField(_("送出時出席成員數"), null=True, blank=True)

    class Meta:
        verbose_name = _("成果報告書")
        verbose_name_plural = _("成果報告書")

    def __str__(self):
        return str(self.application)


class ReportSession(models.Model):
    """One session as it was (or was not) held: a planned 進度規劃 row, or one added later."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sessions")
    planned = models.ForeignKey(
        "communities.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("規劃場次"),
    )
    number = models.PositiveSmallIntegerField(_("場次"))
    held = models.BooleanField(_("是否辦理"), null=True, blank=True)
    date = models.DateField(_("實際日期"), null=True, blank=True)
    start_time = models.TimeField(_("開始時間"), null=True, blank=True)
    end_time = models.TimeField(_("結束時間"), null=True, blank=True)
    content = models.CharField(_("實施內容"), max_length=200, blank=True)
    notes = models.TextField(_("紀要"), blank=True)
    is_public_lesson = models.BooleanField(_("公開授課"), default=False)
    lesson_teacher = models.CharField(_("授課教師"), max_length=50, blank=True)
    lesson_theme = models.CharField(_("授課主題"), max_length=200, blank=True)
    lesson_relation = models.TextField(_("與社群主題之關聯"), blank=True)
    attendees = models.ManyToManyField(
        "communities.Member",
        blank=True,
        related_name="attended_sessions",
        verbose_name=_("出席成員"),
    )

    class Meta:
        ordering = ["report", "number", "id"]
        verbose_name = _("成果報告場次")
        verbose_name_plural = _("成果報告場次")

    def __str__(self):
        return f"{self.number}"

    @property
    def is_planned(self) -> bool:
        return self.planned_id is not None

    @property
    def hours(self) -> Decimal:
        """The session's length in hours (one decimal place); 0 without both times."""
        if self.start_time is None or self.end_time is None or self.end_time <= self.start_time:
            return Decimal(0)
        day = datetime(2000, 1, 1)
        minutes = (
            datetime.combine(day, self.end_time) - datetime.combine(day, self.start_time)
        ).seconds // 60
        return (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class SessionFee(models.Model):
    """A fee paid at one session on a row whose amounts carry the NHI premium (講座鐘點費,
    諮詢費): the premium is computed with the rate in force on the session's date."""

    session = models.ForeignKey(ReportSession, on_delete=models.CASCADE, related_name="fees")
    item = models.ForeignKey(
        "programs.BudgetItem", on_delete=models.PROTECT, verbose_name=_("經費項目")
    )
    amount = models.PositiveIntegerField(_("實支金額"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "item"], name="session_fee_once_per_item"),
        ]
        verbose_name = _("場次實支鐘點費")
        verbose_name_plural = _("場次實支鐘點費")

    def __str__(self):
        return f"{self.item}: {self.amount}"


class Spending(models.Model):
    """The actual amount spent on a budget row not paid per session (交通費, 印刷費 …)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="spending")
    item = models.ForeignKey(
        "programs.BudgetItem", on_delete=models.PROTECT, verbose_name=_("經費項目")
    )
    amount = models.PositiveIntegerField(_("實支金額"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "item"], name="spending_once_per_item"),
        ]
        verbose_name = _("實支經費")
        verbose_name_plural = _("實支經費")

    def __str__(self):
        return f"{self.item}: {self.amount}"


class Evidence(StoredFile):
    """A photo or PDF showing that a session was held."""

    session = models.ForeignKey(ReportSession, on_delete=models.CASCADE, related_name="evidence")

    class Meta:
        # session_id: by the relation, the session's own order would join it (communities.Member).
        ordering = ["session_id", "uploaded_at", "id"]
        verbose_name = _("佐證資料")
        verbose_name_plural = _("佐證資料")

    def __str__(self):
        return self.original_name
