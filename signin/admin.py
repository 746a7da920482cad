"""The center's actions on accounts in the admin: 強制重設密碼 (and, below, 重設兩步驟驗證)."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from people.admin import UserAdmin as PeopleUserAdmin
from people.client_address import client_address
from people.models import User

from . import second_factor, services
from .models import ExternalIdentity


@admin.action(description=gettext_lazy("強制重設密碼（停用舊密碼並寄送重設連結）"))
def force_password_reset(modeladmin, request, queryset):
    mailed, without_mail = 0, []
    for user in queryset:
        if services.password_reset_force(
            user=user, by=request.user, address=client_address(request)
        ):
            mailed += 1
        else:
            without_mail.append(user.username)
    if mailed:
        modeladmin.message_user(
            request,
            _("已停用 %(count)d 個帳號的舊密碼並寄出重設連結，帳號的所有登入已登出。")
            % {"count": mailed},
            messages.SUCCESS,
        )
    if without_mail:
        modeladmin.message_user(
            request,
            _("這些帳號沒有電子郵件，舊密碼已停用，請在帳號頁面為其設定新密碼：%(names)s")
            % {"names": "、".join(without_mail)},
            messages.WARNING,
        )


@admin.action(description=gettext_lazy("重設兩步驟驗證（手機遺失時，下次登入重新設定）"))
def reset_second_factor(modeladmin, request, queryset):
    others = [user for user in queryset if user.pk != request.user.pk]
    for user in others:
        second_factor.second_factor_reset(
            user=user, by=request.user, address=client_address(request)
        )
    if others:
        modeladmin.message_user(
            request,
            _("已重設 %(count)d 個帳號的兩步驟驗證並登出其所有裝置，下次登入時重新設定。")
            % {"count": len(others)},
            messages.SUCCESS,
        )
    if len(others) < len(queryset):
        modeladmin.message_user(
            request,
            _("不能重設自己的兩步驟驗證，請由另一位中心承辦重設。"),
            messages.WARNING,
        )


class ExternalIdentityInline(admin.TabularInline):
    """The account's 教育雲端帳號連結; deleting one unlinks it."""

    model = ExternalIdentity
    extra = 0
    fields = ["provider", "sub", "matched_by", "linked_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class UserAdmin(PeopleUserAdmin):
    actions = [force_password_reset, reset_second_factor]

    def get_inlines(self, request, obj):
        # A new account has no links yet.
        inlines = super().get_inlines(request, obj)
        return [*inlines, ExternalIdentityInline] if obj is not None else inlines


admin.site.unregister(User)
admin.site.register(User, UserAdmin)


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    """教育雲端帳號連結: which provider's person signs in as which account. Deleting one unlinks
    it: that person's next sign-in is matched anew by e-mail or school code and title."""

    list_display = ["user", "provider", "sub", "matched_by", "linked_at", "last_used_at"]
    list_filter = ["provider", "matched_by"]
    list_select_related = ["user"]
    search_fields = ["sub", "user__username", "user__name", "user__email"]
    readonly_fields = ["provider", "sub", "user", "matched_by", "linked_at", "last_used_at"]

    def has_add_permission(self, request):
        return False
