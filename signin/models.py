from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SignInEvent(models.Model):
    """One row of the sign-in audit: who signed in, failed, changed a password, a second factor
    or a role, when and from where. Written by signin.services, never edited."""

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", _("登入")
        SIGN_IN_FAILED = "sign_in_failed", _("登入失敗")
        SIGNED_OUT = "signed_out", _("登出")
        SIGNED_OUT_EVERYWHERE = "signed_out_everywhere", _("登出所有裝置")
        PASSWORD_CHANGED = "password_changed", _("變更密碼")
        PASSWORD_RESET_REQUESTED = "password_reset_requested", _("申請重設密碼")
        PASSWORD_RESET = "password_reset", _("重設密碼")
        PASSWORD_RESET_FORCED = "password_reset_forced", _("中心要求重設密碼")
        SECOND_FACTOR_ADDED = "second_factor_added", _("設定兩步驟驗證")
        SECOND_FACTOR_REMOVED = "second_factor_removed", _("移除兩步驟驗證")
        SECOND_FACTOR_FAILED = "second_factor_failed", _("兩步驟驗證失敗")
        RECOVERY_CODES_MADE = "recovery_codes_made", _("產生備用碼")
        ROLE_CHANGED = "role_changed", _("角色變更")

    kind = models.CharField(_("事件"), max_length=40, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sign_in_events",
        verbose_name=_("帳號"),
    )
    # What was typed, for a failed sign-in with no such account.
    username = models.CharField(_("輸入的帳號"), max_length=150, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作者"),
    )
    address = models.GenericIPAddressField(_("來源位址"), null=True, blank=True)
    detail = models.CharField(_("說明"), max_length=300, blank=True)
    at = models.DateTimeField(_("時間"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["kind", "at"], name="signin_event_kind_at")]
        verbose_name = _("登入紀錄")
        verbose_name_plural = _("登入紀錄")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.username}"


class UserSession(models.Model):
    """A session an account signed in with, so 登出所有裝置 can end every one of them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signin_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("登入工作階段")
        verbose_name_plural = _("登入工作階段")

    def __str__(self):
        return f"{self.user_id} {self.session_key[:8]}…"


class ExternalIdentity(models.Model):
    """An account's person at an OpenID Connect provider (以教育雲端帳號登入): once linked, a
    sign-in of that provider's `sub` is this account. Linked on the first sign-in by the rule
    of signin.identities; the center unlinks one by deleting it in the admin."""

    class MatchedBy(models.TextChoices):
        EMAIL = "email", _("電子郵件")
        SCHOOL_TITLE = "school_title", _("學校代碼與職稱")

    provider = models.CharField(_("登入服務"), max_length=40)
    sub = models.CharField(_("登入服務的使用者識別碼"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="external_identities",
        verbose_name=_("帳號"),
    )
    matched_by = models.CharField(_("首次對應方式"), max_length=20, choices=MatchedBy.choices)
    linked_at = models.DateTimeField(_("連結時間"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近登入"), null=True, blank=True)

    class Meta:
        ordering = ["provider", "user"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "sub"], name="identity_once_per_sub"),
            # One person of a provider per account: a second one is never linked to it.
            models.UniqueConstraint(fields=["provider", "user"], name="identity_once_per_user"),
        ]
        verbose_name = _("教育雲端帳號連結")
        verbose_name_plural = _("教育雲端帳號連結")

    def __str__(self):
        return f"{self.provider} {self.sub} → {self.user_id}"
