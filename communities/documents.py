"""The signed (核章) PDFs of an application's forms: one per form, a new upload replaces the old.

They are stored by documents.services.signed_pdf_store, and served only by
communities.views.documents after communities.permissions.can_read.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from documents import checks
from documents.services import signed_pdf_store
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


# The signed copies as a page reads them along with the application (prefetch_related_objects):
# document_slots and 送出's checks then share them.
DOCUMENTS_PREFETCH = Prefetch(
    "documents", queryset=SignedDocument.objects.select_related("uploaded_by")
)


def stored_documents(application: Application) -> list[SignedDocument]:
    """The application's signed copies, with who uploaded each: the ones read with it
    (DOCUMENTS_PREFETCH), or one query."""
    kept = getattr(application, "_prefetched_objects_cache", {}).get("documents")
    if kept is not None:
        return list(kept)
    return list(application.documents.select_related("uploaded_by"))


def document_slots(*, application: Application) -> list[DocumentSlot]:
    """Each form that needs a signed copy, with the copy uploaded so far (one query, or none
    when they were read with the application)."""
    stored = {doc.form: doc for doc in stored_documents(application)}
    return [
        DocumentSlot(form=form, document=stored.get(form))
        for form in document_forms(application=application)
    ]


def _stored_name(*, application: Application, form: str) -> str:
    # The store service adds the content's hash and ".pdf".
    return f"signed/{application.program.academic_year}/application-{application.pk}-{form}"


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

    # The application's lock keeps another upload of the same form waiting.
    document = SignedDocument.objects.filter(
        application=application, form=form
    ).first() or SignedDocument(application=application, form=form)
    return signed_pdf_store(
        row=document,
        upload=upload,
        max_bytes=application.program.upload_max_bytes,
        name=_stored_name(application=application, form=form),
        by=by,
    )


def document_open(*, document: SignedDocument) -> File:
    """The stored file, opened for reading; the caller has checked can_read."""
    return document.file.storage.open(document.file.name, "rb")
