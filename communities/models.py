from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.models import SignedPdf

from . import workflow

# What lists and prints show for a draft whose 社群名稱 is not filled in yet.
UNNAMED = _("(未命名社群)")


class Application(models.Model):
    """One community's application for one program year: the 社群申請書 and its 經費概算表."""

    program = models.ForeignKey(
        "programs.ProgramYear",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("學年度"),
    )
    convenor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="convened_applications",
        verbose_name=_("召集人"),
    )
    school = models.ForeignKey(
        "people.School",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("學校"),
    )
    status = models.CharField(
        _("狀態"),
        max_length=20,
        choices=workflow.STATUS_CHOICES,
        default=workflow.DRAFT,
        db_index=True,
    )

    name = models.CharField(_("社群名稱"), max_length=100, blank=True)
    community_type = models.ForeignKey(
        "programs.CommunityType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("社群類型"),
    )
    is_cross_school = models.BooleanField(_("跨校"), null=True, blank=True)
    partner_schools = models.ManyToManyField(
        "people.School", blank=True, related_name="partner_applications", verbose_name=_("合作學校")
    )
    continuation_year = models.PositiveSmallIntegerField(
        _("續辦第幾年"), null=True, blank=True, help_text=_("空白表示非續辦")
    )
    is_continuation = models.BooleanField(_("續辦"), null=True, blank=True)
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continuations",
        verbose_name=_("前一年度社群"),
    )
    domain = models.ForeignKey(
        "programs.Domain",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("學年/學科/領域"),
    )
    stage = models.ForeignKey(
        "programs.Stage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("學習階段"),
    )
    requests_budget = models.BooleanField(_("是否申請經費"), null=True, blank=True)
    invites_experts = models.BooleanField(_("是否邀請專家諮詢"), null=True, blank=True)
    content_items = models.ManyToManyField(
        "programs.ContentItem", blank=True, verbose_name=_("補助社群實施之內容")
    )
    content_other_text = models.CharField(_("實施內容(其他)說明"), max_length=200, blank=True)

    convenor_position = models.CharField(_("職任"), max_length=50, blank=True)
    convenor_subject = models.CharField(_("教授科目"), max_length=50, blank=True)
    convenor_trained = models.BooleanField(_("是否曾參與召集人培訓"), null=True, blank=True)
    convenor_email = models.EmailField(_("e-mail"), blank=True)
    convenor_phone = models.CharField(_("聯絡電話"), max_length=30, blank=True)

    options = models.ManyToManyField(
        "programs.Option", blank=True, verbose_name=_("核心素養、運作目標、進行方式")
    )
    goal_other_text = models.CharField(_("運作目標(其他)說明"), max_length=200, blank=True)
    method_other_text = models.CharField(_("進行方式(其他)說明"), max_length=200, blank=True)

    school_comment = models.TextField(_("學校意見"), blank=True)
    # The center's words with its latest review decision (初審退回修正: what to correct).
    review_comment = models.TextField(_("審查結果說明"), blank=True)
    approved_amount = models.PositiveIntegerField(_("核定金額"), null=True, blank=True)
    # 申請經費: the stored 經費概算表 rows' 總價 added up, kept by budget_save (the center's lists
    # sort and sum it without reading every application's rows).
    requested_total = models.PositiveIntegerField(_("申請經費"), default=0)
    created_at = models.DateTimeField(_("建立時間"), auto_now_add=True)
    updated_at = models.DateTimeField(_("最後修改時間"), auto_now=True)
    # Raised by each 儲存 of the 社群申請書 / 經費概算表: a save from a page loaded before another
    # save (another tab, another device) is refused instead of overwriting it.
    plan_version = models.PositiveIntegerField(_("申請書版本"), default=0)
    budget_version = models.PositiveIntegerField(_("經費概算表版本"), default=0)
    submitted_at = models.DateTimeField(_("送出時間"), null=True, blank=True)

    class Meta:
        ordering = ["-program__academic_year", "school", "id"]
        indexes = [
            # The school's summaries, the center's lists and dashboard read by year and school,
            # and by year and status. The ids in the second let what joins a year's applications
            # in some states (研習時數's totals over the year's reports) read the index alone,
            # not their rows.
            models.Index(fields=["program", "school"], name="application_program_school"),
            models.Index(fields=["program", "status", "id"], name="application_program_status_ids"),
        ]
        constraints = [
            # SPEC §1: each person may convene one community per academic year.
            models.UniqueConstraint(
                fields=["program", "convenor"], name="one_application_per_convenor_per_year"
            ),
        ]
        verbose_name = _("社群申請")
        verbose_name_plural = _("社群申請")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """The 社群名稱, or a placeholder while a new draft has none (always a str)."""
        return self.name or str(UNNAMED)

    @property
    def status_label(self) -> str:
        return workflow.WORKFLOW[self.status].label

    @property
    def is_editable_by_convenor(self) -> bool:
        return self.status in workflow.editable_by(workflow.CONVENOR)

    def ceiling(self) -> int | None:
        if not self.community_type_id:
            return None
        return self.community_type.ceiling(cross_school=bool(self.is_cross_school))


class Member(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="members")
    order = models.PositiveSmallIntegerField(_("序"), default=0)
    name = models.CharField(_("姓名"), max_length=50)
    school = models.ForeignKey("people.School", on_delete=models.PROTECT, verbose_name=_("學校"))
    position = models.CharField(_("職任"), max_length=50, blank=True)
    subject = models.CharField(_("教授科目"), max_length=50, blank=True)

    class Meta:
        # application_id, not application: by the relation, every query of the rows would join
        # the application, its year and its school to order by the application's own order.
        ordering = ["application_id", "order", "id"]
        verbose_name = _("社群成員")
        verbose_name_plural = _("社群成員")

    def __str__(self):
        return self.name


class Session(models.Model):
    """A row of 進度規劃."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("場次"))
    date = models.DateField(_("日期"), null=True, blank=True)
    start_time = models.TimeField(_("開始時間"), null=True, blank=True)
    end_time = models.TimeField(_("結束時間"), null=True, blank=True)
    content = models.CharField(_("實施內容"), max_length=200, blank=True)
    method = models.CharField(_("實施方式"), max_length=100, blank=True)
    host = models.CharField(_("主持人/講座/專家學者"), max_length=100, blank=True)
    location = models.CharField(_("地點/備註"), max_length=100, blank=True)
    is_public_lesson = models.BooleanField(_("公開授課"), default=False)

    class Meta:
        ordering = ["application_id", "number", "id"]
        verbose_name = _("進度規劃")
        verbose_name_plural = _("進度規劃")

    def __str__(self):
        return f"{self.number}"


class BudgetLine(models.Model):
    """A row of the 經費概算表: 數量 × 單價 = 總價 (總價 is recomputed on the server)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines"
    )
    item = models.ForeignKey(
        "programs.BudgetItem", on_delete=models.PROTECT, verbose_name=_("經費項目")
    )
    quantity = models.DecimalField(_("數量"), max_digits=8, decimal_places=1, default=0)
    unit_price = models.PositiveIntegerField(_("單價"), default=0)
    total = models.PositiveIntegerField(_("總價"), default=0)

    class Meta:
        ordering = ["application_id", "item__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "item"], name="budget_line_once_per_item"
            ),
        ]
        verbose_name = _("經費概算")
        verbose_name_plural = _("經費概算")

    def __str__(self):
        return f"{self.item}: {self.total}"


class SignedDocument(SignedPdf):
    """The uploaded 核章完成文件 of one form; a new upload replaces the old one."""

    class Form(models.TextChoices):
        PLAN = "plan", _("教師專業學習社群申請表")
        BUDGET = "budget", _("教師專業學習社群經費概算表")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    form = models.CharField(_("表單"), max_length=10, choices=Form.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "form"], name="one_document_per_form"),
        ]
        verbose_name = _("核章完成文件")
        verbose_name_plural = _("核章完成文件")

    def __str__(self):
        return f"{self.get_form_display()}: {self.original_name}"


class Transition(models.Model):
    """One change of an application's status: who, when, from, to, why."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="transitions"
    )
    action = models.CharField(_("動作"), max_length=30)
    from_status = models.CharField(_("原狀態"), max_length=20, choices=workflow.STATUS_CHOICES)
    to_status = models.CharField(_("新狀態"), max_length=20, choices=workflow.STATUS_CHOICES)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("執行者"),
    )
    comment = models.TextField(_("意見"), blank=True)
    at = models.DateTimeField(_("時間"), auto_now_add=True)

    class Meta:
        ordering = ["application_id", "at", "id"]
        verbose_name = _("流程紀錄")
        verbose_name_plural = _("流程紀錄")

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"

    @property
    def action_label(self) -> str:
        """The button's words for the action taken (送出, 退回修正 …)."""
        state = workflow.WORKFLOW.get(self.from_status)
        step = state.actions.get(self.action) if state else None
        return str(step.label) if step else self.action
