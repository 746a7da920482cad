"""A PDF carrying JavaScript (/JS, /JavaScript, an /OpenAction or /AA action) or embedded files
(/EmbeddedFiles, file-attachment annotations) is refused with its own message, by both readers
and so by every upload slot: the signed forms, the school's signed summary, the public files."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from communities.models import SignedDocument
from communities.tests.factories import ApplicationFactory
from documents.checks import read_attachment, read_signed_pdf
from people.models import Role
from people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SCRIPT = "PDF 內含 JavaScript 程式或開啟時自動執行的動作"
EMBEDDED = "PDF 內嵌了其他檔案（附件）"


def _written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    return writer


def _js_action(writer: PdfWriter):
    return writer._add_object(
        DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert(1)"),
            }
        )
    )


def document_level_js() -> bytes:
    """A script in the catalogue's /Names /JavaScript tree (runs when the file opens)."""
    writer = _writer()
    tree = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("hi"), _js_action(writer)])}
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): writer._add_object(tree)}
    )
    return _written(writer)


def open_action_js() -> bytes:
    writer = _writer()
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert(1)"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    return _written(writer)


def page_additional_action() -> bytes:
    writer = _writer()
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("x")}
    )
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): action})
    return _written(writer)


def embedded_file() -> bytes:
    writer = _writer()
    writer.add_attachment("readme.txt", b"hello")
    return _written(writer)


def attachment_annotation() -> bytes:
    writer = _writer()
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/FileAttachment"),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    return _written(writer)


def link_running_js() -> bytes:
    """A link annotation whose action is a script, a few objects deep."""
    writer = _writer()
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/A"): _js_action(writer),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    return _written(writer)


CASES = [
    (document_level_js, SCRIPT),
    (open_action_js, SCRIPT),
    (page_additional_action, SCRIPT),
    (link_running_js, SCRIPT),
    (embedded_file, EMBEDDED),
    (attachment_annotation, EMBEDDED),
]


def upload(content: bytes, name: str = "核章.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.mark.parametrize("make, message", CASES, ids=[make.__name__ for make, _ in CASES])
def test_a_signed_pdf_with_active_content_is_refused(make, message):
    with pytest.raises(ValidationError) as error:
        read_signed_pdf(upload(make()), max_bytes=10_000_000)
    assert message in error.value.messages[0]


@pytest.mark.parametrize("make, message", CASES, ids=[make.__name__ for make, _ in CASES])
def test_a_public_pdf_with_active_content_is_refused(make, message):
    with pytest.raises(ValidationError) as error:
        read_attachment(upload(make(), "說明.pdf"), max_bytes=10_000_000)
    assert message in error.value.messages[0]


def test_a_plain_pdf_with_a_link_is_still_taken():
    writer = _writer()
    writer.add_uri(0, "https://example.tw", [10, 10, 100, 30])
    writer.add_metadata({"/Title": "JS AA /JSmith"})
    info = read_signed_pdf(upload(_written(writer)), max_bytes=10_000_000)
    assert info.page_count == 1


def test_the_convenor_reads_why_at_the_upload_field_and_nothing_is_stored(client, program):
    application = ApplicationFactory()
    client.force_login(application.convenor)
    response = client.post(
        reverse("communities:document_upload", args=[application.pk, "plan"]),
        {"file": upload(document_level_js())},
    )
    assert response.status_code == 200
    assert SCRIPT in response.content.decode()
    assert not SignedDocument.objects.filter(application=application).exists()


def test_the_school_summary_slot_refuses_it_too(program):
    from summaries.services import package_upload

    application = ApplicationFactory()
    admin = UserFactory(role=Role.SCHOOL_ADMIN, school=application.school)
    with pytest.raises(ValidationError) as error:
        package_upload(
            school=application.school, program=program, upload=upload(embedded_file()), by=admin
        )
    assert EMBEDDED in error.value.messages[0]
