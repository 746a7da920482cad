"""背景產製檔案: the center asks for a year's 成果彙編 or 年度報告, a worker makes it
(documents.generated), and the page lists what was asked with its state and a download link."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from communities.views.access import role_required
from core.forms import apply_errors
from documents.generated import KINDS, generated_file_request, generated_kinds
from documents.models import GeneratedFile
from people.models import Role
from programs.models import ProgramYear

from .views import CRUMBS, say_queued

PER_PAGE = 20


class FileRequestForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("檔案"))
    year = forms.TypedChoiceField(label=gettext_lazy("學年度"), coerce=int)

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.programs = {p.academic_year: p for p in programs}
        self.fields["kind"].choices = [("", "---")] + [(k.key, k.label) for k in generated_kinds()]
        for code in ("required", "invalid_choice"):
            self.fields["kind"].error_messages[code] = gettext_lazy("請選擇要產製的檔案。")
            self.fields["year"].error_messages[code] = gettext_lazy("請選擇學年度。")
        self.fields["year"].choices = [
            (year, gettext_lazy("%(year)s學年度") % {"year": year}) for year in self.programs
        ]


@role_required(Role.CENTER)
@require_http_methods(["GET", "POST"])
def files(request):
    """GET: the list (and the form, kind and year preselected from ?kind=&year=); POST: ask."""
    programs = list(ProgramYear.objects.order_by("-academic_year"))
    current = ProgramYear.objects.current() or (programs[0] if programs else None)
    if request.method == "POST":
        form = FileRequestForm(request.POST, programs=programs)
        if form.is_valid():
            program = form.programs[form.cleaned_data["year"]]
            try:
                row, queued = generated_file_request(
                    kind=form.cleaned_data["kind"], program=program, by=request.user
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                say_queued(request, row, queued)
                return redirect(reverse("center:files"))
    else:
        initial = {
            "kind": request.GET.get("kind", ""),
            "year": request.GET.get("year") or (current.academic_year if current else ""),
        }
        form = FileRequestForm(initial=initial, programs=programs)
    rows = GeneratedFile.objects.select_related("program", "requested_by")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.kind_label = KINDS[row.kind].label if row.kind in KINDS else row.kind
    return render(
        request,
        "center/files.html",
        {
            "form": form,
            "program": current,
            "page": page,
            "pending": any(row.pending for row in page.object_list),
            "crumbs": [*CRUMBS, _("背景產製檔案")],
        },
        status=400 if form.errors else 200,
    )


@role_required(Role.CENTER)
@require_GET
def file_download(request, pk: int):
    row = get_object_or_404(GeneratedFile, pk=pk, state=GeneratedFile.State.DONE)
    response = FileResponse(
        row.file.open("rb"),
        as_attachment=True,
        filename=row.filename,
        content_type=row.content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response
