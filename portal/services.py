"""What the center changes on the public pages: announcements (公告平台) with their attachments,
檔案下載 and 操作教學. Every change is the center's, checked, saved after full_clean and audited
(django-auditlog, acting as the user); files are checked by content and stored under a name made
from it, outside any served directory.

Telling people of an announcement happens once, when it becomes public: at once when the center
publishes it for now, or by ``announcements_release_due`` (the release_announcements command,
run every minute beside the outbox) when its scheduled time comes.
"""

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.checks import AttachmentInfo, read_attachment
from notifications.services import notify
from people.auditing import acting_as
from people.models import Role, User
from programs.models import ProgramYear

from .approved import approved_list, approved_list_pdf, approved_list_xlsx
from .models import (
    Announcement,
    AnnouncementAttachment,
    Download,
    HeldUpload,
    PublicFile,
    Tutorial,
)

logger = logging.getLogger(__name__)

NAME_HASH_LENGTH = 16
HELD_FOR = timedelta(days=1)
NOTIFY_EVENT = "announcement.published"
NOTIFY_BODY_CHARS = 300


def _require_center(by: User) -> None:
    if by is None or by.role != Role.CENTER:
        raise PermissionDenied(_("只有教專中心可以管理公告、檔案下載與操作教學。"))


def _max_bytes() -> int:
    return settings.PUBLIC_FILE_MAX_BYTES


# Files ---------------------------------------------------------------------------------------


class _NewFiles:
    """Files stored during one service call: deleted again if the call fails (a rolled-back
    transaction would otherwise leave them orphaned)."""

    def __init__(self):
        self.names: list[str] = []
        self.storage = PublicFile._meta.get_field("file").storage

    def store(self, info: AttachmentInfo, *, folder: str) -> str:
        name = self.storage.save(
            f"{folder}/{info.sha256[:NAME_HASH_LENGTH]}{info.kind.extensions[0]}",
            ContentFile(info.content),
        )
        self.names.append(name)
        return name

    def discard(self) -> None:
        for name in self.names:
            self.storage.delete(name)


def _delete_after_commit(names: Iterable[str]) -> None:
    storage = PublicFile._meta.get_field("file").storage
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: [storage.delete(name) for name in names])


def _describe(row: PublicFile, *, name: str, original_name: str, info: AttachmentInfo) -> None:
    row.file.name = name
    row.original_name = (original_name or f"file{info.kind.extensions[0]}")[-255:]
    row.size = info.size
    row.sha256 = info.sha256
    row.kind = info.kind.key


def _check_uploads(uploads: Sequence, *, field: str) -> list[AttachmentInfo]:
    """Every upload checked; all the reasons at ``field``, each naming its file."""
    infos, errors = [], []
    for upload in uploads:
        try:
            infos.append(read_attachment(upload, max_bytes=_max_bytes()))
        except ValidationError as error:
            errors.extend(
                _("「%(name)s」：%(reason)s") % {"name": upload.name, "reason": message}
                for message in error.messages
            )
    if errors:
        raise ValidationError({field: errors})
    return infos


def _held_of(by: User, held: Iterable[HeldUpload]) -> list[HeldUpload]:
    held = list(held)
    if any(item.held_by_id != by.pk for item in held):
        raise PermissionDenied
    return held


def _adopt(row: PublicFile, item: HeldUpload) -> None:
    """Give a held file to ``row`` (the file stays where it is; the hold is dropped)."""
    row.file.name = item.file.name
    row.original_name = item.original_name
    row.size = item.size
    row.sha256 = item.sha256
    row.kind = item.kind
    HeldUpload.objects.filter(pk=item.pk).delete()


@transaction.atomic
def held_upload_create(*, upload, by: User) -> HeldUpload:
    """Keep a file that passed its check while the rest of its form is corrected."""
    _require_center(by)
    info = read_attachment(upload, max_bytes=_max_bytes())
    files = _NewFiles()
    try:
        item = HeldUpload(held_by=by)
        _describe(
            item,
            name=files.store(info, folder="portal/held"),
            original_name=getattr(upload, "name", ""),
            info=info,
        )
        item.full_clean()
        item.save()
    except Exception:
        files.discard()
        raise
    return item


@transaction.atomic
def held_uploads_purge(*, now: datetime | None = None) -> int:
    """Delete the held files nobody saved a form with (after HELD_FOR)."""
    now = now or timezone.now()
    stale = list(HeldUpload.objects.filter(held_at__lt=now - HELD_FOR))
    _delete_after_commit(item.file.name for item in stale)
    HeldUpload.objects.filter(pk__in=[item.pk for item in stale]).delete()
    return len(stale)


# Announcements -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnnouncementFields:
    title: str
    body: str = ""
    publish_from: datetime | None = None
    publish_until: datetime | None = None
    is_pinned: bool = False
    audience: str = Announcement.Audience.NONE


def _locked(announcement: Announcement) -> Announcement:
    return Announcement.objects.select_for_update().get(pk=announcement.pk)


@transaction.atomic
def announcement_save(
    *,
    announcement: Announcement | None,
    fields: AnnouncementFields,
    by: User,
    uploads: Sequence = (),
    held: Iterable[HeldUpload] = (),
    remove: Iterable[int] = (),
    publish: bool = False,
) -> Announcement:
    """Write a new announcement or change one, with its attachments (``uploads`` checked here,
    ``held`` ones kept from an earlier try, ``remove`` ids of its own to drop).

    ``publish`` publishes a draft: at once when its publish-from is empty or past (it is then
    set to now), else it is scheduled. A published announcement keeps being published when
    saved. Whenever the result is public and its audience not yet told, they are told now.
    Raises ValidationError keyed by field (title, publish_from, publish_until, files)."""
    _require_center(by)
    now = timezone.now()
    held = _held_of(by, held)
    if announcement is None:
        announcement = Announcement(author=by, created_at=now)
    else:
        announcement = _locked(announcement)
        if announcement.withdrawn_at is not None:
            raise ValidationError(_("此公告已撤回，不能再修改。"))

    was_published = announcement.published_at is not None
    announcement.title = fields.title
    announcement.body = fields.body
    announcement.is_pinned = fields.is_pinned
    if announcement.notified_at is None:
        announcement.audience = fields.audience  # once told, the audience is what it was
    publish_from = fields.publish_from
    if publish and not was_published:
        announcement.published_at = now
        announcement.published_by = by
        if publish_from is None or publish_from < now:
            publish_from = now
    elif was_published and publish_from is None:
        # Emptied on a published one: public from now on (or still, if it already was).
        stored = announcement.publish_from
        publish_from = stored if stored is not None and stored <= now else now
    announcement.publish_from = publish_from
    announcement.publish_until = fields.publish_until
    announcement.updated_at = now

    errors: dict[str, list[str]] = {}
    if fields.publish_until is not None and fields.publish_until <= now and not was_published:
        errors["publish_until"] = [_("下架時間已過，請選擇晚於現在的時間，或留空表示不下架。")]
    try:
        announcement.full_clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)

    removing = set(remove)
    kept = announcement.attachments.exclude(pk__in=removing).count() if announcement.pk else 0
    limit = settings.ANNOUNCEMENT_MAX_ATTACHMENTS
    try:
        infos = _check_uploads(uploads, field="files")
    except ValidationError as error:
        errors.setdefault("files", []).extend(error.message_dict["files"])
        infos = []
    if kept + len(held) + len(uploads) > limit:
        errors.setdefault("files", []).append(
            _("每則公告至多 %(limit)d 個附件，請移除部分附件。") % {"limit": limit}
        )
    if errors:
        raise ValidationError(errors)

    files = _NewFiles()
    try:
        with acting_as(by):
            announcement.save()
            gone = list(announcement.attachments.filter(pk__in=removing))
            for attachment in gone:
                attachment.delete()
            _delete_after_commit(a.file.name for a in gone)
            order = (announcement.attachments.aggregate(m=Max("order"))["m"] or 0) + 1
            for item in held:
                attachment = AnnouncementAttachment(
                    announcement=announcement, order=order, uploaded_by=by, uploaded_at=now
                )
                _adopt(attachment, item)
                attachment.full_clean()
                attachment.save()
                order += 1
            _add_attachments(announcement, uploads, infos, order=order, by=by, now=now, files=files)
            _tell_if_due(announcement, now=now)
    except Exception:
        files.discard()
        raise
    return announcement


def _attach_files(*, announcement: Announcement, uploads: Sequence, by: User):
    infos = _check_uploads(uploads, field="files")
    files = _NewFiles()
    try:
        with acting_as(by):
            order = (announcement.attachments.aggregate(m=Max("order"))["m"] or 0) + 1
            return _add_attachments(
                announcement, uploads, infos, order=order, by=by, now=timezone.now(), files=files
            )
    except Exception:
        files.discard()
        raise


def _add_attachments(
    announcement: Announcement,
    uploads: Sequence,
    infos: list[AttachmentInfo],
    *,
    order: int,
    by: User,
    now: datetime,
    files: _NewFiles,
) -> list[AnnouncementAttachment]:
    made = []
    for upload, info in zip(uploads, infos, strict=True):
        attachment = AnnouncementAttachment(
            announcement=announcement, order=order, uploaded_by=by, uploaded_at=now
        )
        _describe(
            attachment,
            name=files.store(info, folder=f"announcements/{announcement.pk}"),
            original_name=getattr(upload, "name", ""),
            info=info,
        )
        attachment.full_clean()
        attachment.save()
        made.append(attachment)
        order += 1
    return made


@transaction.atomic
def announcement_unpublish(*, announcement: Announcement, by: User) -> Announcement:
    """A scheduled announcement back to a draft (取消排程), before anyone saw it."""
    _require_center(by)
    announcement = _locked(announcement)
    if announcement.state() != Announcement.State.SCHEDULED:
        raise ValidationError(_("只有排程中的公告可以取消排程。"))
    announcement.published_at = None
    announcement.published_by = None
    announcement.updated_at = timezone.now()
    announcement.full_clean()
    with acting_as(by):
        announcement.save()
    return announcement


@transaction.atomic
def announcement_pin(*, announcement: Announcement, pinned: bool, by: User) -> Announcement:
    _require_center(by)
    announcement = _locked(announcement)
    if announcement.withdrawn_at is not None:
        raise ValidationError(_("此公告已撤回，不能再修改。"))
    announcement.is_pinned = pinned
    announcement.updated_at = timezone.now()
    announcement.full_clean()
    with acting_as(by):
        announcement.save()
    return announcement


@transaction.atomic
def announcement_withdraw(*, announcement: Announcement, reason: str, by: User) -> Announcement:
    """撤回: gone from every public page and its files with it, for good; who and when are kept."""
    _require_center(by)
    announcement = _locked(announcement)
    if announcement.withdrawn_at is not None:
        raise ValidationError(_("此公告已撤回。"))
    now = timezone.now()
    announcement.withdrawn_at = now
    announcement.withdrawn_by = by
    announcement.withdraw_reason = reason.strip()
    announcement.is_pinned = False
    announcement.updated_at = now
    announcement.full_clean()
    with acting_as(by):
        announcement.save()
    return announcement


def audience_of(announcement: Announcement, *, now: datetime) -> list[User]:
    """The active accounts an announcement's audience names, at the moment it is told."""
    Audience = Announcement.Audience
    people = User.objects.filter(is_active=True)
    if announcement.audience == Audience.SCHOOL_ADMINS:
        return list(people.filter(role=Role.SCHOOL_ADMIN))
    if announcement.audience == Audience.CONVENORS:
        program = ProgramYear.objects.current()
        if program is None:
            return []
        return list(people.filter(convened_applications__program=program).distinct())
    if announcement.audience == Audience.EVERYONE:
        return list(people)
    return []


def _tell_if_due(announcement: Announcement, *, now: datetime) -> bool:
    """Tell the audience of a public announcement not told yet; the caller holds its lock."""
    if (
        announcement.notified_at is not None
        or announcement.audience == Announcement.Audience.NONE
        or announcement.state(now) != Announcement.State.PUBLIC
    ):
        return False
    recipients = audience_of(announcement, now=now)
    text = announcement.body.strip()
    if len(text) > NOTIFY_BODY_CHARS:
        text = text[:NOTIFY_BODY_CHARS] + "…"
    count = announcement.attachments.count()

    def body() -> str:  # the center's text as written, our words in each reader's language
        if not count:
            return text
        return text + ("\n" if text else "") + _("（附件 %(count)d 個）") % {"count": count}

    notify(
        event=NOTIFY_EVENT,
        recipients=recipients,
        title=lambda: _("教專中心公告：%(title)s") % {"title": announcement.title},
        body=body,
        url=reverse("portal:announcement", args=[announcement.pk]),
    )
    announcement.notified_at = now
    announcement.notified_count = len(recipients)
    announcement.save(update_fields=["notified_at", "notified_count"])
    return True


def announcements_release_due(*, now: datetime | None = None) -> int:
    """Tell the audience of every announcement that has become public and was not told yet
    (a scheduled one whose time came). Each in its own transaction, under the row's lock, so
    two runs at once tell nobody twice. Returns how many announcements were told. Run every
    minute by ``manage.py release_announcements``; it also drops stale held uploads."""
    now = now or timezone.now()
    due = list(
        Announcement.objects.public(now)
        .filter(notified_at__isnull=True)
        .exclude(audience=Announcement.Audience.NONE)
        .values_list("pk", flat=True)
    )
    told = 0
    for pk in due:
        with transaction.atomic():
            announcement = Announcement.objects.select_for_update().get(pk=pk)
            told += _tell_if_due(announcement, now=now)
    held_uploads_purge(now=now)
    if told:
        logger.info("released %d scheduled announcement(s)", told)
    return told


# 檔案下載 and 操作教學 ----------------------------------------------------------------------------


def _next_order(model) -> int:
    return (model.objects.aggregate(m=Max("order"))["m"] or 0) + 1


def _set_file(row: PublicFile, *, upload, held: HeldUpload | None, files: _NewFiles, folder: str):
    """Give ``row`` its new file (an upload or a held one); returns the replaced file's name."""
    old = row.file.name if row.pk and row.file else ""
    if upload is not None:  # a file chosen now wins over one held from an earlier try
        info = _check_uploads([upload], field="file")[0]
        _describe(
            row,
            name=files.store(info, folder=folder),
            original_name=getattr(upload, "name", ""),
            info=info,
        )
    elif held is not None:
        _adopt(row, held)
    else:
        return ""
    return old


def _clear_file(row: PublicFile) -> str:
    old = row.file.name if row.file else ""
    row.file.name = ""
    row.original_name = ""
    row.size = 0
    row.sha256 = ""
    row.kind = ""
    return old


@transaction.atomic
def download_save(
    *,
    item: Download | None,
    title: str,
    description: str,
    is_shown: bool,
    by: User,
    upload=None,
    held: HeldUpload | None = None,
) -> Download:
    """Add a file to 檔案下載 (last in order) or change one; a new file replaces the old."""
    _require_center(by)
    if held is not None:
        _held_of(by, [held])
    now = timezone.now()
    if item is None:
        item = Download(order=_next_order(Download), published_at=now)
    else:
        item = Download.objects.select_for_update().get(pk=item.pk)
    item.title = title
    item.description = description
    item.is_shown = is_shown
    item.updated_at = now
    if upload is None and held is None and not item.file:
        raise ValidationError({"file": [_("請選擇要上傳的檔案。")]})
    files = _NewFiles()
    try:
        old = _set_file(item, upload=upload, held=held, files=files, folder="downloads")
        item.full_clean()
        with acting_as(by):
            item.save()
    except Exception:
        files.discard()
        raise
    if old and old != item.file.name:
        _delete_after_commit([old])
    return item


@transaction.atomic
def tutorial_save(
    *,
    item: Tutorial | None,
    title: str,
    body: str,
    link: str,
    link_text: str,
    is_shown: bool,
    by: User,
    upload=None,
    held: HeldUpload | None = None,
    remove_file: bool = False,
) -> Tutorial:
    """Add a section to 操作教學 (last in order) or change one; its file is optional."""
    _require_center(by)
    if held is not None:
        _held_of(by, [held])
    now = timezone.now()
    if item is None:
        item = Tutorial(order=_next_order(Tutorial), created_at=now)
    else:
        item = Tutorial.objects.select_for_update().get(pk=item.pk)
    item.title = title
    item.body = body
    item.link = link
    item.link_text = link_text
    item.is_shown = is_shown
    item.updated_at = now
    if link_text and not link:
        raise ValidationError({"link": [_("填寫連結文字時，請一併填寫連結網址。")]})
    files = _NewFiles()
    try:
        old = _set_file(item, upload=upload, held=held, files=files, folder="tutorials")
        if remove_file and not old and upload is None and held is None:
            old = _clear_file(item)
        item.full_clean()
        with acting_as(by):
            item.save()
    except Exception:
        files.discard()
        raise
    if old and old != item.file.name:
        _delete_after_commit([old])
    return item


@transaction.atomic
def shown_item_move(*, item: Download | Tutorial, up: bool, by: User) -> None:
    """上移 / 下移: swap places with the neighbour above or below (hidden ones count too, so the
    order the center sees is the order visitors see)."""
    _require_center(by)
    model = type(item)
    rows = list(model.objects.select_for_update().order_by("order", "id"))
    index = next(i for i, row in enumerate(rows) if row.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(rows):
        return
    rows[index], rows[other] = rows[other], rows[index]
    with acting_as(by):
        for order, row in enumerate(rows, start=1):
            if row.order != order:
                row.order = order
                row.save(update_fields=["order"])


@transaction.atomic
def shown_item_show(*, item: Download | Tutorial, shown: bool, by: User) -> None:
    """顯示 / 隱藏 on the public page."""
    _require_center(by)
    item = type(item).objects.select_for_update().get(pk=item.pk)
    item.is_shown = shown
    item.updated_at = timezone.now()
    with acting_as(by):
        item.save(update_fields=["is_shown", "updated_at"])


# The approved list ----------------------------------------------------------------------------


@transaction.atomic
def approved_list_announcement_create(*, program: ProgramYear, by: User) -> Announcement:
    """A draft announcement of the year's 核定名單 with the list attached as .xlsx and PDF, made
    from the decisions as they stand; the center edits and publishes it."""
    _require_center(by)
    listing = approved_list(program=program)
    if not listing.rows:
        raise ValidationError(
            _("%(year)s學年度尚無核定的社群，無法產生核定名單。") % {"year": program.academic_year}
        )
    body = _(
        "%(year)s學年度教師專業學習社群經複審核定 %(count)d 個社群，核定金額合計新臺幣 "
        "%(total)s 元，名單詳如附件（Excel 與 PDF 檔）。"
    ) % {
        "year": program.academic_year,
        "count": len(listing.rows),
        "total": f"{listing.total:,}",
    }
    announcement = announcement_save(
        announcement=None, fields=AnnouncementFields(title=listing.title, body=body), by=by
    )
    _attach_files(
        announcement=announcement,
        uploads=[
            ContentFile(approved_list_xlsx(listing), name=f"{listing.file_stem}.xlsx"),
            ContentFile(approved_list_pdf(listing), name=f"{listing.file_stem}.pdf"),
        ],
        by=by,
    )
    return announcement
