"""PDFs for upload tests: blank A4 pages, optionally with ASCII text (a document code) on the
first, or protected by a password."""

import functools
import io

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject


@functools.cache  # bytes are immutable: every test may share one copy of each PDF
def pdf_bytes(
    pages: int = 1, *, text: str = "", user_password: str | None = None, pad_to: int = 0
) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if text:
        page = writer.pages[0]
        font = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
        )
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 10 Tf 40 40 Td ({text}) Tj ET".encode("ascii"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    if pad_to:
        # An embedded file is written as it is (a long metadata string is escaped slowly).
        writer.add_attachment("padding.bin", b"x" * pad_to)
    if user_password:
        writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_bytes(width: int = 4, height: int = 3, *, pad_to: int = 0) -> bytes:
    """A small real PNG photo (``pad_to`` bytes or more, with a text chunk of padding)."""
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    if pad_to:
        info.add_text("pad", "x" * pad_to)
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (40, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()
