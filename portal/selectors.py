"""Reads for the public pages and the center's lists of them."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from documents.checks import upload_limit_text
from people.models import Role
from programs.models import ProgramYear

from .models import (
    UPLOAD_LIMIT_PLACEHOLDER,
    Announcement,
    AnnouncementAttachment,
    HeldUpload,
    Tutorial,
    public_q,
)

HOME_COUNT = 10


def announcements_public(*, now: datetime | None = None) -> QuerySet[Announcement]:
    """What visitors see now, pinned first, then the newest, with their attachment counts."""
    return Announcement.objects.public(now).annotate(attachment_count=Count("attachments"))


def announcement_visible(*, pk: int, user, now: datetime | None = None) -> Announcement | None:
    """The announcement if this user may read it now: anyone while it is public, the center
    always (to preview a draft or look back at a withdrawn one)."""
    announcements = Announcement.objects.prefetch_related(
        Prefetch("attachments", queryset=AnnouncementAttachment.objects.order_by("order", "id"))
    ).select_related("published_by", "withdrawn_by", "author")
    if not is_center(user):
        announcements = announcements.filter(public_q(now or timezone.now()))
    return announcements.filter(pk=pk).first()


def attachment_visible(*, announcement_pk: int, pk: int, user) -> AnnouncementAttachment | None:
    attachments = AnnouncementAttachment.objects.filter(announcement_id=announcement_pk, pk=pk)
    if not is_center(user):
        attachments = attachments.filter(
            announcement__in=Announcement.objects.filter(public_q(timezone.now()))
        )
    return attachments.first()


def is_center(user) -> bool:
    return bool(user and user.is_authenticated and user.role == Role.CENTER)


STATE_FILTERS = {
    Announcement.State.DRAFT: lambda now: Q(published_at__isnull=True, withdrawn_at__isnull=True),
    Announcement.State.SCHEDULED: lambda now: Q(
        published_at__isnull=False, withdrawn_at__isnull=True, publish_from__gt=now
    ),
    Announcement.State.PUBLIC: public_q,
    Announcement.State.EXPIRED: lambda now: Q(
        published_at__isnull=False,
        withdrawn_at__isnull=True,
        publish_from__lte=now,
        publish_until__lte=now,
    ),
    Announcement.State.WITHDRAWN: lambda now: Q(withdrawn_at__isnull=False),
}


def announcements_for_center(
    *, state: str = "", q: str = "", now: datetime | None = None
) -> QuerySet[Announcement]:
    """Every announcement for the center's list, filtered in SQL: pinned first, then by the
    time it is (or would be) public, drafts by when they were written."""
    now = now or timezone.now()
    announcements = Announcement.objects.select_related(
        "author", "published_by", "withdrawn_by"
    ).annotate(
        attachment_count=Count("attachments"),
        sort_time=Coalesce("publish_from", "created_at"),
    )
    if state in STATE_FILTERS:
        announcements = announcements.filter(STATE_FILTERS[state](now))
    if q:
        announcements = announcements.filter(Q(title__icontains=q) | Q(body__icontains=q))
    return announcements.order_by("-is_pinned", "-sort_time", "-id")


def state_counts(*, now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    return Announcement.objects.aggregate(
        **{state: Count("pk", filter=make(now)) for state, make in STATE_FILTERS.items()}
    )


def held_uploads(*, ids: list[str], user) -> list[HeldUpload]:
    """The held files a form names that this user holds (others' ids are ignored)."""
    pks = [int(pk) for pk in ids if str(pk).isdigit()]
    if not pks or not user.is_authenticated:
        return []
    return list(HeldUpload.objects.filter(pk__in=pks, held_by=user).order_by("pk"))


@dataclass(frozen=True)
class TutorialSection:
    tutorial: Tutorial
    body: str  # the placeholder replaced


def tutorial_body(body: str, *, program: ProgramYear | None) -> str:
    """The body with {上傳限制} replaced by the year's signed-PDF limit (the rule in force)."""
    if UPLOAD_LIMIT_PLACEHOLDER not in body:
        return body
    limit = upload_limit_text(program.upload_max_bytes) if program else ""
    return body.replace(UPLOAD_LIMIT_PLACEHOLDER, limit)


def tutorials_shown() -> list[TutorialSection]:
    program = ProgramYear.objects.current()
    return [
        TutorialSection(tutorial=t, body=tutorial_body(t.body, program=program))
        for t in Tutorial.objects.shown()
    ]
