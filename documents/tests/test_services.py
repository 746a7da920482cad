"""The store service of signed PDFs, on both kinds of row (an application's form, a school's
summary)."""

import hashlib
from unittest import mock

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse

from communities.models import SignedDocument
from communities.tests.factories import ApplicationFactory
from documents.models import SignedPdf
from documents.services import signed_pdf_store
from people.tests.factories import SchoolFactory, UserFactory
from summaries.models import SchoolPackage

from .pdfs import pdf_bytes, pdf_upload

pytestmark = pytest.mark.django_db

LIMIT = 2 * 1024 * 1024


@pytest.fixture
def document(program):
    application = ApplicationFactory()
    return SignedDocument(application=application, form=SignedDocument.Form.PLAN)


@pytest.fixture
def package(program):
    return SchoolPackage(school=SchoolFactory(), program=program)


def store(row, upload=None, *, name="signed/test/row", by=None):
    return signed_pdf_store(
        row=row,
        upload=upload or pdf_upload(),
        max_bytes=LIMIT,
        name=name,
        by=by or UserFactory(),
    )


def stored_files(folder: str) -> list[str]:
    if not default_storage.exists(folder):
        return []
    return default_storage.listdir(folder)[1]


def test_the_file_is_named_by_its_content_never_by_the_users_name(document):
    content = pdf_bytes(pages=2, text="A000001-0123abcd")
    by = UserFactory()

    row = store(
        document, pdf_upload("../../核章 完成.pdf", content), name="signed/109/named", by=by
    )

    sha256 = hashlib.sha256(content).hexdigest()
    assert row.file.name == f"signed/109/named-{sha256[:16]}.pdf"
    with default_storage.open(row.file.name, "rb") as stored:
        assert stored.read() == content
    assert "核章" not in row.file.name and ".." not in row.file.name
    row.refresh_from_db()
    assert row.original_name == "核章 完成.pdf"  # kept as text only
    assert (row.size, row.sha256, row.page_count) == (len(content), sha256, 2)
    assert row.print_code == "A000001-0123abcd"
    assert row.uploaded_by == by
    assert row.uploaded_at is not None


def test_each_upload_sets_the_upload_time(document):
    first = store(document).uploaded_at
    second = store(SignedDocument.objects.get(pk=document.pk), pdf_upload(content=pdf_bytes(2)))
    assert second.uploaded_at > first


def test_a_file_that_fails_the_checks_stores_nothing(document):
    with pytest.raises(ValidationError) as error:
        store(document, pdf_upload("x.pdf", b"PK\x03\x04 not a pdf"), name="signed/bad/row")

    assert error.value.code == "not_pdf"
    assert stored_files("signed/bad") == []
    assert not SignedDocument.objects.exists()


def test_a_row_that_cannot_be_saved_leaves_no_file(document):
    document.form = "not-a-form"

    with pytest.raises(ValidationError) as error:
        store(document, name="signed/invalid/row")

    assert "form" in error.value.message_dict
    assert stored_files("signed/invalid") == []
    assert not SignedDocument.objects.exists()


def test_a_database_error_on_saving_leaves_no_file(document):
    with mock.patch.object(SignedDocument, "save", side_effect=RuntimeError("database gone")):
        with pytest.raises(RuntimeError):
            store(document, name="signed/failed/row")

    assert stored_files("signed/failed") == []


def test_the_replaced_file_is_deleted_only_after_commit(
    document, django_capture_on_commit_callbacks
):
    old_name = store(document, name="signed/replaced/row").file.name
    row = SignedDocument.objects.get(pk=document.pk)

    with django_capture_on_commit_callbacks() as callbacks:
        new_name = store(
            row, pdf_upload(content=pdf_bytes(3)), name="signed/replaced/row"
        ).file.name
        assert default_storage.exists(old_name)  # still the readable copy until the commit

    assert new_name != old_name
    assert default_storage.exists(old_name)
    for callback in callbacks:
        callback()
    assert not default_storage.exists(old_name)
    assert default_storage.exists(new_name)


def test_a_rollback_keeps_the_replaced_file(document, django_capture_on_commit_callbacks):
    old_name = store(document, name="signed/rolled/row").file.name

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            store(SignedDocument.objects.get(pk=document.pk), pdf_upload(content=pdf_bytes(2)))
            raise RuntimeError("a later step fails")

    assert default_storage.exists(old_name)
    assert SignedDocument.objects.get(pk=document.pk).file.name == old_name


@pytest.mark.audit
@pytest.mark.parametrize("kind", ["document", "package"])
def test_every_save_leaves_an_audit_row_naming_the_uploader(kind, request):
    row = request.getfixturevalue(kind)
    by = UserFactory()

    store(row, by=by)
    store(type(row).objects.get(pk=row.pk), pdf_upload(content=pdf_bytes(2)), by=by)

    entries = LogEntry.objects.get_for_object(row).order_by("pk")
    assert [entry.action for entry in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert {entry.actor for entry in entries} == {by}
    assert "page_count" in entries[1].changes_dict


@pytest.mark.audit
def test_the_uploader_is_the_actor_inside_another_actors_context(document):
    """A service called on someone's behalf (e.g. in a request of another user) names ``by``."""
    someone_else, by = UserFactory(), UserFactory()

    with set_actor(someone_else):
        store(document, by=by)

    assert LogEntry.objects.get_for_object(document).get().actor == by


def test_every_signed_pdf_model_is_audited():
    models = [model for model in apps.get_models() if issubclass(model, SignedPdf)]
    assert set(models) >= {SignedDocument, SchoolPackage}
    assert all(auditlog.contains(model) for model in models)


@pytest.mark.audit
def test_an_upload_through_the_page_is_audited_with_the_user(client, document):
    application = document.application
    client.force_login(application.convenor)

    response = client.post(
        reverse("communities:document_upload", args=[application.pk, "plan"]),
        {"file": pdf_upload()},
    )

    assert response.status_code == 302
    stored = SignedDocument.objects.get(application=application, form="plan")
    entry = LogEntry.objects.get_for_object(stored).get()
    assert entry.actor == application.convenor
    assert entry.action == LogEntry.Action.CREATE


@pytest.mark.audit
def test_a_school_upload_through_the_page_is_audited_with_the_admin(client, package):
    admin = UserFactory(school_admin=True, school=package.school)
    client.force_login(admin)

    response = client.post(reverse("summaries:package_upload"), {"year": 109, "file": pdf_upload()})

    assert response.status_code == 302
    stored = SchoolPackage.objects.get(school=package.school)
    assert LogEntry.objects.get_for_object(stored).get().actor == admin
