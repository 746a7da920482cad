"""HTML → PDF with WeasyPrint, the fonts embedded.

Building a FontConfiguration and parsing the stylesheet (with its @font-face rules) costs far more
than laying out one form, so both are made once per process and reused by every render
(WeasyPrint needs the same FontConfiguration in CSS() and write_pdf()).

The font is settings.PDF_FONT_FILE (bold: PDF_FONT_BOLD_FILE). Debian ships Noto Sans CJK as a
collection (.ttc) whose first face is the Japanese one; WeasyPrint hands the whole collection to
fontconfig, which then picks the first face, so 說/骨/起 would print in Japanese forms. We therefore
copy the Traditional Chinese face out of the collection once (cached on disk) and declare that
single-face file. Its family name must not equal an installed family ignoring blanks and case
("NotoSansCJKtc" would equal "Noto Sans CJK TC"), or fontconfig prefers the system copy.
"""

import atexit
import logging
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)
# WeasyPrint reports each layout step at INFO; one line per step of every print is noise.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# The face to take from a font collection: Taiwan's forms use Traditional Chinese glyph forms.
FACE_FAMILY = "Noto Sans CJK TC"
# The family the stylesheets ask for; it is also the embedded font's name in the PDF.
FONT_FAMILY = "NotoSansTC-Print"
# Glyphs the CJK font lacks (☑ ☐) come from the next font that has them.
FALLBACK_FAMILIES = '"DejaVu Sans", sans-serif'
STYLESHEET = Path(__file__).parent / "static" / "printing" / "print.css"


def _face_index(collection, family: str) -> int:
    for index, font in enumerate(collection.fonts):
        names = {font["name"].getDebugName(16), font["name"].getDebugName(1)}
        if family in names:
            return index
    logger.warning("font collection has no %r face; using its first face", family)
    return 0


def single_face_font(path: str | os.PathLike, *, family: str = FACE_FAMILY) -> Path:
    """The font file to declare: ``path`` itself, or for a collection its ``family`` face saved
    once as a file of its own (in the temporary directory, named after the source's size and
    modification time so that an updated font is copied again)."""
    source = Path(path)
    with source.open("rb") as handle:
        if handle.read(4) != b"ttcf":
            return source
    from fontTools.ttLib import TTCollection

    stat = source.stat()
    cache_dir = Path(tempfile.gettempdir()) / "plc-print-fonts"
    stem = f"{source.stem}-{family.replace(' ', '')}-{stat.st_size}-{int(stat.st_mtime)}"
    target = cache_dir / f"{stem}.otf"
    if target.exists():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    collection = TTCollection(str(source), lazy=True)
    font = collection.fonts[_face_index(collection, family)]
    partial = cache_dir / f"{stem}.{os.getpid()}.{threading.get_ident()}.part"
    font.save(str(partial))
    os.replace(partial, target)  # atomic: a concurrent process sees the whole file or none
    return target


def font_face_css() -> str:
    regular = single_face_font(settings.PDF_FONT_FILE)
    bold = single_face_font(settings.PDF_FONT_BOLD_FILE)
    return (
        f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: normal; '
        f'src: url("{regular.as_uri()}"); }}\n'
        f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: bold; '
        f'src: url("{bold.as_uri()}"); }}\n'
        f'html {{ font-family: "{FONT_FAMILY}", {FALLBACK_FAMILIES}; }}\n'
    )


@dataclass(frozen=True)
class _Renderer:
    font_config: object
    stylesheet: object


_renderer: _Renderer | None = None
_lock = threading.Lock()


def _get_renderer() -> _Renderer:
    global _renderer
    if _renderer is None:
        with _lock:
            if _renderer is None:
                from weasyprint import CSS
                from weasyprint.text.fonts import FontConfiguration

                font_config = FontConfiguration()
                # The font rules come last: they override the browser font list in the stylesheet.
                css = STYLESHEET.read_text(encoding="utf-8") + font_face_css()
                _renderer = _Renderer(
                    font_config=font_config,
                    stylesheet=CSS(string=css, font_config=font_config),
                )
                # Let the font configuration delete its temporary copies while the interpreter
                # is still whole (its finaliser fails during shutdown).
                atexit.register(reset_renderer)
    return _renderer


def reset_renderer() -> None:
    """Forget the cached fonts and stylesheet (after the font settings changed)."""
    global _renderer
    with _lock:
        _renderer = None


def render_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """The PDF of an HTML document laid out with the print stylesheet."""
    from weasyprint import HTML

    renderer = _get_renderer()
    return HTML(string=html, base_url=base_url).write_pdf(
        stylesheets=[renderer.stylesheet], font_config=renderer.font_config
    )
