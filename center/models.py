from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderSent(models.Model):
    """A reminder that went to one person for one deadline: nobody is reminded twice by the same
    rule for the same deadline (and the same community or school)."""

    rule = models.ForeignKey(
        "programs.ReminderRule",
        on_delete=models.CASCADE,
        related_name="sent",
        verbose_name=_("提醒"),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("收件人"),
    )
    deadline = models.DateField(_("期限"))
    about = models.CharField(_("對象"), max_length=40)  # "application:12", "school:3", …
    sent_at = models.DateTimeField(_("寄出時間"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "recipient", "deadline", "about"], name="remind_once"
            ),
        ]
        verbose_name = _("已寄出的提醒")
        verbose_name_plural = _("已寄出的提醒")

    def __str__(self):
        return f"{self.rule} → {self.recipient}"


class CenterMessage(models.Model):
    """An e-mail the center wrote to a filtered set of convenors or schools."""

    class Audience(models.TextChoices):
        CONVENORS = "convenors", _("召集人")
        SCHOOLS = "schools", _("學校承辦人")

    subject = models.CharField(_("主旨"), max_length=200)
    body = models.TextField(_("內容"))
    audience = models.CharField(_("收件對象"), max_length=20, choices=Audience.choices)
    criteria = models.CharField(_("篩選條件"), max_length=1000, blank=True)
    recipient_count = models.PositiveIntegerField(_("收件人數"))
    # The compose page's token: a second 寄出 of the same message (a double click) sends nothing.
    token = models.CharField(max_length=40, unique=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("寄件人"),
    )
    sent_at = models.DateTimeField(_("寄出時間"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("中心通知信")
        verbose_name_plural = _("中心通知信")

    def __str__(self):
        return self.subject


class BoardSnapshot(models.Model):
    """The dashboard's figures of a year as last counted, written out in a language
    (center.board): every worker and machine serves the same ones until they are counted
    again. Derived from the year's rows; nothing else reads it."""

    program = models.ForeignKey(
        "programs.ProgramYear", on_delete=models.CASCADE, related_name="+", verbose_name=_("學年度")
    )
    language = models.CharField(max_length=10)
    taken_at = models.DateTimeField(_("統計時間"))
    counts = models.TextField()
    spending = models.TextField()
    people = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "language"], name="one_board_per_year_and_language"
            ),
        ]
        verbose_name = _("儀表板統計")
        verbose_name_plural = _("儀表板統計")

    def __str__(self):
        return f"{self.program_id} {self.language} {self.taken_at:%Y-%m-%d %H:%M:%S}"
