import io

import pytest
from pypdf import PdfReader

from communities.tests.builders import realistic_application

# The school summaries' people (a 國中 of 14 classes, its admin, another school) serve the printed
# summaries' tests too.
from summaries.tests.conftest import admin, other_school, school  # noqa: F401


@pytest.fixture
def application(program):
    """A filled-in application: 8 sessions (one public lesson), 5 members and a budget."""
    return realistic_application()


def pdf_reader(content: bytes) -> PdfReader:
    assert content[:5] == b"%PDF-"
    return PdfReader(io.BytesIO(content))


def pdf_pages_text(content: bytes) -> list[str]:
    return [page.extract_text() or "" for page in pdf_reader(content).pages]


def pdf_text(content: bytes) -> str:
    return "\n".join(pdf_pages_text(content))


def pdf_fonts(content: bytes) -> list[dict]:
    """Each font resource used by the pages: its BaseFont and the embedded font program entry."""
    fonts = {}
    for page in pdf_reader(content).pages:
        resources = page["/Resources"].get_object()
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described["/FontDescriptor"].get_object()
            embedded = [
                key for key in ("/FontFile", "/FontFile2", "/FontFile3") if key in descriptor
            ]
            fonts[str(font["/BaseFont"])] = {
                "base_font": str(font["/BaseFont"]),
                "embedded": embedded,
                "program": descriptor[embedded[0]].get_object().get_data() if embedded else b"",
                "to_unicode": font["/ToUnicode"].get_object().get_data()
                if "/ToUnicode" in font
                else b"",
            }
    return list(fonts.values())
