"""Document codes: which printed version of a form a sheet of paper (or its scan) is.

A code is its owner's prefix and id and the first 8 hex digits of the SHA-256 of the printed
content (documents.printed and the apps' own printed modules), e.g. "A000123-3f9c2a1b" for an
application; a school summary's code starts with S and the school's id. It is ASCII so that it
survives PDF text extraction and is printed in every page's footer ("文件編號 A000123-3f9c2a1b").
The code of an application's or a school's current content is worked out where that content is
built (communities.printed, summaries.printed).
"""

import functools
import hashlib
import json
import re
from dataclasses import asdict, is_dataclass

from django.conf import settings
from django.utils import translation

APPLICATION_PREFIX = "A"
SCHOOL_PREFIX = "S"
HASH_LENGTH = 8
CODE_PATTERN = re.compile(r"(?<![0-9A-Za-z])([AS])(\d{6,})-([0-9a-f]{8})(?![0-9A-Za-z])")


def in_forms_language(function):
    """Runs ``function`` in the site's language (LANGUAGE_CODE, Traditional Chinese), whatever
    the reader chose: the printed forms are the official ones that are signed and stamped, and
    their content, so its code, must be the same for every reader (an English reader's print
    and a Chinese reader's check of the upload would otherwise never match)."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    return wrapper


def content_hash(content) -> str:
    """SHA-256 (hex) of a canonical serialisation of printed content."""
    data = asdict(content) if is_dataclass(content) else content
    canonical = json.dumps(
        data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def format_code(*, prefix: str, pk: int, digest: str) -> str:
    return f"{prefix}{pk:06d}-{digest[:HASH_LENGTH]}"


def content_code(*, prefix: str, pk: int, content) -> str:
    """The code printed content carries: its owner's prefix and id, and its hash."""
    return format_code(prefix=prefix, pk=pk, digest=content_hash(content))


def find_document_code(text: str | None) -> str | None:
    """The first document code in text extracted from a PDF, or None."""
    if not text:
        return None
    match = CODE_PATTERN.search(text)
    if match is None:
        # Extraction sometimes splits a line into pieces; try again without the breaks.
        match = CODE_PATTERN.search(re.sub(r"\s+", "", text))
    return match.group(0) if match else None


def parse_document_code(code: str) -> tuple[str, int, str] | None:
    """("A", 123, "3f9c2a1b") for "A000123-3f9c2a1b"; None for anything else."""
    match = CODE_PATTERN.fullmatch(code or "")
    if match is None:
        return None
    prefix, pk, digest = match.groups()
    return prefix, int(pk), digest
