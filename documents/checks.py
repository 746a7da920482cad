"""Checks of an uploaded file by its content, not its name: a renamed, broken, password-protected
or oversized file is refused with the reason in the user's words.

Each kind of upload has one reader that returns what was checked (``read_signed_pdf`` for a
核章完成文件 → PdfInfo); they share the size and emptiness checks (``_read_within``) and the PDF
parsing (``_read_pdf``), so another kind of file (an evidence photo or PDF) is one more reader.
"""

import hashlib
import io
import logging
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

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


# What a PDF may carry that runs or opens something in the reader's viewer: JavaScript (/JS,
# /JavaScript, also as an /OpenAction or an /AA additional action), launch actions, and files
# embedded in it (/EmbeddedFiles, /EmbeddedFile, file-attachment annotations). A signed form is
# a scan or a printout; none of these belongs in one.
SCRIPT_KEYS = {"/JS", "/JavaScript", "/AA", "/Launch"}
EMBEDDED_KEYS = {"/EmbeddedFiles", "/EmbeddedFile", "/FileAttachment"}
# How many objects of the structure are looked at before the file is taken as unreadable.
ACTIVE_CONTENT_OBJECT_LIMIT = 50_000


def _active_content(reader: PdfReader) -> str | None:
    """ "script" or "embedded" when the PDF carries either, else None: every object reachable
    from the trailer (in object streams too), as a viewer reads them. (The raw bytes are not
    searched: compressed page data holds such byte runs by chance.)"""
    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    stack = [reader.trailer]
    visited = 0
    while stack and not found:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        visited += 1
        if visited > ACTIVE_CONTENT_OBJECT_LIMIT:
            raise ValueError("too many objects to check")
        if isinstance(node, DictionaryObject):
            for name, value in node.items():
                if name in SCRIPT_KEYS:
                    found.add("script")
                elif name in EMBEDDED_KEYS:
                    found.add("embedded")
                elif name in ("/S", "/Subtype", "/Type"):
                    if value in SCRIPT_KEYS:
                        found.add("script")
                    elif value in EMBEDDED_KEYS:
                        found.add("embedded")
                if name != "/Parent":
                    stack.append(value)
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    if "script" in found:
        return "script"
    return "embedded" if found else None


def _refuse_active_content(reader: PdfReader) -> None:
    kind = _active_content(reader)
    if kind == "script":
        raise ValidationError(
            _(
                "PDF 內含 JavaScript 程式或開啟時自動執行的動作，為安全起見不予受理，"
                "請以掃描或「列印成 PDF」重新產生檔案後上傳。"
            ),
            code="active_content",
        )
    if kind == "embedded":
        raise ValidationError(
            _(
                "PDF 內嵌了其他檔案（附件），為安全起見不予受理，"
                "請移除附件，或以掃描或「列印成 PDF」重新產生檔案後上傳。"
            ),
            code="embedded_files",
        )


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
        _refuse_active_content(reader)
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


# Attachments offered to the public (公告 attachments, 檔案下載, 操作教學): what each kind is called,
# the file-name ends it may carry and the type it is served as.
@dataclass(frozen=True)
class AttachmentKind:
    key: str
    label: str
    extensions: tuple[str, ...]
    content_type: str


ATTACHMENT_KINDS = {
    kind.key: kind
    for kind in [
        AttachmentKind("pdf", "PDF", (".pdf",), "application/pdf"),
        AttachmentKind(
            "docx",
            "Word",
            (".docx",),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        AttachmentKind(
            "xlsx",
            "Excel",
            (".xlsx",),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        AttachmentKind(
            "pptx",
            "PowerPoint",
            (".pptx",),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        AttachmentKind(
            "odt", gettext_lazy("ODF 文件"), (".odt",), "application/vnd.oasis.opendocument.text"
        ),
        AttachmentKind(
            "ods",
            gettext_lazy("ODF 試算表"),
            (".ods",),
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
        AttachmentKind(
            "odp",
            gettext_lazy("ODF 簡報"),
            (".odp",),
            "application/vnd.oasis.opendocument.presentation",
        ),
        AttachmentKind("png", gettext_lazy("PNG 圖片"), (".png",), "image/png"),
        AttachmentKind("jpeg", gettext_lazy("JPEG 圖片"), (".jpg", ".jpeg"), "image/jpeg"),
    ]
}
# The main part's content type in an OOXML package's [Content_Types].xml, and the ODF mimetype
# entry: what the zip holds, whatever its name says. Macro-enabled variants are not accepted.
OOXML_MAIN_PARTS = {
    b"wordprocessingml.document.main+xml": "docx",
    b"spreadsheetml.sheet.main+xml": "xlsx",
    b"presentationml.presentation.main+xml": "pptx",
}
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
# How much of a package's small index entries is read (a zip bomb is never inflated).
ZIP_ENTRY_READ_LIMIT = 1024 * 1024


@dataclass(frozen=True)
class AttachmentInfo(FileInfo):
    kind: AttachmentKind


def attachment_types_text() -> str:
    return _(
        "可上傳 PDF、Word（.docx）、Excel（.xlsx）、PowerPoint（.pptx）、ODF（.odt、.ods、.odp）、PNG 或 JPEG 圖片"
    )


def _zip_kind(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            names = set(package.namelist())
            if "[Content_Types].xml" in names:
                with package.open("[Content_Types].xml") as entry:
                    types = entry.read(ZIP_ENTRY_READ_LIMIT)
                return next((k for part, k in OOXML_MAIN_PARTS.items() if part in types), None)
            if "mimetype" in names:
                with package.open("mimetype") as entry:
                    mimetype = entry.read(200).strip()
                return ODF_MIMETYPES.get(mimetype)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError, ValueError):
        raise ValidationError(_("檔案不完整或已損毀，請重新存檔後上傳。"), code="broken") from None
    return None


def _attachment_kind(content: bytes) -> str | None:
    if _is_pdf(content):
        _read_pdf(content, text_pages=0)
        return "pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        if b"IEND" not in content[-32:]:
            raise ValidationError(_("圖片檔不完整或已損毀，請重新存檔後上傳。"), code="broken")
        return "png"
    if content.startswith(b"\xff\xd8\xff"):
        if b"\xff\xd9" not in content[-64:]:
            raise ValidationError(_("圖片檔不完整或已損毀，請重新存檔後上傳。"), code="broken")
        return "jpeg"
    if content.startswith(b"PK\x03\x04"):
        return _zip_kind(content)
    return None


def read_attachment(upload, *, max_bytes: int) -> AttachmentInfo:
    """A file for the public pages, its type read from its content; ValidationError in the
    user's words when it is missing, too large, empty, broken, of a type not offered, or named
    with the end of another type (a PDF named .docx would open in the wrong program)."""
    if upload is not None and hasattr(upload, "seek"):
        upload.seek(0)  # a form may have read it already
    content = _read_within(upload, max_bytes=max_bytes, missing=_("請選擇要上傳的檔案。"))
    key = _attachment_kind(content)
    if key is None:
        raise ValidationError(
            _("不接受此類檔案（僅更改副檔名無效）：%(types)s。")
            % {"types": attachment_types_text()},
            code="unsupported",
        )
    kind = ATTACHMENT_KINDS[key]
    name = (getattr(upload, "name", "") or "").lower()
    if not name.endswith(kind.extensions):
        ending = name.rsplit(".", 1)[-1] if "." in name else ""
        raise ValidationError(
            _(
                "檔案內容是 %(kind)s，但檔名的副檔名是「%(ending)s」，請改為「%(expected)s」後再上傳。"
            )
            % {
                "kind": kind.label,
                "ending": f".{ending}" if ending else _("（無）"),
                "expected": kind.extensions[0],
            },
            code="wrong_extension",
        )
    return AttachmentInfo(
        content=content,
        size=upload.size,
        sha256=hashlib.sha256(content).hexdigest(),
        kind=kind,
    )


# Evidence of a 成果報告書 session: photos (JPEG, PNG) and PDFs.
EVIDENCE_KINDS = ("jpeg", "png", "pdf")


def evidence_types_text() -> str:
    return _("可上傳 JPEG、PNG 照片或 PDF 檔")


def evidence_limit_text(max_bytes: int, max_files: int) -> str:
    return _("%(types)s，每個檔案限制 %(size)s，每場次至多 %(count)d 個檔案") % {
        "types": evidence_types_text(),
        "size": size_limit_text(max_bytes),
        "count": max_files,
    }


def read_evidence(upload, *, max_bytes: int) -> AttachmentInfo:
    """A photo or PDF of a held session, its type read from its content: ValidationError in the
    user's words when it is missing, too large, empty, broken, another type (a renamed file) or
    named with the end of another type."""
    info = read_attachment(upload, max_bytes=max_bytes)
    if info.kind.key not in EVIDENCE_KINDS:
        raise ValidationError(
            _("不接受此類檔案（%(kind)s）：%(types)s。")
            % {"kind": info.kind.label, "types": evidence_types_text()},
            code="unsupported",
        )
    return info
