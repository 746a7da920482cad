from urllib.parse import urlencode

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from post_office.models import STATUS
from post_office.settings import get_max_retries

from people.views import center_required

from .kinds import KINDS, kind_label
from .selectors import outbox_counts, outbox_unsent
from .services import outbox_resend, retry_delay

OUTBOX_PAGE_SIZE = 50
STATUS_LABELS = {
    STATUS.failed: gettext_lazy("寄送失敗"),
    STATUS.requeued: gettext_lazy("等待重試"),
    STATUS.queued: gettext_lazy("等待寄送"),
}


INBOX_PAGE_SIZE = 30


@login_required
def inbox(request):
    """訊息通知: the person's messages, unread first to the eye, filtered by kind or unread."""
    kind = request.GET.get("kind", "")
    unread_only = request.GET.get("unread") == "1"
    mine = request.user.messages.all()
    if kind in KINDS:
        mine = mine.filter(event__startswith=f"{kind}.")
    if unread_only:
        mine = mine.filter(read_at__isnull=True)
    page = Paginator(mine, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    for message in page.object_list:
        message.kind_label = kind_label(message.event)
    query = urlencode(
        {k: v for k, v in (("kind", kind), ("unread", "1" if unread_only else "")) if v}
    )
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": page,
            "kinds": [(key, str(label)) for key, label in KINDS.items()],
            "kind": kind,
            "unread_only": unread_only,
            "unread_count": request.user.messages.filter(read_at__isnull=True).count(),
            "query": query,
            "crumbs": [_("訊息通知")],
        },
    )


@login_required
def open_message(request, pk: int):
    """A message's title: it is marked read and leads to the page it is about."""
    message = get_object_or_404(request.user.messages, pk=pk)
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
    target = message.url if url_has_allowed_host_and_scheme(message.url, allowed_hosts=None) else ""
    return redirect(target or f"{reverse('notifications:inbox')}#message-{message.pk}")


@login_required
@require_POST
def read_all(request):
    count = request.user.messages.filter(read_at__isnull=True).update(read_at=timezone.now())
    flash.success(request, _("已將 %(count)s 則訊息標為已讀。") % {"count": count})
    return redirect("notifications:inbox")


@center_required
def outbox(request):
    """The center's view of e-mail that has not gone out, with a way to send it again."""
    page = Paginator(outbox_unsent(), OUTBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    for email in page.object_list:
        email.status_label = STATUS_LABELS[email.status]
        email.given_up = email.status == STATUS.failed
        email.resendable = email.status in (STATUS.failed, STATUS.requeued)
    counts = outbox_counts()
    return render(
        request,
        "notifications/outbox.html",
        {
            "page": page,
            "failed_count": counts[STATUS.failed],
            "retrying_count": counts[STATUS.requeued],
            "queued_count": counts[STATUS.queued],
            "retry_minutes": "、".join(
                str(int(retry_delay(retry).total_seconds() // 60))
                for retry in range(1, get_max_retries() + 1)
            ),
            "title": _("郵件寄送狀況"),
            "crumbs": [_("中心端"), _("郵件寄送狀況")],
        },
    )


@center_required
@require_POST
def outbox_resend_one(request, pk: int):
    if outbox_resend(pks=[pk], by=request.user):
        flash.success(request, _("已重新排入寄送佇列，將於下次寄送時寄出。"))
    else:
        flash.info(request, _("這封郵件已寄出或已在佇列中，不需重新寄送。"))
    return redirect("notifications:outbox")


@center_required
@require_POST
def outbox_resend_failed(request):
    count = outbox_resend(by=request.user)
    if count:
        flash.success(
            request,
            _("已將 %(count)s 封寄送失敗的郵件重新排入寄送佇列，將於下次寄送時寄出。")
            % {"count": count},
        )
    else:
        flash.info(request, _("沒有寄送失敗的郵件。"))
    return redirect("notifications:outbox")
