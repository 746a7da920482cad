import pytest
from django.core.exceptions import ValidationError

from documents.checks import read_signed_pdf, size_limit_text, upload_limit_text

from .pdfs import pdf_bytes, pdf_upload

pytestmark = pytest.mark.django_db


def test_a_file_one_byte_over_the_limit_says_both_sizes_in_bytes(program):
    limit = program.upload_max_bytes
    content = pdf_bytes()
    content += b"%" * (limit + 1 - len(content) - 6) + b"\n%%EOF"
    assert len(content) == limit + 1

    with pytest.raises(ValidationError) as error:
        read_signed_pdf(pdf_upload("大.pdf", content), max_bytes=limit)

    assert error.value.messages == [
        "檔案大小 2,097,153 位元組，超過上限 2MB（2,097,152 位元組），"
        "請壓縮或降低掃描解析度後再上傳。"
    ]


def test_a_readable_pdf_gives_its_pages_text_and_hash():
    content = pdf_bytes(pages=2, text="A000001-0123abcd")

    info = read_signed_pdf(pdf_upload(content=content), max_bytes=len(content))

    assert info.content == content
    assert info.size == len(content)
    assert info.page_count == 2
    assert "A000001-0123abcd" in info.text
    assert len(info.sha256) == 64


def test_no_file_is_asked_for():
    with pytest.raises(ValidationError) as error:
        read_signed_pdf(None, max_bytes=100)
    assert error.value.messages == ["請選擇要上傳的 PDF 檔案。"]


@pytest.mark.parametrize(
    ("max_bytes", "text"),
    [(2 * 1024 * 1024, "2MB"), (1500 * 1024, "1,500KB"), (1_000_000, "1,000,000 位元組")],
)
def test_a_limit_is_written_as_the_slides_write_it(max_bytes, text):
    assert size_limit_text(max_bytes) == text
    assert upload_limit_text(max_bytes) == f"限制PDF，檔案限制 {text}，附件總數為一個檔案"
