from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Announcement(models.Model):
    """A notice on the 公告平台, shown on the home page once published."""

    title = models.CharField(_("標題"), max_length=200)
    body = models.TextField(_("內容"), blank=True)
    attachment = models.FileField(_("附件"), upload_to="announcements/%Y/", blank=True)
    published_at = models.DateTimeField(
        _("公告時間"), null=True, blank=True, help_text=_("空白表示尚未公告")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("公告者"),
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("公告")
        verbose_name_plural = _("公告")

    def __str__(self):
        return self.title


class Download(models.Model):
    """A file offered on 檔案下載 (forms, regulations, manuals)."""

    title = models.CharField(_("名稱"), max_length=200)
    description = models.CharField(_("說明"), max_length=300, blank=True)
    file = models.FileField(_("檔案"), upload_to="downloads/")
    published_at = models.DateTimeField(_("上架時間"), auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("下載檔案")
        verbose_name_plural = _("檔案下載")

    def __str__(self):
        return self.title
