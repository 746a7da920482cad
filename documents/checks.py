"""Checks of an uploaded file by its content, not its name: a renamed, broken, password-protected
or oversized file is refused with the reason in the user's words.

Each kind of upload has one reader that returns what was checked (``read_signed_pdf`` for a
核章完成文件 → PdfInfo); they share the size and emptiness checks (``_read_within``) and the PDF
parsing (``_read_pdf``), so another kind of file (an evidence photo or PDF) is one more reader.
"""

import hashlib
import io
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError

logger = logging.getLogger(__name__)


MEGABYTE = 1024 * 1024


def size_limit_text(max_bytes: int) -> str:
    """A size limit as the slides write it: 2MB (a whole number of MB), else 1,500KB or bytes."""
    if max_bytes % MEGABYTE == 0:
        return f"{max_bytes // MEGABYTE}MB"
    if max_bytes % 1024 == 0:
        return f"{max_bytes // 1024:,}KB"
    return _("%(bytes)s 位元組") % {"bytes": f"{max_bytes:,}"}


def upload_limit_text(max_bytes: int) -> str:
    """The limits of a signed-PDF slot, as the slides state them."""
    return _("限制PDF，檔案限制 %(size)s，附件總數為一個檔案") % {
        "size": size_limit_text(max_bytes)
    }


@dataclass(frozen=True)
class FileInfo:
    """What every checked upload gives: its bytes, their size and their SHA-256 (hex)."""

    content: bytes
    size: int
    sha256: str


@dataclass(frozen=True)
class PdfInfo(FileInfo):
    page_count: int
    text: str  # the text of the first pages, where a printed document code can be found


def _read_within(upload, *, max_bytes: int, missing: str) -> bytes:
    """The upload's bytes, or ValidationError when there is none, it is too large or empty."""
    if upload is None:
        raise ValidationError(missing, code="missing")
    size = upload.size
    if size > max_bytes:
        # Both in bytes, so that even one byte over shows (2,097,153 位元組 > 2 MB).
        raise ValidationError(
            _(
                "檔案大小 %(size)s 位元組，超過上限 %(limit)s（%(limit_bytes)s 位元組），"
                "請壓縮或降低掃描解析度後再上傳。"
            )
            % {
                "size": f"{size:,}",
                "limit": size_limit_text(max_bytes),
                "limit_bytes": f"{max_bytes:,}",
            },
            code="too_large",
        )
    content = upload.read()
    if not content:
        raise ValidationError(_("檔案是空的，請重新選擇。"), code="empty")
    return content


def _is_pdf(content: bytes) -> bool:
    return content.lstrip()[:5] == b"%PDF-"


def _read_pdf(content: bytes, *, text_pages: int) -> tuple[int, str]:
    """(page count, text of the first ``text_pages`` pages) of a PDF, or ValidationError."""
    if b"%%EOF" not in content[-2048:]:
        raise ValidationError(_("PDF 檔案不完整或已損毀，請重新轉存後上傳。"), code="broken")
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            # An owner password alone (no password needed to open) is fine; a user password is not.
            if not reader.decrypt(""):
                raise FileNotDecryptedError("needs a password")
        page_count = len(reader.pages)
        text = "\n".join(
            (reader.pages[i].extract_text() or "") for i in range(min(page_count, text_pages))
        )
    except FileNotDecryptedError:
        raise ValidationError(
            _("PDF 設有開啟密碼，審查人員無法開啟，請移除密碼後再上傳。"), code="encrypted"
        ) from None
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, NotImplementedError) as exc:
        logger.info("unreadable PDF upload: %s", exc)
        raise ValidationError(
            _("PDF 檔案不完整或已損毀，請重新轉存後上傳。"), code="broken"
        ) from None
    if page_count == 0:
        raise ValidationError(_("PDF 檔案沒有任何頁面，請重新轉存後上傳。"), code="broken")
    return page_count, text


def read_signed_pdf(upload, *, max_bytes: int, text_pages: int = 3) -> PdfInfo:
    """Return the checked PDF, or raise ValidationError with the reason in the user's words."""
    content = _read_within(upload, max_bytes=max_bytes, missing=_("請選擇要上傳的 PDF 檔案。"))
    if not _is_pdf(content):
        raise ValidationError(
            _("檔案內容不是 PDF（僅更改副檔名無效），請上傳掃描或轉存的 PDF 檔。"), code="not_pdf"
        )
    page_count, text = _read_pdf(content, text_pages=text_pages)
    return PdfInfo(
        content=content,
        size=upload.size,
        sha256=hashlib.sha256(content).hexdigest(),
        page_count=page_count,
        text=text,
    )
