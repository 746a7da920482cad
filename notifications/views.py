from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST


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
