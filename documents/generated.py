"""Files made in the background (成果彙編, 年度報告 …): asked for on a page, made by a worker.

The apps that know how to make a kind register it here from their AppConfig.ready
(``generated_kind_register``), so this low app imports none of them. A request is a queued
GeneratedFile row; it is made by the Celery task ``plc.make_generated_file`` when a broker is
configured, or else by ``run_worker`` taking the queued rows from the database
(``generated_files_make_queued``), so a web request never renders a year's book itself.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from people.auditing import acting_as
from people.models import User
from programs.models import ProgramYear

from .models import GeneratedFile

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class GeneratedKind:
    """``make(program, params)`` returns (file name, content type, bytes); ``params`` are the
    request's conditions ({} for the whole year)."""

    key: str
    label: str
    make: Callable[[ProgramYear, dict], tuple[str, str, bytes]]


KINDS: dict[str, GeneratedKind] = {}


def generated_kind_register(
    key: str, label: str, make: Callable[[ProgramYear, dict], tuple[str, str, bytes]]
) -> None:
    KINDS[key] = GeneratedKind(key, label, make)


def generated_kinds() -> list[GeneratedKind]:
    return list(KINDS.values())


def _enqueue(pk: int) -> None:
    """With a broker, the Celery task; without one the row waits for run_worker."""
    if settings.CELERY_BROKER_URL:
        from .jobs import make_generated_file

        make_generated_file.delay(pk)


@transaction.atomic
def generated_file_request(
    *,
    kind: str,
    program: ProgramYear,
    by: User,
    params: dict | None = None,
    description: str = "",
) -> tuple[GeneratedFile, bool]:
    """Queue ``kind`` of ``program`` (of ``params``, described as ``description``) for ``by``;
    (row, False) when the same file is already queued or being made (it is not asked twice)."""
    if kind not in KINDS:
        raise ValidationError({"kind": _("請選擇要產製的檔案。")})
    params = params or {}
    waiting = next(
        (
            row
            for row in GeneratedFile.objects.select_for_update().filter(
                kind=kind,
                program=program,
                state__in=[GeneratedFile.State.QUEUED, GeneratedFile.State.RUNNING],
            )
            if row.params == params
        ),
        None,
    )
    if waiting is not None:
        return waiting, False
    with acting_as(by):
        row = GeneratedFile.objects.create(
            kind=kind,
            program=program,
            requested_by=by,
            params=params,
            description=description[:500],
        )
    transaction.on_commit(lambda: _enqueue(row.pk))
    return row, True


def generated_file_make(pk: int) -> GeneratedFile | None:
    """Make the queued file ``pk`` (None when another run took it first). A failure is kept on
    the row with a reason the page shows; the details go to the log."""
    with transaction.atomic():
        row = (
            GeneratedFile.objects.select_for_update()
            .filter(pk=pk, state=GeneratedFile.State.QUEUED)
            .first()
        )
        if row is None:
            return None
        row.state = GeneratedFile.State.RUNNING
        row.started_at = timezone.now()
        row.save(update_fields=["state", "started_at"])
    kind = KINDS.get(row.kind)
    try:
        if kind is None:
            raise LookupError(f"no maker for {row.kind!r}")
        filename, content_type, content = kind.make(row.program, row.params)
    except Exception:
        logger.exception("generated file %s (%s) failed", row.pk, row.kind)
        row.state = GeneratedFile.State.FAILED
        row.error = _("產製時發生錯誤，請稍後再試；若仍失敗，請聯絡系統管理者。")
        row.finished_at = timezone.now()
        row.save(update_fields=["state", "error", "finished_at"])
        return row
    stored = row._meta.get_field("file").storage.save(
        f"generated/{row.program.academic_year}/{row.kind}-{row.pk}{_suffix(filename)}",
        ContentFile(content),
    )
    row.file.name = stored
    row.filename = filename
    row.content_type = content_type
    row.size = len(content)
    row.state = GeneratedFile.State.DONE
    row.finished_at = timezone.now()
    row.save(update_fields=["file", "filename", "content_type", "size", "state", "finished_at"])
    return row


def _suffix(filename: str) -> str:
    dot = filename.rfind(".")
    return filename[dot:] if dot > 0 else ""


def generated_files_make_queued(*, limit: int = 10) -> int:
    """The queued rows made, oldest first (run_worker's way without a broker)."""
    made = 0
    for pk in (
        GeneratedFile.objects.filter(state=GeneratedFile.State.QUEUED)
        .order_by("requested_at", "pk")
        .values_list("pk", flat=True)[:limit]
    ):
        if generated_file_make(pk) is not None:
            made += 1
    return made
