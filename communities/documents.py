"""The signed (核章) PDFs of an application's forms: one per form, a new upload replaces the old.

Files go to Django's default storage, which settings keep outside any URL-served directory; they
are served only by communities.views.documents after communities.permissions.can_read.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents import checks
from documents.checks import read_signed_pdf
from documents.codes import find_document_code
from people.models import User
from programs.models import ProgramYear

from .models import Application, SignedDocument
from .permissions import can_edit


def upload_limit_text(*, program: ProgramYear) -> str:
    """The limits as the slides state them, e.g. 限制PDF，檔案限制 2MB，附件總數為一個檔案."""
    return checks.upload_limit_text(program.upload_max_bytes)


def document_forms(*, application: Application) -> list[SignedDocument.Form]:
    """The forms that need a signed copy: the plan always, the budget when money is requested."""
    forms = [SignedDocument.Form.PLAN]
    if application.requests_budget:
        forms.append(SignedDocument.Form.BUDGET)
    return forms


@dataclass(frozen=True)
class DocumentSlot:
    form: SignedDocument.Form
    document: SignedDocument | None

    @property
    def label(self) -> str:
        return self.form.label


def document_slots(*, application: Application) -> list[DocumentSlot]:
    """Each form that needs a signed copy, with the copy uploaded so far (one query)."""
    stored = {doc.form: doc for doc in application.documents.select_related("uploaded_by")}
    return [
        DocumentSlot(form=form, document=stored.get(form))
        for form in document_forms(application=application)
    ]


def _stored_name(*, application: Application, form: str, sha256: str) -> str:
    # The user's file name never becomes a path: it is kept only as original_name.
    return (
        f"signed/{application.program.academic_year}/"
        f"application-{application.pk}-{form}-{sha256[:16]}.pdf"
    )


@transaction.atomic
def document_upload(*, application: Application, form: str, upload, by: User) -> SignedDocument:
    """Check the upload's content and store it as the form's signed copy, replacing the old one.

    Raises ValidationError with the reason in the user's words (renamed non-PDF, broken or
    password-protected PDF, over the program's size limit)."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("program")
        .get(pk=application.pk)
    )
    if not can_edit(by, application):
        raise PermissionDenied(_("只有召集人可在可編輯的狀態下上傳核章完成文件。"))
    if form not in document_forms(application=application):
        raise ValidationError(_("本社群未申請經費，不需上傳經費概算表。"), code="not_needed")

    info = read_signed_pdf(upload, max_bytes=application.program.upload_max_bytes)

    storage = SignedDocument._meta.get_field("file").storage
    new_name = storage.save(
        _stored_name(application=application, form=form, sha256=info.sha256),
        ContentFile(info.content),
    )
    try:
        document = SignedDocument.objects.filter(application=application, form=form).first()
        old_name = document.file.name if document else None
        if document is None:
            document = SignedDocument(application=application, form=form)
        document.file.name = new_name
        document.original_name = (getattr(upload, "name", "") or "document.pdf")[-255:]
        document.size = info.size
        document.sha256 = info.sha256
        document.page_count = info.page_count
        # The 文件編號 printed in the footer tells which printed version was signed.
        document.print_code = find_document_code(info.text) or ""
        document.uploaded_by = by
        document.uploaded_at = timezone.now()
        document.full_clean(validate_unique=False, validate_constraints=False)
        document.save()
    except Exception:
        storage.delete(new_name)
        raise
    if old_name and old_name != new_name:
        # Only once the new row is committed: a rollback must leave the old copy readable.
        transaction.on_commit(lambda: storage.delete(old_name))
    return document


def document_open(*, document: SignedDocument) -> File:
    """The stored file, opened for reading; the caller has checked can_read."""
    return document.file.storage.open(document.file.name, "rb")
