"""HTML → PDF with WeasyPrint, the fonts embedded.

Building a FontConfiguration and parsing the stylesheet (with its @font-face rules) costs far more
than laying out one form, so both are made once per process and reused by every render
(WeasyPrint needs the same FontConfiguration in CSS() and write_pdf()).

The fonts come from settings.PDF_FONT_FILE and PDF_FONT_BOLD_FILE, prepared by printing.fonts:
the Traditional Chinese face of the collection, in common use first, then whole. The family names
declared here must not equal an installed family ignoring blanks and case ("NotoSansCJKtc" would
equal "Noto Sans CJK TC"), or fontconfig prefers the system copy.
"""

import atexit
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from . import fonts

# WeasyPrint reports each layout step at INFO; one line per step of every print is noise.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# The families the stylesheet asks for; they are also the embedded fonts' names in the PDF.
FONT_FAMILY = "NotoSansTC-Print"
FULL_FONT_FAMILY = "NotoSansTC-PrintFull"
# Glyphs the CJK font lacks (☑ ☐) come from the next font that has them.
FALLBACK_FAMILIES = '"DejaVu Sans", sans-serif'
STYLESHEET = Path(__file__).parent / "static" / "printing" / "print.css"


def _font_face(family: str, weight: str, path: Path) -> str:
    return (
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
        f'src: url("{path.as_uri()}"); }}\n'
    )


def font_face_css() -> str:
    rules = []
    families = []
    for weight, setting in (("normal", "PDF_FONT_FILE"), ("bold", "PDF_FONT_BOLD_FILE")):
        source = getattr(settings, setting)
        common = fonts.common_face(source)
        if common is not None:
            rules.append(_font_face(FONT_FAMILY, weight, common))
        rules.append(_font_face(FULL_FONT_FAMILY, weight, fonts.full_face(source)))
    if any(FONT_FAMILY in rule for rule in rules):
        families.append(f'"{FONT_FAMILY}"')
    families.append(f'"{FULL_FONT_FAMILY}"')
    rules.append(f"html {{ font-family: {', '.join(families)}, {FALLBACK_FAMILIES}; }}\n")
    return "".join(rules)


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
