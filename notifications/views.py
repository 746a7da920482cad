from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from post_office.models import STATUS
from post_office.settings import get_max_retries

from people.views import center_required

from .selectors import outbox_counts, outbox_unsent
from .services import outbox_resend, retry_delay

OUTBOX_PAGE_SIZE = 50
STATUS_LABELS = {
    STATUS.failed: gettext_lazy("寄送失敗"),
    STATUS.requeued: gettext_lazy("等待重試"),
    STATUS.queued: gettext_lazy("等待寄送"),
}


@login_required
def inbox(request):
    messages = request.user.messages.all()[:200]
    return render(request, "notifications/inbox.html", {"inbox": messages})


@login_required
@require_POST
def mark_read(request, pk: int):
    message = get_object_or_404(request.user.messages, pk=pk)
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
    return redirect(message.url or "notifications:inbox")


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
