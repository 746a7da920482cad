from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignedPdf(models.Model):
    """An uploaded signed (核章) PDF: what every kind shares (an application's form, a school's
    summary). Its content is checked by documents.checks and it is written only by
    documents.services.signed_pdf_store, which names the stored file by its content."""

    # The store service gives the full name; upload_to is only Django's fallback.
    file = models.FileField(_("檔案"), upload_to="signed/%Y/")
    original_name = models.CharField(_("原始檔名"), max_length=255)
    size = models.PositiveIntegerField(_("大小(位元組)"))
    sha256 = models.CharField(max_length=64)
    page_count = models.PositiveSmallIntegerField(_("頁數"), default=0)
    # The document code printed on the form (documents.codes), read from the file's text: which
    # printed version was signed. "" when none could be read (e.g. a scan without text).
    print_code = models.CharField(_("列印文件編號"), max_length=40, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上傳者"),
    )
    # Set by the store service at each upload; the default serves rows made otherwise.
    uploaded_at = models.DateTimeField(_("上傳時間"), default=timezone.now)

    class Meta:
        abstract = True


class StoredFile(models.Model):
    """An uploaded file checked by content (documents.checks.read_evidence …) and stored by
    documents.services.evidence_store under a name made from it; what every kind shares."""

    file = models.FileField(_("檔案"), upload_to="files/%Y/")
    original_name = models.CharField(_("原始檔名"), max_length=255)
    size = models.PositiveIntegerField(_("大小(位元組)"))
    sha256 = models.CharField(max_length=64)
    kind = models.CharField(_("類型"), max_length=10)  # documents.checks.ATTACHMENT_KINDS key
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上傳者"),
    )
    uploaded_at = models.DateTimeField(_("上傳時間"), default=timezone.now)

    class Meta:
        abstract = True

    @property
    def content_type(self) -> str:
        from .checks import ATTACHMENT_KINDS

        kind = ATTACHMENT_KINDS.get(self.kind)
        return kind.content_type if kind else "application/octet-stream"

    @property
    def is_image(self) -> bool:
        return self.kind in ("jpeg", "png")


class GeneratedFile(models.Model):
    """A file the platform makes in the background for a year (成果彙編 PDF, 年度報告 .xlsx …):
    asked for on a page, made by a worker (documents.generated), then downloaded from the page.
    ``kind`` is a key of documents.generated's registry."""

    class State(models.TextChoices):
        QUEUED = "queued", _("排隊中")
        RUNNING = "running", _("產製中")
        DONE = "done", _("完成")
        FAILED = "failed", _("失敗")

    kind = models.CharField(_("種類"), max_length=40)
    program = models.ForeignKey(
        "programs.ProgramYear", on_delete=models.CASCADE, related_name="+", verbose_name=_("學年度")
    )
    # What the kind makes it of (a list's filter as its GET parameters; {}: the whole year), and
    # those conditions in words, as the page lists the file.
    params = models.JSONField(_("條件"), default=dict, blank=True)
    description = models.CharField(_("條件說明"), max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("申請人"),
    )
    requested_at = models.DateTimeField(_("申請時間"), default=timezone.now)
    state = models.CharField(_("狀態"), max_length=10, choices=State, default=State.QUEUED)
    started_at = models.DateTimeField(_("開始時間"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成時間"), null=True, blank=True)
    file = models.FileField(_("檔案"), upload_to="generated/%Y/", blank=True)
    filename = models.CharField(_("檔名"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("大小(位元組)"), default=0)
    content_type = models.CharField(max_length=100, blank=True)
    error = models.TextField(_("失敗原因"), blank=True)

    class Meta:
        verbose_name = _("背景產製檔案")
        verbose_name_plural = _("背景產製檔案")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["state", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.program_id} #{self.pk}"

    @property
    def pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)
