"""列印: each form as a PDF download (default) or as a print-friendly page (?format=html).

Every print is recorded (printing.models.PrintRecord) with the document code it carries, so an
uploaded signed copy can be matched to the version that was signed.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.views.decorators.http import require_GET

from communities.models import Application
from communities.permissions import can_read
from communities.printed import BUDGET, PLAN
from core.scope import school_year_scope
from documents.codes import in_forms_language
from outcomes.models import Report
from outcomes.printed import REPORT
from people.models import Role, School
from programs.models import ProgramYear
from summaries.printed import SCHOOL_APPLICATIONS, SCHOOL_BUDGET

from .rendering import render_pdf
from .selectors import Printout, application_printout, school_printout
from .services import print_record_create


def _wants_html(request) -> bool:
    return request.GET.get("format") == "html"


def _pdf_response(printout: Printout) -> HttpResponse:
    response = HttpResponse(render_pdf(printout.html()), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=printout.filename
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _print_page(request, printout: Printout, *, back_url: str) -> HttpResponse:
    context = printout.context(screen=True, pdf_url=request.path, back_url=back_url)
    response = render(request, printout.template, context)
    response["Cache-Control"] = "private, no-store"
    return response


@in_forms_language
def _application_print(request, pk: int, form: str) -> HttpResponse:
    application = Application.objects.select_related("program", "school").filter(pk=pk).first()
    if application is None or not can_read(request.user, application):
        raise Http404  # its existence is not revealed to those who may not read it
    printout = application_printout(application=application, form=form)
    print_record_create(printout=printout, application=application, by=request.user)
    if _wants_html(request):
        return _print_page(
            request, printout, back_url=reverse("communities:progress", args=[application.pk])
        )
    return _pdf_response(printout)


@require_GET
@login_required
def plan(request, pk: int):
    """列印 教師專業學習社群申請表."""
    return _application_print(request, pk, PLAN)


@require_GET
@login_required
def budget(request, pk: int):
    """列印 教師專業學習社群經費概算表."""
    return _application_print(request, pk, BUDGET)


@require_GET
@login_required
def report(request, pk: int):
    """列印 教師專業學習社群成果報告書 (once the convenor has started it)."""
    if not Report.objects.filter(application_id=pk).exists():
        raise Http404
    return _application_print(request, pk, REPORT)


def _school_and_program(request, school_pk: int | None) -> tuple[School, ProgramYear]:
    """The school (a school admin's own; the one the center names in the path or in ?school=,
    as the summaries pages do) and the year (?year=, else the current one): core.scope."""
    scope = school_year_scope(
        request.user,
        school=school_pk if school_pk is not None else request.GET.get("school"),
        year=request.GET.get("year"),
        require_school=True,
    )
    return scope.school, scope.program


@in_forms_language
def _school_print(request, school_pk: int | None, form: str) -> HttpResponse:
    school, program = _school_and_program(request, school_pk)
    printout = school_printout(school=school, program=program, form=form)
    print_record_create(printout=printout, school=school, program=program, by=request.user)
    if _wants_html(request):
        summary_url = {
            SCHOOL_APPLICATIONS: "summaries:application_summary",
            SCHOOL_BUDGET: "summaries:budget_summary",
        }[form]
        query = {"year": program.academic_year}
        if request.user.role == Role.CENTER:
            query["school"] = school.pk
        back_url = f"{reverse(summary_url)}?{urlencode(query)}"
        return _print_page(request, printout, back_url=back_url)
    return _pdf_response(printout)


@require_GET
@login_required
def school_applications(request, school_pk: int | None = None):
    """列印 the school's 申請總表 (its own school for a school admin; any school for the center)."""
    return _school_print(request, school_pk, SCHOOL_APPLICATIONS)


@require_GET
@login_required
def school_budget(request, school_pk: int | None = None):
    """列印 the school's 經費總表."""
    return _school_print(request, school_pk, SCHOOL_BUDGET)
