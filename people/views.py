"""The center's pages for people and schools: imports and the audit log."""

import csv
import io
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs.models import Domain, ProgramYear

from .auditing import audit_entries, audit_model_choices, audit_rows
from .importing import (
    ACCOUNT_COLUMNS,
    MAX_FILE_BYTES,
    SCHOOL_COLUMNS,
    ImportResult,
    accounts_import,
    schools_import,
)
from .models import Role

AUDIT_PAGE_SIZE = 50
# The 會考 subjects whose 待加強 share the center records.
EXAM_SUBJECTS = ["國語文", "英語文", "數學"]


def center_required(view):
    """Signed-in center staff only: others see the 403 page, visitors the login page."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if request.user.role != Role.CENTER:
            return render(request, "403.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("檔案"),
        error_messages={"required": gettext_lazy("請選擇要匯入的檔案。")},
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
    )


def _import_page(request, *, kind: str, service, template: str, context: dict):
    result: ImportResult | None = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
    else:
        form = ImportForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        result = service(file=upload, filename=upload.name, by=request.user)
        if result.ok:
            messages.success(
                request,
                _("「%(file)s」匯入完成：新增 %(created)d 筆、更新 %(updated)d 筆。")
                % {"file": upload.name, "created": result.created, "updated": result.updated},
            )
            for note in result.notes:
                messages.info(request, note)
            return redirect(request.path)
    return render(
        request,
        template,
        {
            "form": form,
            "result": result,
            "kind": kind,
            "max_mb": MAX_FILE_BYTES // (1024 * 1024),
            "crumbs": [_("中心端"), context["title"]],
            **context,
        },
    )


def _weakness_years() -> list[int]:
    program = ProgramYear.objects.current()
    if program is None:
        return []
    return list(range(program.exam_weak_year_from, program.exam_weak_year_to + 1))


@center_required
def import_schools(request):
    years = _weakness_years()
    return _import_page(
        request,
        kind="schools",
        service=schools_import,
        template="people/import_schools.html",
        context={
            "title": _("匯入學校"),
            "columns": SCHOOL_COLUMNS,
            "weakness_example": f"待加強_數學_{years[0]}" if years else "待加強_數學_106",
            "domains": Domain.objects.filter(kind=Domain.Kind.DOMAIN),
            "years": years,
        },
    )


@center_required
def import_accounts(request):
    return _import_page(
        request,
        kind="accounts",
        service=accounts_import,
        template="people/import_accounts.html",
        context={
            "title": _("匯入帳號"),
            "columns": ACCOUNT_COLUMNS,
            "roles": [label for _value, label in Role.choices],
        },
    )


def _csv_response(filename: str, rows: list[list[str]]) -> HttpResponse:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    # The BOM lets Excel open the Chinese text as UTF-8.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@center_required
def import_schools_sample(request):
    years = _weakness_years() or [106, 107]
    subjects = [
        name
        for name in EXAM_SUBJECTS
        if Domain.objects.filter(kind=Domain.Kind.DOMAIN, name=name).exists()
    ]
    weakness_headers = [f"待加強_{s}_{y}" for y in years for s in subjects]
    header = SCHOOL_COLUMNS + weakness_headers
    first = ["214503", "市立六甲國中", "六甲區", "國中", "9", "北區策略聯盟工作圈"]
    second = ["214601", "市立下營國小", "下營區", "國小", "12", ""]
    figures = [""] * len(weakness_headers)
    if figures:
        figures[0], figures[-1] = "38.1", "52.3"
    blanks = [""] * len(weakness_headers)
    return _csv_response("schools-sample.csv", [header, first + figures, second + blanks])


@center_required
def import_accounts_sample(request):
    return _csv_response(
        "accounts-sample.csv",
        [
            ACCOUNT_COLUMNS,
            ["t214503001", "王小明", "t214503001@example.tw", "教師", "214503", "", ""],
            ["s214503", "陳承辦", "s214503@example.tw", "學校承辦人", "214503", "", "教學組長"],
            ["r001", "林委員", "r001@example.tw", "審查委員", "214601", "", ""],
        ],
    )


class AuditFilterForm(forms.Form):
    model = forms.TypedChoiceField(
        label=gettext_lazy("資料類型"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("全部"))] + audit_model_choices()


@center_required
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    content_type_id = form.cleaned_data["model"] if form.is_valid() else None
    paginator = Paginator(audit_entries(content_type_id=content_type_id), AUDIT_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "people/audit_log.html",
        {
            "form": form,
            "page": page,
            "rows": audit_rows(list(page.object_list)),
            "query": query.urlencode(),
            "title": _("異動紀錄"),
            "crumbs": [_("中心端"), _("異動紀錄")],
        },
    )
