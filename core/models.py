from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AutosavedForm(models.Model):
    """What a person had typed into a form, kept by the page's autosave until they 儲存 it.

    One row per person and form (``key``, e.g. "application:12:plan"): the typed fields as they
    would be posted, and the version of the stored record the page was loaded from, so that a
    page reopened after someone else's save knows its text was written on an older version."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("帳號")
    )
    key = models.CharField(_("表單"), max_length=60)
    base_version = models.PositiveIntegerField(_("依據版本"))
    page = models.CharField(_("頁面"), max_length=40, blank=True)  # which open page typed it
    data = models.JSONField(_("填寫內容"))  # [[name, value], …] in the order posted
    saved_at = models.DateTimeField(_("自動儲存時間"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_autosave_per_form"),
        ]
        verbose_name = _("自動儲存內容")
        verbose_name_plural = _("自動儲存內容")

    def __str__(self):
        return f"{self.user} {self.key}"
