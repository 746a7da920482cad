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
import re
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


def _trimmed_ua_stylesheet():
    """WeasyPrint's HTML user-agent stylesheet without its universal pseudo-element rules
    (::marker, ::footnote-*, ::note-*): they give every element of a form six pseudo-element
    styles to compute, a fifth of the layout time, for markers and footnotes the forms never
    show. List items keep their marker rule."""
    from weasyprint import CSS
    from weasyprint import html as weasy_html
    from weasyprint.css.counters import CounterStyle

    text = weasy_html.UA.replace("\n::marker {", "\nli::marker, summary::marker {")
    text = re.sub(r"^::(?:footnote|note)-[a-z]+ \{[^}]*\}$", "", text, flags=re.M)
    # The counter styles are already in WeasyPrint's own UA counter style; parse into a spare.
    return CSS(string=text, counter_style=CounterStyle())


def _document_class():
    """HTML with the trimmed user-agent stylesheet; plain HTML where this WeasyPrint's internals
    differ from the ones the trimming relies on (it is a speed-up, never a requirement)."""
    from weasyprint import HTML
    from weasyprint import html as weasy_html

    if not callable(getattr(HTML, "_ua_stylesheets", None)) or not hasattr(weasy_html, "UA"):
        return HTML
    ua_stylesheet = _trimmed_ua_stylesheet()

    class FormHTML(HTML):
        def _ua_stylesheets(self, forms=False):
            return [ua_stylesheet]

    return FormHTML


@dataclass(frozen=True)
class _Renderer:
    font_config: object
    stylesheet: object
    document_class: type
    url_fetcher: object


_renderer: _Renderer | None = None
_lock = threading.Lock()


def _get_renderer() -> _Renderer:
    global _renderer
    if _renderer is None:
        with _lock:
            if _renderer is None:
                from weasyprint import CSS
                from weasyprint.text.fonts import FontConfiguration
                from weasyprint.urls import URLFetcher

                font_config = FontConfiguration()
                # The font rules come last: they override the browser font list in the stylesheet.
                css = STYLESHEET.read_text(encoding="utf-8") + font_face_css()
                _renderer = _Renderer(
                    font_config=font_config,
                    stylesheet=CSS(string=css, font_config=font_config),
                    document_class=_document_class(),
                    # A form loads nothing: no image or stylesheet is fetched on its behalf.
                    url_fetcher=URLFetcher(allowed_protocols=()),
                )
    return _renderer


def reset_renderer() -> None:
    """Forget the cached fonts and stylesheets (after the font settings changed)."""
    global _renderer
    with _lock:
        _renderer = None


# Let the font configuration delete its temporary copies while the interpreter is still whole
# (its finaliser fails during shutdown).
atexit.register(reset_renderer)


def render_pdf(html: str, *, data_images: bool = False) -> bytes:
    """The PDF of an HTML document laid out with the print stylesheet. With ``data_images``,
    images the document carries itself (``data:`` URLs) are drawn; still nothing is fetched."""
    renderer = _get_renderer()
    url_fetcher = renderer.url_fetcher
    if data_images:
        from weasyprint.urls import URLFetcher

        url_fetcher = URLFetcher(allowed_protocols=("data",))
    document = renderer.document_class(string=html, url_fetcher=url_fetcher)
    return document.write_pdf(stylesheets=[renderer.stylesheet], font_config=renderer.font_config)
