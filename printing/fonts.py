"""The font files the print stylesheet declares, prepared once from settings.PDF_FONT_FILE /
PDF_FONT_BOLD_FILE and cached in the temporary directory (named after the source file's size and
modification time, so an updated font is prepared again).

Two files per weight:
- the *full* face: Debian ships Noto Sans CJK as a collection (.ttc) whose first face is the
  Japanese one, and WeasyPrint hands a whole collection to fontconfig, which then picks that first
  face (說, 骨, 起 … would print in Japanese forms). So the Traditional Chinese face is copied out of
  the collection into a file of its own.
- the *common* face: the same face cut down, with HarfBuzz's subsetter, to Latin, punctuation,
  symbols, kana/bopomofo, full-width forms and the Han characters of Big5 (CP950) — every
  character of Taiwanese forms but rare ones. WeasyPrint embeds a subset of each font used, and
  that cost grows with the font's glyph count (~16,000 here instead of ~65,000): a PDF renders
  faster and is smaller. Rare characters (a name with 堃 outside Big5 …) fall through to the full
  face, so nothing prints as a box.
"""

import logging
import os
import threading
from functools import cache
from pathlib import Path
from tempfile import gettempdir

logger = logging.getLogger(__name__)

# The face to take from a font collection: Taiwan's forms use Traditional Chinese glyph forms.
FACE_FAMILY = "Noto Sans CJK TC"

# Unicode ranges kept whole in the common face (the Han characters are added from Big5).
COMMON_RANGES = (
    (0x0020, 0x2FFF),  # Latin, punctuation, symbols, arrows, box drawing, enclosed numbers …
    (0x3000, 0x33FF),  # CJK symbols and punctuation, kana, bopomofo, enclosed CJK, units
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # full-width forms
)
# Tables the common face does without: GSUB's closure would pull every variant glyph back in;
# the vertical metrics serve vertical writing only.
DROPPED_TABLES = (b"GSUB", b"VORG", b"vhea", b"vmtx")

_lock = threading.Lock()


def _cache_path(source: Path, family: str, kind: str) -> Path:
    stat = source.stat()
    name = f"{source.stem}-{family.replace(' ', '')}-{kind}-{stat.st_size}-{int(stat.st_mtime)}.otf"
    return Path(gettempdir()) / "plc-print-fonts" / name


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.part")
    partial.write_bytes(data)
    os.replace(partial, target)  # a concurrent process sees the whole file or none


def is_collection(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) == b"ttcf"


def face_index(path: Path, family: str = FACE_FAMILY) -> int:
    """The index of ``family``'s face in a collection (0 when it has none)."""
    if not is_collection(path):
        return 0
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(path), lazy=True)
    for index, font in enumerate(collection.fonts):
        if family in {font["name"].getDebugName(16), font["name"].getDebugName(1)}:
            return index
    logger.warning("%s has no %r face; using its first face", path, family)
    return 0


def full_face(path: str | os.PathLike, *, family: str = FACE_FAMILY) -> Path:
    """``path`` itself, or for a collection its ``family`` face saved as a file of its own."""
    source = Path(path)
    if not is_collection(source):
        return source
    target = _cache_path(source, family, "full")
    with _lock:
        if not target.exists():
            from fontTools.ttLib import TTCollection

            collection = TTCollection(str(source), lazy=True)
            font = collection.fonts[face_index(source, family)]
            partial = target.with_name(f"{target.name}.{os.getpid()}.part")
            target.parent.mkdir(parents=True, exist_ok=True)
            font.save(str(partial))
            os.replace(partial, target)
    return target


@cache
def _big5_han() -> frozenset[int]:
    characters = set()
    for lead in range(0x81, 0xFF):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            try:
                character = bytes((lead, trail)).decode("cp950")
            except UnicodeDecodeError:
                continue
            if len(character) == 1 and ord(character) >= 0x3400:
                characters.add(ord(character))
    return frozenset(characters)


@cache
def _harfbuzz():
    """HarfBuzz and its subsetter through cffi (WeasyPrint needs both), or None."""
    try:
        import cffi
    except ImportError:  # pragma: no cover - WeasyPrint depends on cffi
        return None
    ffi = cffi.FFI()
    ffi.cdef(
        """
        typedef struct hb_blob_t hb_blob_t;
        typedef struct hb_face_t hb_face_t;
        typedef struct hb_set_t hb_set_t;
        typedef struct hb_subset_input_t hb_subset_input_t;
        hb_blob_t *hb_blob_create_from_file_or_fail (const char *file_name);
        void hb_blob_destroy (hb_blob_t *blob);
        const char *hb_blob_get_data (hb_blob_t *blob, unsigned int *length);
        hb_face_t *hb_face_create (hb_blob_t *blob, unsigned int index);
        void hb_face_destroy (hb_face_t *face);
        hb_blob_t *hb_face_reference_blob (hb_face_t *face);
        void hb_set_add (hb_set_t *set, uint32_t codepoint);
        void hb_set_add_range (hb_set_t *set, uint32_t first, uint32_t last);
        uint32_t hb_tag_from_string (const char *str, int len);
        hb_subset_input_t *hb_subset_input_create_or_fail (void);
        void hb_subset_input_destroy (hb_subset_input_t *input);
        hb_set_t *hb_subset_input_unicode_set (hb_subset_input_t *input);
        hb_set_t *hb_subset_input_set (hb_subset_input_t *input, int set_type);
        hb_face_t *hb_subset_or_fail (hb_face_t *source, const hb_subset_input_t *input);
        """
    )
    libraries = []
    for names in (
        ("harfbuzz", "libharfbuzz.so.0", "libharfbuzz-0", "libharfbuzz.0.dylib"),
        ("harfbuzz-subset", "libharfbuzz-subset.so.0", "libharfbuzz-subset-0"),
    ):
        for name in names:
            try:
                libraries.append(ffi.dlopen(name))
                break
            except OSError:
                continue
        else:
            return None
    return ffi, *libraries


HB_SUBSET_SETS_DROP_TABLE_TAG = 3


def _subset_common(source: Path, index: int) -> bytes | None:
    loaded = _harfbuzz()
    if loaded is None:
        return None
    ffi, hb, hb_subset = loaded
    blob = hb.hb_blob_create_from_file_or_fail(str(source).encode())
    if blob == ffi.NULL:
        return None
    face = hb.hb_face_create(blob, index)
    request = hb_subset.hb_subset_input_create_or_fail()
    try:
        if request == ffi.NULL:
            return None
        unicodes = hb_subset.hb_subset_input_unicode_set(request)
        for first, last in COMMON_RANGES:
            hb.hb_set_add_range(unicodes, first, last)
        for codepoint in _big5_han():
            hb.hb_set_add(unicodes, codepoint)
        dropped = hb_subset.hb_subset_input_set(request, HB_SUBSET_SETS_DROP_TABLE_TAG)
        for tag in DROPPED_TABLES:
            hb.hb_set_add(dropped, hb.hb_tag_from_string(tag, -1))
        subset = hb_subset.hb_subset_or_fail(face, request)
        if subset == ffi.NULL:
            return None
        try:
            result = hb.hb_face_reference_blob(subset)
            length = ffi.new("unsigned int *")
            data = hb.hb_blob_get_data(result, length)
            content = bytes(ffi.buffer(data, length[0])) if length[0] else None
            hb.hb_blob_destroy(result)
            return content
        finally:
            hb.hb_face_destroy(subset)
    finally:
        if request != ffi.NULL:
            hb_subset.hb_subset_input_destroy(request)
        hb.hb_face_destroy(face)
        hb.hb_blob_destroy(blob)


def common_face(path: str | os.PathLike, *, family: str = FACE_FAMILY) -> Path | None:
    """The ``family`` face of ``path`` cut down to the characters in common use; None when
    HarfBuzz's subsetter is not available (the full face then serves alone)."""
    source = Path(path)
    target = _cache_path(source, family, "common")
    with _lock:
        if target.exists():
            return target
        content = _subset_common(source, face_index(source, family))
        if not content:
            logger.warning("could not subset %s; printing with the full font", source)
            return None
        _write_atomically(target, content)
    return target
