"""The center's working pages: the dashboard (its home), the year's application list with its
filters, export and 指定審查."""

import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from communities.models import Application
from communities.selectors import transition_preview
from communities.views.access import role_required
from communities.views.confirm import confirmation, confirmed
from core.forms import apply_errors
from core.xlsx import CONTENT_TYPE as XLSX
from documents.generated import KINDS, generated_file_request
from documents.models import GeneratedFile
from notifications.selectors import outbox_failed_count
from people.models import Role, User
from people.selectors import schools_matching
from programs.models import ProgramYear
from programs.selectors import year_deadlines
from reviews.models import ReviewAssignment
from reviews.services import review_assign, review_unassign
from reviews.views import report_assignment

from . import exports, selectors
from .board import board
from .forms import FilterForm, MessageForm, criteria_text, list_filters
from .models import CenterMessage
from .rows import application_rows, remove_forms
from .selectors import (
    REVIEWERS_SHOWN,
    SORTS,
    ApplicationFilter,
    center_tasks,
    filtered_applications,
    list_page_rows,
    list_url,
    reviewer_loads,
)
from .services import MessageAlreadySent, center_message_send, message_recipients

CRUMBS = [gettext_lazy("中心端")]
PER_PAGE = 50


def _program(request) -> ProgramYear:
    year = request.GET.get("year") or request.POST.get("year")
    if year:
        if not str(year).isdigit():
            raise Http404
        return get_object_or_404(ProgramYear, academic_year=int(year))
    program = ProgramYear.objects.current()
    if program is None:
        raise Http404
    return program


@role_required(Role.CENTER)
@require_GET
def home(request):
    """The center's dashboard: its 待辦 and 期限, and where the year stands (center.board: each
    figure a link to its list, counted a moment ago or, with 立即重新統計, now)."""
    program = _program(request)
    return render(
        request,
        "center/dashboard.html",
        {
            "program": program,
            "programs": ProgramYear.objects.order_by("-academic_year"),
            "board": board(program=program, fresh=request.GET.get("fresh") == "1"),
            "board_seconds": settings.DASHBOARD_SECONDS,
            "deadlines": year_deadlines(program),
            "tasks": center_tasks(program=program),
            "failed_mail_count": outbox_failed_count(),
            "crumbs": [*CRUMBS, _("儀表板")],
        },
    )


def _picker(request, program: ProgramYear) -> dict:
    """指定審查's reviewer picker: at most REVIEWERS_SHOWN reviewers whose name or school holds
    ``reviewer_q``, after the ones already ticked (``reviewers``), each with their load."""
    search = (request.GET.get("reviewer_q") or "").strip()[:50]
    chosen = request.GET.getlist("reviewers")
    found = reviewer_loads(program=program, search=search, limit=REVIEWERS_SHOWN + 1, chosen=chosen)
    chosen_ids = {int(pk) for pk in chosen if pk.isdigit()}
    listed_chosen = [r for r in found if r.pk in chosen_ids]
    others = [r for r in found if r.pk not in chosen_ids]
    return {
        "reviewers": listed_chosen + others[:REVIEWERS_SHOWN],
        "reviewers_more": len(others) > REVIEWERS_SHOWN,
        "reviewers_chosen": chosen_ids,
        "reviewer_q": search,
        "reviewers_shown": REVIEWERS_SHOWN,
    }


@role_required(Role.CENTER)
@require_GET
def applications(request):
    """The year's applications, filtered, sorted and paginated in SQL; 指定審查 on the rows
    chosen (or on every application the filter matches)."""
    program = _program(request)
    form, filters = list_filters(request.GET, program)
    matching = filtered_applications(filters)
    page = Paginator(matching.values_list("pk", flat=True), PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = list_page_rows(list(page.object_list))
    query = urlencode(filters.params(), doseq=True)
    whole_year = set(filters.params()) <= {"year", "sort"}  # a sort changes no row
    sort_links = {
        key: list_url(
            filters,
            sort=("" if filters.descending else "-") + key if filters.sort == key else key,
        )
        for key in SORTS
    }
    return render(
        request,
        "center/applications.html",
        {
            "program": program,
            "form": form,
            "filters": filters,
            "page": page,
            "rows": rows,
            "table_rows": application_rows(rows),
            "remove_forms": remove_forms(request, rows),
            "query": query,
            "sort_links": sort_links,
            **_picker(request, program),
            "filter_inputs": [(n, v) for n, v in _filter_inputs(filters) if n != "year"],
            "message_url": f"{reverse('center:message')}?{query}",
            "export_url": f"{reverse('center:applications_xlsx')}?{query}",
            # The whole year, or a list as long as most of it, is made in the background.
            "export_whole_year": whole_year,
            "export_in_background": whole_year
            or page.paginator.count > settings.EXPORT_AT_ONCE_MAX_ROWS,
            "export_at_once_max": settings.EXPORT_AT_ONCE_MAX_ROWS,
            "crumbs": [*CRUMBS, _("申請案件")],
        },
    )


@role_required(Role.CENTER)
@require_GET
def applications_xlsx(request):
    program = _program(request)
    _form, filters = list_filters(request.GET, program)
    response = HttpResponse(exports.applications_xlsx(filters), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True,
        filename=exports.applications_filename(program),
    )
    return response


def say_queued(request, row: GeneratedFile, queued: bool) -> None:
    """The message after a file was asked for: queued, or already being made."""
    names = {"year": row.program.academic_year, "kind": KINDS[row.kind].label}
    if queued:
        messages.success(
            request, _("已排入產製：%(year)s學年度%(kind)s。完成後可在下方下載。") % names
        )
    else:
        messages.info(request, _("%(year)s學年度%(kind)s已在產製中，請稍候。") % names)


@role_required(Role.CENTER)
@require_POST
def applications_export(request):
    """產製 .xlsx: the list as filtered (the page's own filter, posted back) queued on 背景產製檔案
    and made by the worker, for the whole year or a list too long to export at once."""
    program = _program(request)
    form, filters = list_filters(request.POST, program)
    if form.errors:
        messages.error(request, _("篩選條件有誤，請修正後再產製。"))
        return redirect(_list_as_given(request.POST))
    params = {k: v for k, v in filters.params().items() if k != "year"}
    row, queued = generated_file_request(
        kind="applications_xlsx",
        program=program,
        by=request.user,
        params=params,
        description=criteria_text(filters, form),  # "109學年度" alone: the whole year
    )
    say_queued(request, row, queued)
    return redirect("center:files")


@role_required(Role.CENTER)
@require_GET
def reviewer_options(request):
    """htmx: 指定審查's reviewer picker as the center types (``reviewer_q``), the reviewers ticked
    kept ticked at the top; without JavaScript the list page itself takes ``reviewer_q``."""
    program = _program(request)
    return render(request, "center/_reviewer_options.html", _picker(request, program))


@role_required(Role.CENTER)
@require_GET
def school_options(request):
    """htmx/datalist: schools whose code or name holds what was typed (at most 20). The list's
    field is ``school``; the summaries' picker's is ``school_q``."""
    text = request.GET.get("school") or request.GET.get("school_q") or ""
    return render(request, "center/_school_options.html", {"schools": schools_matching(text)})


class WrongFilter(Exception):
    """A bulk action's filter that the list would not take as it stands (a school matching
    none, a year or type that is not there): it is refused, never widened to every application."""


def _chosen(request, program: ProgramYear) -> list[Application]:
    """The applications a bulk action is for: every one the posted filter matches, or the rows
    ticked."""
    if request.POST.get("all_matching") == "1":
        form, filters = list_filters(request.POST, program)
        if form.errors:
            raise WrongFilter
        return list(filtered_applications(filters))
    ids = [int(pk) for pk in request.POST.getlist("applications") if pk.isdigit()]
    return list(Application.objects.filter(program=program, pk__in=ids))


def _list_as_given(data) -> str:
    """The list with the filter as it was posted or linked (each wrong one said at its field,
    as typed)."""
    return f"{reverse('center:applications')}?{urlencode(_given_filter(data))}"


def _given_filter(data) -> list[tuple[str, str]]:
    return [
        (name, value)
        for name in data
        if name in FilterForm.base_fields
        for value in data.getlist(name)
    ]


def _back(request) -> str:
    back = request.POST.get("back") or ""
    return (
        back if back.startswith(reverse("center:applications")) else reverse("center:applications")
    )


@role_required(Role.CENTER)
@require_POST
def assign(request):
    """指定審查 from the list: the chosen reviewers to the chosen applications, after a
    confirmation of what will be assigned, whose status changes and who is told (``confirm=1``
    assigns; posted twice, the second finds every pair assigned already)."""
    program = _program(request)
    try:
        chosen = _chosen(request, program)
    except WrongFilter:
        messages.error(request, _("篩選條件有誤，請修正後再指定審查。"))
        return redirect(_list_as_given(request.POST))
    reviewer_ids = [int(pk) for pk in request.POST.getlist("reviewers") if pk.isdigit()]
    reviewers = list(User.objects.filter(pk__in=reviewer_ids, role=Role.REVIEWER, is_active=True))
    try:
        if not confirmed(request):
            return _assign_confirmation(request, program, chosen, reviewers)
        result = review_assign(applications=chosen, reviewers=reviewers, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(_back(request))
    report_assignment(request, result)
    return redirect(_back(request))


def _assign_confirmation(request, program: ProgramYear, chosen, reviewers):
    """What 指定審查 would do, read from the service itself in a transaction rolled back: the
    pairs assigned, already there or skipped (and why), the applications moved to 審查中, who
    is told."""
    with transaction.atomic():
        plan = review_assign(applications=chosen, reviewers=reviewers, by=request.user)
        transaction.set_rollback(True)
    started = Application.objects.filter(pk__in=[a.pk for a in plan.started]).select_related(
        "convenor", "school"
    )
    previews = [transition_preview(application=a, action="start_review") for a in started]
    return render(
        request,
        "center/assign_confirm.html",
        {
            "program": program,
            "plan": plan,
            "chosen": chosen,
            "reviewers": reviewers,
            "back": _back(request),
            **confirmation(
                previews,
                extra_told=list(
                    {pair.reviewer.pk: pair.reviewer for pair in plan.assigned}.values()
                ),
                cancel_url=_back(request),
            ),
            "crumbs": [*CRUMBS, _("指定審查")],
        },
    )


@role_required(Role.CENTER)
@require_POST
def unassign(request, pk: int):
    """移除 an assignment whose review has not been submitted."""
    assignment = get_object_or_404(
        ReviewAssignment.objects.select_related("application", "reviewer"), pk=pk
    )
    try:
        review_unassign(assignment=assignment, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("已移除「%(application)s」的審查委員 %(reviewer)s。")
            % {
                "application": assignment.application.display_name,
                "reviewer": assignment.reviewer.name or assignment.reviewer.username,
            },
        )
    return redirect(_back(request))


@role_required(Role.CENTER)
@require_GET
def schools_short(request):
    """Every school short of a quota or a 會考待加強 domain, paginated."""
    program = _program(request)
    short = selectors.short_schools(program=program).select_related("district", "stage")
    page = Paginator(short, 100).get_page(request.GET.get("page"))
    # Only the page's schools are read and told why (at most 100, whatever the country holds).
    page.object_list = selectors.schools_short(program=program, schools=page.object_list)
    return render(
        request,
        "center/schools_short.html",
        {
            "program": program,
            "page": page,
            "query": urlencode({"year": program.academic_year}),
            "crumbs": [*CRUMBS, _("未達申辦規定的學校")],
        },
    )


@role_required(Role.CENTER)
def message(request):
    """寄通知信: an e-mail (and in-site message) of the center's own to the convenors or the
    school admins of the applications a filter matches; shown once for confirmation, then sent."""
    program = _program(request)
    source = request.POST if request.method == "POST" else request.GET
    filter_form, filters = list_filters(source, program)
    if filter_form.errors:
        # Never widened to more people than the list names: a wrong filter is fixed on the list;
        # a text already written is shown again as typed, not sent.
        if request.method == "GET":
            messages.error(request, _("篩選條件有誤，請修正後再寄通知信。"))
            return redirect(_list_as_given(source))
        return _message_refused(request, program)
    counts = {
        audience: len(message_recipients(filters=filters, audience=audience))
        for audience in CenterMessage.Audience.values
    }
    audiences = [
        (value, _("%(label)s（%(count)s 人）") % {"label": label, "count": counts[value]})
        for value, label in CenterMessage.Audience.choices
    ]
    criteria = criteria_text(filters, filter_form)
    step = "compose"
    if request.method == "POST":
        form = MessageForm(request.POST, audiences=audiences)
        if form.is_valid():
            if request.POST.get("step") == "send":
                try:
                    sent = center_message_send(
                        filters=filters,
                        criteria=criteria,
                        by=request.user,
                        **{
                            k: form.cleaned_data[k]
                            for k in ("audience", "subject", "body", "token")
                        },
                    )
                except MessageAlreadySent as done:
                    messages.info(request, str(done))
                    return redirect(list_url(filters))
                except ValidationError as error:
                    apply_errors(form, error)
                else:
                    messages.success(
                        request,
                        _("已寄出通知信「%(subject)s」給 %(count)s 人。")
                        % {"subject": sent.subject, "count": sent.recipient_count},
                    )
                    return redirect(list_url(filters))
            else:
                step = "confirm"
    else:
        form = MessageForm(initial={"token": uuid.uuid4().hex}, audiences=audiences)
    return render(
        request,
        "center/message.html",
        {
            "program": program,
            "form": form,
            "step": step,
            "criteria": criteria,
            "counts": counts,
            "filter_inputs": _filter_inputs(filters),
            "list_url": list_url(filters),
            "crumbs": [*CRUMBS, _("寄通知信")],
        },
    )


def _message_refused(request, program: ProgramYear):
    """寄通知信 posted with a filter the list would not take: nothing is sent, the text comes
    back as typed with the reason above it, and the filter stays as posted (posted again, it is
    refused again)."""
    audiences = CenterMessage.Audience.choices
    form = MessageForm(request.POST, audiences=audiences)
    form.is_valid()
    form.add_error(None, _("篩選條件有誤，通知信未寄出；請回申請案件列表修正篩選條件。"))
    return render(
        request,
        "center/message.html",
        {
            "program": program,
            "form": form,
            "step": "compose",
            "criteria": _("篩選條件有誤"),
            "counts": {},
            "filter_inputs": _given_filter(request.POST),
            "list_url": _list_as_given(request.POST),
            "crumbs": [*CRUMBS, _("寄通知信")],
        },
        status=400,
    )


def _filter_inputs(filters: ApplicationFilter) -> list[tuple[str, object]]:
    return [
        (name, value)
        for name, values in filters.params().items()
        for value in (values if isinstance(values, list) else [values])
    ]
