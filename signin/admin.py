"""The center's actions on accounts in the admin: 強制重設密碼 (and, below, 重設兩步驟驗證)."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from people.admin import UserAdmin as PeopleUserAdmin
from people.client_address import client_address
from people.models import User

from . import services


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


class UserAdmin(PeopleUserAdmin):
    actions = [force_password_reset]


admin.site.unregister(User)
admin.site.register(User, UserAdmin)
