"""Document codes: read from extracted text, taken apart, made from a content's hash."""

from dataclasses import dataclass

from documents.codes import (
    content_code,
    content_hash,
    find_document_code,
    format_code,
    parse_document_code,
)


def test_find_document_code_reads_the_code_from_extracted_text():
    assert find_document_code("核章\n文件編號 A000123-3f9c2a1b\n第 1 頁／共 2 頁") == (
        "A000123-3f9c2a1b"
    )
    assert find_document_code("文件編號A000123-3f9c2a1b第1頁") == "A000123-3f9c2a1b"
    # A line break inside the code (text extraction of a scan's OCR layer) is tolerated.
    assert find_document_code("文件編號 A000123-3f9c\n2a1b") == "A000123-3f9c2a1b"
    assert find_document_code("S000045-00ff00ff") == "S000045-00ff00ff"
    assert find_document_code("") is None
    assert find_document_code(None) is None
    assert find_document_code("電話 06-5711234 郵遞區號 730") is None
    assert find_document_code("XA000123-3f9c2a1b9") is None


def test_a_code_is_the_prefix_six_digit_id_and_eight_hex_digits():
    assert format_code(prefix="S", pk=45, digest="00ff00ff" + "0" * 56) == "S000045-00ff00ff"
    assert parse_document_code("A000123-3f9c2a1b") == ("A", 123, "3f9c2a1b")
    assert parse_document_code("A000123-3f9c2a1b ") is None
    assert parse_document_code("") is None


@dataclass(frozen=True)
class Printed:
    name: str
    rows: tuple[int, ...]


def test_the_hash_follows_the_content_only():
    same = content_hash(Printed("社群", (1, 2)))
    assert content_hash(Printed("社群", (1, 2))) == same
    assert content_hash(Printed("社群", (2, 1))) != same
    assert content_hash({"rows": [1, 2], "name": "社群"}) == same  # the dataclass's fields
    assert content_code(prefix="A", pk=7, content=Printed("社群", (1, 2))) == f"A000007-{same[:8]}"
