"""What the center reads about the e-mail outbox."""

from django.db.models import Case, Count, OuterRef, Q, QuerySet, Subquery, Value, When
from post_office.models import STATUS, Email, Log

# The outbox page: mails that have not gone out, those given up on first.
UNSENT = [STATUS.failed, STATUS.requeued, STATUS.queued]


def outbox_unsent() -> QuerySet[Email]:
    """Failed, waiting-to-retry and queued e-mails, each with its attempts and last error."""
    last_failure = Log.objects.filter(email=OuterRef("pk"), status=STATUS.failed).order_by(
        "-date", "-pk"
    )
    return (
        Email.objects.filter(status__in=UNSENT)
        .annotate(
            attempts=Count("logs", filter=Q(logs__status=STATUS.failed)),
            last_error=Subquery(last_failure.values("message")[:1]),
            last_error_type=Subquery(last_failure.values("exception_type")[:1]),
        )
        .order_by(
            Case(When(status=STATUS.failed, then=Value(0)), default=Value(1)), "-created", "-pk"
        )
    )


def outbox_counts() -> dict[int, int]:
    """How many e-mails are in each unsent status."""
    rows = Email.objects.filter(status__in=UNSENT).values("status").annotate(count=Count("pk"))
    counts = dict.fromkeys(UNSENT, 0)
    counts.update({row["status"]: row["count"] for row in rows})
    return counts


def outbox_failed_count() -> int:
    return Email.objects.filter(status=STATUS.failed).count()
