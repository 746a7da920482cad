from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    """An in-site message (訊息通知) to one person."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("收件人"),
    )
    event = models.CharField(_("事件"), max_length=40)
    title = models.CharField(_("主旨"), max_length=200)
    body = models.TextField(_("內容"), blank=True)
    url = models.CharField(_("連結"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("時間"), auto_now_add=True)
    read_at = models.DateTimeField(_("已讀時間"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        verbose_name = _("訊息通知")
        verbose_name_plural = _("訊息通知")

    def __str__(self):
        return self.title
