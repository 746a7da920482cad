"""The kinds of in-site messages, as the inbox filters them: by the event's first word."""

from django.utils.translation import gettext_lazy as _

KINDS = {
    "application": _("申請狀態"),
    "package": _("學校彙整"),
    "review": _("審查"),
    "reminder": _("期限提醒"),
    "announcement": _("公告"),
    "center": _("中心通知"),
}
OTHER = _("其他")


def kind_of(event: str) -> str:
    return event.split(".", 1)[0]


def kind_label(event: str) -> str:
    return str(KINDS.get(kind_of(event), OTHER))
