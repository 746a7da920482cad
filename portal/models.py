from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.checks import ATTACHMENT_KINDS

KIND_CHOICES = [(kind.key, kind.label) for kind in ATTACHMENT_KINDS.values()]


class PublicFile(models.Model):
    """A file the center offers on the public pages, checked by content
    (documents.checks.read_attachment) and stored under a name made from it; ``original_name``
    is what visitors download it as."""

    file = models.FileField(_("檔案"), upload_to="portal/%Y/", blank=True)
    original_name = models.CharField(_("原始檔名"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("大小(位元組)"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    kind = models.CharField(_("檔案類型"), max_length=10, choices=KIND_CHOICES, blank=True)

    class Meta:
        abstract = True

    @property
    def content_type(self) -> str:
        kind = ATTACHMENT_KINDS.get(self.kind)
        return kind.content_type if kind else "application/octet-stream"

    @property
    def download_name(self) -> str:
        return self.original_name or self.file.name.rsplit("/", 1)[-1]


class AnnouncementQuerySet(models.QuerySet):
    def public(self, now=None) -> "AnnouncementQuerySet":
        """What visitors see now: published, its publish-from reached, its until not yet, not
        withdrawn; pinned first, then the newest."""
        now = now or timezone.now()
        return self.filter(public_q(now)).order_by("-is_pinned", "-publish_from", "-id")


def public_q(now) -> Q:
    return Q(published_at__isnull=False, withdrawn_at__isnull=True, publish_from__lte=now) & (
        Q(publish_until__isnull=True) | Q(publish_until__gt=now)
    )


class Announcement(models.Model):
    """A notice on the 公告平台. Its state follows from its times: a draft until the center
    publishes it (published_at), scheduled until publish_from, public until publish_until, and
    gone for good once withdrawn (撤回)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SCHEDULED = "scheduled", _("排程中")
        PUBLIC = "public", _("公告中")
        EXPIRED = "expired", _("已下架")
        WITHDRAWN = "withdrawn", _("已撤回")

    class Audience(models.TextChoices):
        NONE = "none", _("不通知")
        SCHOOL_ADMINS = "school_admins", _("全部學校承辦人")
        CONVENORS = "convenors", _("本學年度申請社群的召集人")
        EVERYONE = "everyone", _("所有帳號")

    title = models.CharField(_("標題"), max_length=200)
    body = models.TextField(_("內容"), blank=True)
    is_pinned = models.BooleanField(_("置頂"), default=False)
    publish_from = models.DateTimeField(
        _("公告時間"), null=True, blank=True, help_text=_("空白表示按「公告」時立即公告")
    )
    publish_until = models.DateTimeField(
        _("下架時間"), null=True, blank=True, help_text=_("空白表示不下架")
    )
    audience = models.CharField(
        _("通知對象"), max_length=20, choices=Audience.choices, default=Audience.NONE
    )
    published_at = models.DateTimeField(_("按下公告的時間"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("公告者"),
    )
    notified_at = models.DateTimeField(_("通知時間"), null=True, blank=True)
    notified_count = models.PositiveIntegerField(_("通知人數"), default=0)
    withdrawn_at = models.DateTimeField(_("撤回時間"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("撤回者"),
    )
    withdraw_reason = models.CharField(_("撤回原因"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("撰寫者"),
    )
    created_at = models.DateTimeField(_("建立時間"), default=timezone.now)
    updated_at = models.DateTimeField(_("最後修改時間"), default=timezone.now)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        ordering = ["-is_pinned", "-publish_from", "-id"]
        indexes = [models.Index(fields=["publish_from", "publish_until"])]
        verbose_name = _("公告")
        verbose_name_plural = _("公告")

    def __str__(self):
        return self.title

    def clean(self):
        if (
            self.publish_from is not None
            and self.publish_until is not None
            and self.publish_until <= self.publish_from
        ):
            raise ValidationError({"publish_until": _("下架時間必須晚於公告時間。")})

    def state(self, now=None) -> str:
        now = now or timezone.now()
        if self.withdrawn_at is not None:
            return self.State.WITHDRAWN
        if self.published_at is None:
            return self.State.DRAFT
        if self.publish_from is None or self.publish_from > now:
            return self.State.SCHEDULED
        if self.publish_until is not None and self.publish_until <= now:
            return self.State.EXPIRED
        return self.State.PUBLIC

    @property
    def state_label(self) -> str:
        return self.State(self.state()).label

    @property
    def is_public(self) -> bool:
        return self.state() == self.State.PUBLIC


class AnnouncementAttachment(PublicFile):
    announcement = models.ForeignKey(
        Announcement,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("公告"),
    )
    order = models.PositiveSmallIntegerField(_("順序"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("上傳者"),
    )
    uploaded_at = models.DateTimeField(_("上傳時間"), default=timezone.now)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("公告附件")
        verbose_name_plural = _("公告附件")

    def __str__(self):
        return self.download_name


class HeldUpload(PublicFile):
    """A checked file kept while the form it came with is corrected: a wrong field elsewhere on
    the form must not make the center choose the file again. Adopted by the row the form saves,
    or deleted by ``held_uploads_purge`` after a day."""

    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    held_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("暫存上傳檔")
        verbose_name_plural = _("暫存上傳檔")

    def __str__(self):
        return self.download_name


class ShownQuerySet(models.QuerySet):
    def shown(self) -> "ShownQuerySet":
        return self.filter(is_shown=True).order_by("order", "id")


class Download(PublicFile):
    """A file offered on 檔案下載 (blank forms, regulations, manuals)."""

    title = models.CharField(_("名稱"), max_length=200)
    description = models.CharField(_("說明"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("順序"), default=0)
    is_shown = models.BooleanField(_("顯示"), default=True)
    published_at = models.DateTimeField(_("上架時間"), default=timezone.now)
    updated_at = models.DateTimeField(_("最後修改時間"), default=timezone.now)

    objects = ShownQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("下載檔案")
        verbose_name_plural = _("檔案下載")

    def __str__(self):
        return self.title


# Written in a tutorial's body, replaced when the page is shown by the current year's upload
# limit for signed PDFs (documents.checks.upload_limit_text), so the sentence follows the rule.
UPLOAD_LIMIT_PLACEHOLDER = "{上傳限制}"


class Tutorial(PublicFile):
    """A section of 操作教學: text, and optionally a file or a link."""

    title = models.CharField(_("標題"), max_length=200)
    body = models.TextField(
        _("內容"),
        blank=True,
        help_text=_("每行一段；寫 {上傳限制} 會顯示為本學年度核章文件的上傳限制。"),
    )
    link = models.URLField(_("連結"), max_length=500, blank=True)
    link_text = models.CharField(_("連結文字"), max_length=100, blank=True)
    order = models.PositiveIntegerField(_("順序"), default=0)
    is_shown = models.BooleanField(_("顯示"), default=True)
    created_at = models.DateTimeField(_("建立時間"), default=timezone.now)
    updated_at = models.DateTimeField(_("最後修改時間"), default=timezone.now)

    objects = ShownQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("操作教學")
        verbose_name_plural = _("操作教學")

    def __str__(self):
        return self.title
