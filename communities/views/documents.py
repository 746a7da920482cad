"""Upload and download of the signed (核章) PDFs. Uploading: the convenor while the application is
editable. Downloading: whoever may read the application (communities.permissions.can_read)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..documents import document_open, document_slots, document_upload, upload_limit_text
from ..forms_budget import DocumentUploadForm
from ..models import Application, SignedDocument
from ..permissions import can_edit
from .access import COMMUNITY_CRUMBS, readable_application, refuse_stale_edit


def _form_or_404(form: str) -> SignedDocument.Form:
    if form not in SignedDocument.Form.values:
        raise Http404
    return SignedDocument.Form(form)


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def upload_context(
    request,
    *,
    application: Application,
    form: SignedDocument.Form,
    upload_form: DocumentUploadForm,
    editable: bool,
) -> dict:
    """What communities/_document_slot.html needs for one form's signed copy."""
    slot = next(
        (s for s in document_slots(application=application) if s.form == form),
        None,
    )
    return {
        "application": application,
        "slot": slot,
        "form_key": form,
        "form_label": form.label,
        "upload_form": upload_form,
        "can_upload": editable and slot is not None,
        "limit_text": upload_limit_text(program=application.program),
        "next": request.get_full_path(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def document_upload_view(request, pk: int, form: str):
    form_key = _form_or_404(form)
    application = readable_application(request, pk)
    editable = can_edit(request.user, application)
    upload_form = DocumentUploadForm()
    if request.method == "POST":
        if not editable:
            refuse_stale_edit(request, application)
        upload_form = DocumentUploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            try:
                document_upload(
                    application=application,
                    form=form_key,
                    upload=upload_form.cleaned_data["file"],
                    by=request.user,
                )
            except ValidationError as error:
                upload_form.add_error("file", error)
            else:
                messages.success(
                    request,
                    _("已上傳「%(form)s」核章完成文件。") % {"form": form_key.label},
                )
                return redirect(
                    _safe_next(request) or reverse("communities:progress", args=[application.pk])
                )
    context = upload_context(
        request,
        application=application,
        form=form_key,
        upload_form=upload_form,
        editable=editable,
    )
    context["next"] = _safe_next(request)
    context["crumbs"] = [*COMMUNITY_CRUMBS, _("上傳核章完成文件")]
    return render(request, "communities/document_upload.html", context)


@login_required
@require_http_methods(["GET"])
def document_download(request, pk: int, form: str):
    form_key = _form_or_404(form)
    application = readable_application(request, pk)
    document = SignedDocument.objects.filter(application=application, form=form_key).first()
    if document is None:
        raise Http404
    response = FileResponse(
        document_open(document=document),
        as_attachment=True,
        filename=document.original_name,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
