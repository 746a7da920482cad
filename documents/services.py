"""Storing an uploaded signed (核章) PDF: checked by content, named by content, audited.

Files go to Django's default storage, which settings keep outside any URL-served directory; each
app serves its own files after its own permission check.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from people.auditing import acting_as
from people.models import User

from .checks import read_evidence, read_signed_pdf
from .codes import find_document_code
from .models import SignedPdf, StoredFile

# How much of the content's SHA-256 names the stored file.
NAME_HASH_LENGTH = 16


@transaction.atomic
def signed_pdf_store(
    *,
    row: SignedPdf,
    upload,
    max_bytes: int,
    name: str,
    by: User,
    default_original_name: str = "document.pdf",
) -> SignedPdf:
    """Check ``upload`` and store it as ``row``'s file, replacing the file the row had.

    ``row`` is a new row, or an existing one the caller has locked, with its own fields set: the
    caller has checked who may upload and its own rules. ``name`` is the stored file's path
    without its end ("signed/109/application-12-plan"): the start of the content's SHA-256 and
    ".pdf" are added, so the user's file name never becomes a path (it is kept as
    original_name). The row is saved after full_clean, with an audit row naming ``by``.

    If saving fails the new file is deleted; the replaced file is deleted only once the
    transaction commits, so a rollback leaves the old copy readable. Raises ValidationError
    (documents.checks) with the reason in the user's words.
    """
    info = read_signed_pdf(upload, max_bytes=max_bytes)
    storage = row._meta.get_field("file").storage
    old_name = row.file.name if row.pk is not None and row.file else None
    new_name = storage.save(
        f"{name}-{info.sha256[:NAME_HASH_LENGTH]}.pdf", ContentFile(info.content)
    )
    try:
        row.file.name = new_name
        row.original_name = (getattr(upload, "name", "") or default_original_name)[-255:]
        row.size = info.size
        row.sha256 = info.sha256
        row.page_count = info.page_count
        # The 文件編號 printed in the footer tells which printed version was signed.
        row.print_code = find_document_code(info.text) or ""
        row.uploaded_by = by
        row.uploaded_at = timezone.now()
        # The caller holds the row's lock; the database's own constraints catch the rest. Its
        # owner and uploader are rows the caller holds: full_clean would read each again.
        row.full_clean(
            exclude=[f.name for f in row._meta.concrete_fields if f.is_relation],
            validate_unique=False,
            validate_constraints=False,
        )
        with acting_as(by):
            row.save()
    except Exception:
        storage.delete(new_name)
        raise
    if old_name and old_name != new_name:
        transaction.on_commit(lambda: storage.delete(old_name))
    return row


@transaction.atomic
def evidence_store(*, row: StoredFile, upload, max_bytes: int, name: str, by: User) -> StoredFile:
    """Check ``upload`` (a photo or PDF: documents.checks.read_evidence) and store it as the new
    ``row``'s file under ``name`` plus the start of its SHA-256 and its type's ending. The row is
    saved after full_clean with an audit row naming ``by``; the file is deleted again if saving
    fails. Raises ValidationError with the reason in the user's words."""
    info = read_evidence(upload, max_bytes=max_bytes)
    storage = row._meta.get_field("file").storage
    new_name = storage.save(
        f"{name}-{info.sha256[:NAME_HASH_LENGTH]}{info.kind.extensions[0]}",
        ContentFile(info.content),
    )
    try:
        row.file.name = new_name
        row.original_name = (getattr(upload, "name", "") or f"evidence{info.kind.extensions[0]}")[
            -255:
        ]
        row.size = info.size
        row.sha256 = info.sha256
        row.kind = info.kind.key
        row.uploaded_by = by
        row.uploaded_at = timezone.now()
        row.full_clean(validate_unique=False, validate_constraints=False)
        with acting_as(by):
            row.save()
    except Exception:
        storage.delete(new_name)
        raise
    return row


def stored_file_delete(*, row: StoredFile, by: User) -> None:
    """Delete the row (audited) and, once the transaction commits, its file."""
    storage = row._meta.get_field("file").storage
    name = row.file.name
    with acting_as(by):
        row.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
