from django.db.models import Q, QuerySet

from .models import SignInEvent


def sign_in_events(*, kind: str = "", account: str = "") -> QuerySet[SignInEvent]:
    """The 登入紀錄, newest first; `account` matches the account's 帳號 or 姓名 or what was
    typed at a failed sign-in."""
    events = SignInEvent.objects.select_related("user", "by")
    if kind:
        events = events.filter(kind=kind)
    if account:
        events = events.filter(
            Q(username__icontains=account)
            | Q(user__username__icontains=account)
            | Q(user__name__icontains=account)
        )
    return events.order_by("-at", "-pk")
