"""The school's 申請總表, 經費總表, 學校審核, 送中心 and 案件查詢 pages.

A school admin always works on their own school; the center may look at any school's summary
(read-only, ``?school=<pk>``) and query every school's cases.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communities import workflow
from communities.models import Application
from communities.permissions import roles_of
from communities.selectors import transition_preview
from communities.views.confirm import confirmation, confirmed
from core.forms import apply_errors
from core.scope import Scope, school_year_scope
from core.xlsx import CONTENT_TYPE as XLSX
from documents.checks import upload_limit_text
from people.models import Role, School, User
from people.selectors import TypedSchool, school_typed
from programs.models import ProgramYear

from . import exports, selectors, services
from .forms import ACCEPT, RETURN, PackageUploadForm, ReviewForm
from .rows import case_rows, partner_summary_rows, summary_rows

# The review form's choices and the workflow actions they take.
DECISION_ACTIONS = {ACCEPT: "school_accept", RETURN: "school_return"}
CASES_PER_PAGE = 100


def _crumbs(*names) -> list[str]:
    return [_("功能專區"), _("社群"), *names]


def _typed_school(request) -> TypedSchool:
    """What the center typed in the picker's 學校 field (people.selectors). Read once a
    request."""
    if not hasattr(request, "_typed_school"):
        data = request.POST if request.method == "POST" else request.GET
        request._typed_school = school_typed(data, user=request.user)
    return request._typed_school


def _scope(request, *, require_school: bool = False) -> Scope:
    """The school and year the page is about (core.scope): the admin's own school, or the one
    the center picked (none yet: the page offers the picker). The picker's typed 學校 wins over
    a school named by id in the link."""
    data = request.POST if request.method == "POST" else request.GET
    school = _typed_school(request).school_id(
        data.get("school") if request.user.is_center else None
    )
    return school_year_scope(
        request.user,
        school=school,
        year=data.get("year") or request.GET.get("year"),
        require_school=require_school,
    )


def _program(request) -> ProgramYear:
    return _scope(request).program


def _require_school(request) -> tuple[School, ProgramYear]:
    scope = _scope(request, require_school=True)
    return scope.school, scope.program


def _query(program: ProgramYear, school: School | None, user) -> str:
    params = {"year": program.academic_year}
    if school is not None and user.role == Role.CENTER:
        params["school"] = school.pk
    return urlencode(params)


def _summary_url(program: ProgramYear) -> str:
    """The school admin's 申請總表 for a year (where the page's forms lead back to)."""
    return "{}?{}".format(
        reverse("summaries:application_summary"), urlencode({"year": program.academic_year})
    )


def _page_context(request, *crumbs: str) -> dict:
    """What every page of the school's 彙整 shows: the year (and, for the center, the school)
    picker, the tabs' query and the breadcrumb."""
    scope = _scope(request)
    school, program, is_center = scope.school, scope.program, scope.is_center
    return {
        "program": program,
        "programs": ProgramYear.objects.order_by("-academic_year"),
        "school": school,
        # The center's picker searches as the user types (center:school_options); without
        # JavaScript 查詢 takes what was typed, and lists the schools it may mean.
        **_typed_school(request).context(school),
        "school_link_query": urlencode({"year": program.academic_year}),
        "is_center": is_center,
        "query": _query(program, school, request.user),
        "crumbs": _crumbs(*crumbs),
    }


# --- 申請總表 and 經費總表 ------------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """One of the school's two summaries: how it is read, shown, exported and printed."""

    title: str
    template: str
    key: str  # its name in the page's context
    read: Callable  # selectors.school_summary / school_budget_summary
    export: Callable  # exports.*_xlsx
    xlsx_url: str
    print_url: str  # printing's PDF (and, with ?format=html, its print-friendly page)


APPLICATIONS = Sheet(
    title=gettext_lazy("申請總表"),
    template="summaries/application_summary.html",
    key="summary",
    read=selectors.school_summary,
    export=exports.application_summary_xlsx,
    xlsx_url="summaries:application_summary_xlsx",
    print_url="printing:school_applications",
)
BUDGET = Sheet(
    title=gettext_lazy("經費總表"),
    template="summaries/budget_summary.html",
    key="budget",
    read=selectors.school_budget_summary,
    export=exports.budget_summary_xlsx,
    xlsx_url="summaries:budget_summary_xlsx",
    print_url="printing:school_budget",
)


def _sheet_context(request, sheet: Sheet, *, printouts: tuple[Sheet, ...]) -> dict:
    """The page's context with the sheet under ``sheet.key`` once a school is chosen, and the
    printouts its 匯出與列印 card offers."""
    context = _page_context(request, sheet.title)
    context.update(sheet=sheet, printouts=printouts)
    if context["school"] is not None:
        data = sheet.read(school=context["school"], program=context["program"])
        context[sheet.key] = data
        context["partner_rows"] = data.partner_rows
    return context


def _sheet_xlsx(request, sheet: Sheet) -> HttpResponse:
    school, program = _require_school(request)
    response = HttpResponse(
        sheet.export(sheet.read(school=school, program=program)), content_type=XLSX
    )
    filename = _("%(year)s學年度%(sheet)s_%(school)s.xlsx") % {
        "year": program.academic_year,
        "sheet": sheet.title,
        "school": school.name,
    }
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    return response


def _application_summary_page(
    request,
    *,
    upload_form: PackageUploadForm | None = None,
    submit_errors: list[str] | None = None,
    status: int = 200,
):
    context = _sheet_context(request, APPLICATIONS, printouts=(APPLICATIONS, BUDGET))
    summary = context.get("summary")
    context["blockers"] = services.package_blockers(summary=summary) if summary else []
    context["upload_limit"] = upload_limit_text(context["program"].upload_max_bytes)
    context["upload_form"] = upload_form or PackageUploadForm()
    context["submit_errors"] = submit_errors or []
    context["can_act"] = request.user.role == Role.SCHOOL_ADMIN
    if summary:
        context["summary_rows_html"] = summary_rows(summary.rows, can_act=context["can_act"])
        context["partner_rows_html"] = partner_summary_rows(summary.partner_rows)
    return render(request, APPLICATIONS.template, context, status=status)


@login_required
@require_GET
def application_summary(request):
    return _application_summary_page(request)


@login_required
@require_GET
def application_summary_xlsx(request):
    return _sheet_xlsx(request, APPLICATIONS)


@login_required
@require_GET
def budget_summary(request):
    return render(request, BUDGET.template, _sheet_context(request, BUDGET, printouts=(BUDGET,)))


@login_required
@require_GET
def budget_summary_xlsx(request):
    return _sheet_xlsx(request, BUDGET)


# --- 學校審核 ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    application = get_object_or_404(
        Application.objects.select_related(
            "program", "school", "convenor", "community_type", "domain", "stage"
        ).prefetch_related("partner_schools", "members__school", "budget_lines__item", "documents"),
        pk=pk,
    )
    if workflow.SCHOOL_ADMIN not in roles_of(request.user, application):
        raise PermissionDenied
    actions = workflow.WORKFLOW[application.status].actions
    can_accept = "school_accept" in actions
    can_return = "school_return" in actions
    posted = DECISION_ACTIONS.get(request.POST.get("decision", "")) if request.POST else None
    if posted and posted not in actions:
        # Decided already (a double click, another tab or a colleague): say so, show the status.
        raise workflow.ActionUnavailable(application=application, action=posted)
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        can_accept=can_accept,
        can_return=can_return,
    )
    summary_url = _summary_url(application.program)
    confirming = None
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["decision"] == ACCEPT
        problems = services.school_review_problems(
            accept=accept, comment=form.cleaned_data["comment"]
        )
        # 退回修正 asks first: a POST without ``confirm`` shows what will happen (and 返回修改,
        # ``edit``, the form again with what was typed).
        asks = not accept and not problems and not confirmed(request)
        if asks and not request.POST.get("edit"):
            confirming = transition_preview(application=application, action="school_return")
    else:
        asks = True
    if not asks:
        try:
            services.school_review(
                application=application,
                accept=accept,
                comment=form.cleaned_data["comment"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if accept:
                messages.success(request, _("已審核通過「%(name)s」。") % {"name": application})
            else:
                messages.success(
                    request,
                    _("已將「%(name)s」退回修正，並通知召集人。") % {"name": application},
                )
            return redirect(summary_url)
    budget_total = sum(line.total for line in application.budget_lines.all())
    return render(
        request,
        "summaries/review.html",
        {
            "application": application,
            "form": form,
            "can_review": can_accept or can_return,
            "budget_total": budget_total,
            "documents": {doc.form: doc for doc in application.documents.all()},
            "transitions": application.transitions.select_related("by").order_by("at", "pk"),
            "summary_url": summary_url,
            "confirming": confirming,
            **(
                confirmation(
                    [confirming],
                    cancel_url=summary_url,
                    edit_name="edit",
                    comment=form.cleaned_data["comment"],
                )
                if confirming
                else {}
            ),
            "crumbs": _crumbs(_("申請總表"), _("學校審核")),
        },
    )


# --- 核章總表與送中心 -----------------------------------------------------------------------------


def _require_admin_school(request) -> School:
    if request.user.role != Role.SCHOOL_ADMIN or not request.user.school_id:
        raise PermissionDenied
    return request.user.school


@login_required
@require_POST
def package_upload(request):
    school = _require_admin_school(request)
    program = _program(request)
    form = PackageUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.package_upload(
                school=school, program=program, upload=form.cleaned_data["file"], by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error, field="file")
        else:
            messages.success(request, _("已上傳核章完成之申請總表。"))
            return redirect(_summary_url(program))
    return _application_summary_page(request, upload_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def package_submit(request):
    """送中心: first a confirmation listing the applications that will be sent, their new status
    and who is told; a POST with ``confirm=1`` sends them."""
    school = _require_admin_school(request)
    program = _program(request)
    if confirmed(request):
        try:
            services.package_submit(school=school, program=program, by=request.user)
        except services.PackageAlreadySent as done:
            messages.info(request, str(done))
            return redirect(_summary_url(program))
        except ValidationError as error:
            return _application_summary_page(request, submit_errors=error.messages)
        messages.success(
            request,
            _("已彙整送中心：本校審核通過的申請已送出，學校端不能再退回或修改。"),
        )
        return redirect(_summary_url(program))
    summary = selectors.school_summary(school=school, program=program)
    package = summary.package
    if package is not None and package.submitted_at is not None and not summary.accepted:
        messages.info(request, str(services.PackageAlreadySent(package)))
        return redirect(_summary_url(program))
    blockers = services.package_blockers(summary=summary)
    if blockers:
        return _application_summary_page(request, submit_errors=blockers)
    to_send = Application.objects.filter(
        pk__in=[row.pk for row in summary.accepted]
    ).select_related("convenor", "school")
    previews = [
        transition_preview(application=application, action="school_send")
        for application in to_send.order_by("pk")
    ]
    return render(
        request,
        "summaries/package_submit.html",
        {
            "program": program,
            "school": school,
            **confirmation(
                previews,
                # The center hears of the package as a whole (services.package_submit).
                extra_told=User.objects.filter(role=Role.CENTER, is_active=True),
                cancel_url=_summary_url(program),
            ),
            "crumbs": _crumbs(_("申請總表"), _("送中心")),
        },
    )


@login_required
@require_POST
def package_confirm(request):
    """The admin confirms that a signed summary whose document code cannot be read is the
    申請總表 as it stands now."""
    school = _require_admin_school(request)
    program = _program(request)
    if request.POST.get("confirm") != "yes":
        return _application_summary_page(
            request, submit_errors=[_("請勾選確認上傳的核章總表為目前版本。")]
        )
    try:
        services.package_confirm_version(school=school, program=program, by=request.user)
    except ValidationError as error:
        return _application_summary_page(request, submit_errors=error.messages)
    messages.success(request, _("已確認上傳的核章總表為目前版本的申請總表。"))
    return redirect(_summary_url(program))


@login_required
@require_GET
def package_download(request):
    school, program = _require_school(request)
    package = selectors.school_package(school=school, program=program)
    if package is None or not package.file:
        raise Http404
    return FileResponse(
        package.file.open("rb"),
        as_attachment=True,
        filename=package.original_name or f"summary-{program.academic_year}-{school.code}.pdf",
        content_type="application/pdf",
    )


# --- 案件查詢 ---------------------------------------------------------------------------------


@login_required
@require_GET
def case_query(request):
    context = _page_context(request, _("案件查詢"))
    school = context["school"]
    cases = selectors.case_list(program=context["program"], school=school)
    if context["school_unmatched"]:
        cases = cases.none()  # what was typed names no single school: nothing to list yet
    page = Paginator(cases, CASES_PER_PAGE).get_page(request.GET.get("page"))
    # Counted over the applications alone; the page read as plain values (case_rows).
    page.object_list = list(page.object_list.values_list(*selectors.CASE_VALUES))
    show_school = context["is_center"] and school is None
    context.update(
        page=page,
        show_school=show_school,
        case_rows=case_rows(
            page.object_list, show_school=show_school, year=context["program"].academic_year
        ),
    )
    return render(request, "summaries/case_query.html", context)
