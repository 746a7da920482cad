"""The 成果報告書 pages: the convenor's form (autosaved; 儲存 without JavaScript), evidence files,
送出 with its confirmation, the school's and the center's check with theirs, the lists of reports
to check, and 研習時數."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communities import workflow
from communities.models import Application
from communities.permissions import applications_readable_by, roles_of
from communities.views.access import readable_application, refuse_stale_edit
from core.autosave import (
    autosave_answer,
    autosave_clear,
    autosave_restore,
    autosave_store,
    is_autosave,
    page_token,
    posted_version,
    stale_message,
    version_conflict,
)
from core.forms import apply_errors
from core.scope import Scope, school_year_scope
from core.xlsx import CONTENT_TYPE as XLSX
from documents.checks import evidence_limit_text
from people.selectors import TypedSchool, school_typed

from . import exports
from .forms import DecisionForm, ReportForm
from .models import Evidence, Report, ReportSession
from .rows import hours_rows, report_rows
from .selectors import (
    PUBLIC_LESSON,
    REFLECTIONS,
    REPORT_STATES,
    SESSIONS,
    WITH_REPORT,
    communities_attended,
    hours_totals,
    member_hours,
    report_can_edit,
    report_is_open,
    report_of,
    report_rows_of,
    report_view,
    reports_for,
)
from .services import (
    DECISIONS,
    evidence_delete,
    evidence_upload,
    report_add_session,
    report_decide,
    report_save,
    report_start,
    report_submit,
)
from .spending import SPENDING, premium_explained

CRUMBS = [gettext_lazy("功能專區"), gettext_lazy("社群")]
PER_PAGE = 50
HOURS_PER_PAGE = 20  # communities (their members listed)
# Who a step tells, in the users' words.
ROLE_LABELS = {
    workflow.CONVENOR: gettext_lazy("召集人"),
    workflow.SCHOOL_ADMIN: gettext_lazy("學校承辦人"),
    workflow.CENTER: gettext_lazy("教專中心"),
    workflow.REVIEWER: gettext_lazy("審查委員"),
}
GROUP_LABELS = {
    SESSIONS: gettext_lazy("場次辦理情形"),
    PUBLIC_LESSON: gettext_lazy("公開授課"),
    REFLECTIONS: gettext_lazy("成果與省思"),
    SPENDING: gettext_lazy("經費實支"),
}


def _key(application: Application) -> str:
    return f"report:{application.pk}"


def _told(step: workflow.Action) -> str:
    return "、".join(str(ROLE_LABELS[r]) for r in ROLE_LABELS if r in step.notify)


def _report_url(application: Application, anchor: str = "") -> str:
    url = reverse("outcomes:report", args=[application.pk])
    return f"{url}#{anchor}" if anchor else url


def _problem_entries(view, problems: dict) -> list[dict]:
    """Each 送出 problem with the label of its place and a link to its field."""
    labels = {}
    for session in view.sessions:
        for name in ("held", "date", "start_time", "end_time", "content", "attendees", "evidence"):
            labels[f"s{session.pk}-{name}"] = _("第%(n)d場") % {"n": session.number}
        for name in ("lesson_teacher", "lesson_theme", "lesson_relation"):
            labels[f"s{session.pk}-{name}"] = _("第%(n)d場 公開授課") % {"n": session.number}
        for item in view.sheet.fee_items:
            labels[f"s{session.pk}-fee_{item.number}"] = _("第%(n)d場 %(item)s") % {
                "n": session.number,
                "item": item.name,
            }
    for row in view.sheet.rows:
        labels[row.field] = row.item.name
    entries = []
    for key, messages_ in problems.items():
        label = str(GROUP_LABELS.get(key) or labels.get(key) or _("成果報告書"))
        for message in messages_:
            entries.append({"anchor": f"f-{key}", "label": label, "message": message})
    return entries


def _evidence_errors(request, view) -> dict[int, list[str]]:
    """What the last upload refused, by session (kept in the session across the redirect)."""
    found = {}
    for session in view.sessions:
        kept = request.session.pop(f"evidence-errors-{session.pk}", None)
        if kept:
            found[session.pk] = kept
    return found


def _rows(view, form, problems: dict, evidence_errors: dict) -> list[dict]:
    """Each session with its fields, fee fields and problems by short name, for the template."""
    rows = []
    for session in view.sessions:
        prefix = f"s{session.pk}-"
        rows.append(
            {
                "session": session,
                "f": form.session_fields(session),
                "fees": [
                    {"field": bound, "problems": problems.get(bound.html_name, [])}
                    for bound in form.fee_fields(session)
                ],
                "problems": {
                    key[len(prefix) :]: messages_
                    for key, messages_ in problems.items()
                    if key.startswith(prefix)
                },
                "evidence_errors": evidence_errors.get(session.pk, []),
            }
        )
    return rows


def _render_form(request, view, form, *, problems, restored, conflict, version, status=200):
    application = view.application
    spend_fields = {row.field: form.spend_field(row) for row in view.sheet.rows}
    return render(
        request,
        "outcomes/report_form.html",
        {
            "application": application,
            "view": view,
            "form": form,
            "sheet": view.sheet,
            "problems": problems,
            "summary": _problem_entries(view, problems),
            "checked": bool(request.GET.get("check")),
            "rows": _rows(view, form, problems, _evidence_errors(request, view)),
            "spend_fields": spend_fields,
            "premium_lines": [premium_explained(p) for p in view.sheet.premiums],
            "limit_text": evidence_limit_text(
                application.program.evidence_max_bytes, application.program.evidence_max_files
            ),
            "version": version,
            "restored": restored,
            "conflict": conflict,
            "stale_message": stale_message(),
            "page_token": page_token(
                request.POST if request.method == "POST" else restored.data if restored else None
            ),
            "discard_url": reverse("outcomes:report", args=[application.pk]) + "?discard=1",
            "crumbs": [*CRUMBS, _("成果報告書")],
        },
        status=status,
    )


def _readonly(request, application: Application, *, report: Report | None, **extra):
    view = report_view(report=report, application=application) if report else None
    return render(
        request,
        "outcomes/report_detail.html",
        {
            "application": application,
            "view": view,
            "sheet": view.sheet if view else None,
            "premium_lines": [premium_explained(p) for p in view.sheet.premiums] if view else [],
            "transitions": application.transitions.select_related("by").order_by("at", "id"),
            "crumbs": [*CRUMBS, _("成果報告書")],
            **extra,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report(request, pk: int):
    """成果報告書: the convenor fills it in while it may be edited (儲存 keeps a draft, what is
    typed is autosaved, a save from an older page is refused with the text kept); everyone
    else who may read the application sees it as filed."""
    application = readable_application(request, pk, related=WITH_REPORT)
    if not report_is_open(application):
        raise Http404
    if not report_can_edit(request.user, application):
        if is_autosave(request):
            return JsonResponse({"message": _("成果報告書目前不能修改，未自動儲存。")}, status=409)
        if request.method == "POST":
            refuse_stale_edit(request, application, action=request.POST.get("action"))
        return _readonly(request, application, report=report_of(application))
    report_row = report_start(application=application, by=request.user)
    key = _key(application)
    if request.method == "GET" and request.GET.get("discard"):
        autosave_clear(user=request.user, key=key)
        return redirect("outcomes:report", pk)
    if is_autosave(request):
        version = posted_version(request)
        saved = autosave_store(
            user=request.user,
            key=key,
            base_version=report_row.version if version is None else version,
            data=request.POST,
        )
        return autosave_answer(saved=saved, current_version=report_row.version)
    view = report_view(report=report_row, application=application)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        form = ReportForm(request.POST, view=view)
        if version_conflict(request, current_version=report_row.version):
            autosave_store(
                user=request.user, key=key, base_version=posted_version(request), data=request.POST
            )
            messages.error(request, stale_message())
            return _render_form(
                request,
                view,
                form,
                problems={},
                restored=None,
                conflict=True,
                version=posted_version(request),
                status=409,
            )
        if form.is_valid():
            try:
                report_row = report_save(
                    application=application, by=request.user, known=view, **form.saved_data()
                )
                if action == "add_session":
                    added = report_add_session(application=application, by=request.user)
            except ValidationError as error:
                apply_errors(form, error)
                # The save was rolled back, but it may have changed the page's rows in memory.
                report_row = Report.objects.get(pk=report_row.pk)
                view = report_view(report=report_row, application=application)
            else:
                autosave_clear(user=request.user, key=key, request=request)
                if action == "add_session":
                    messages.success(request, _("已儲存，並新增第%(n)d場。") % {"n": added.number})
                    return redirect(_report_url(application, f"session-{added.pk}"))
                if action == "submit":
                    return redirect("outcomes:submit", pk)
                remaining = report_view(report=report_row, application=application).problems
                if remaining:
                    count = sum(len(v) for v in remaining.values())
                    messages.success(
                        request,
                        _("已儲存草稿。送出前尚有 %(count)d 個項目需要完成或修正。")
                        % {"count": count},
                    )
                else:
                    messages.success(request, _("已儲存草稿，所有檢查均已通過，可以送出。"))
                return redirect("outcomes:report", pk)
        messages.error(request, _("有欄位格式不正確，資料尚未儲存，請依說明修正。"))
        return _render_form(
            request,
            view,
            form,
            problems={},
            restored=None,
            conflict=False,
            version=report_row.version,
        )
    restored = autosave_restore(user=request.user, key=key, version=report_row.version)
    form = ReportForm(restored.data if restored else None, view=view)
    if restored:
        form.is_valid()  # shows what was kept as typed, with any format messages
    return _render_form(
        request,
        view,
        form,
        problems=view.problems if request.GET.get("check") else {},
        restored=restored,
        conflict=bool(restored and restored.stale),
        version=int(restored.data["version"]) if restored else report_row.version,
    )


def _editable_session(request, session_pk: int) -> tuple[ReportSession, Application]:
    session = get_object_or_404(ReportSession.objects.select_related("report"), pk=session_pk)
    application = readable_application(request, session.report.application_id)
    if not report_can_edit(request.user, application):
        refuse_stale_edit(request, application)
    return session, application


def _keep_typed(request, application: Application) -> None:
    """The report form posted to an upload or delete button: what was typed is kept as the
    form's autosave, restored when the report opens again."""
    if "version" in request.POST:
        report_row = Report.objects.get(application=application)
        version = posted_version(request)
        autosave_store(
            user=request.user,
            key=_key(application),
            base_version=report_row.version if version is None else version,
            data=request.POST,
        )


@login_required
@require_POST
def evidence_add(request, pk: int):
    """上傳 a session's photos or PDFs (each checked; those that pass are kept)."""
    session, application = _editable_session(request, pk)
    _keep_typed(request, application)
    uploads = request.FILES.getlist(f"s{session.pk}-evidence") or request.FILES.getlist("file")
    errors = []
    if not uploads:
        errors.append(_("請選擇要上傳的照片或 PDF 檔。"))
    stored = 0
    for upload in uploads:
        try:
            evidence_upload(session=session, upload=upload, by=request.user)
        except ValidationError as error:
            errors.extend(
                _("「%(name)s」：%(reason)s") % {"name": upload.name, "reason": message}
                for message in error.messages
            )
        else:
            stored += 1
    if stored:
        messages.success(
            request,
            _("第%(n)d場已上傳 %(count)d 個佐證檔案。") % {"n": session.number, "count": stored},
        )
    if errors:
        request.session[f"evidence-errors-{session.pk}"] = errors
        messages.error(
            request, _("第%(n)d場有檔案未上傳，請見該場次的說明。") % {"n": session.number}
        )
    return redirect(_report_url(application, f"f-s{session.pk}-evidence"))


@login_required
@require_POST
def evidence_remove(request, pk: int):
    evidence = get_object_or_404(Evidence.objects.select_related("session__report"), pk=pk)
    session, application = _editable_session(request, evidence.session_id)
    _keep_typed(request, application)
    evidence_delete(evidence=evidence, by=request.user)
    messages.success(request, _("已刪除「%(name)s」。") % {"name": evidence.original_name})
    return redirect(_report_url(application, f"f-s{session.pk}-evidence"))


@login_required
@require_GET
def evidence_file(request, pk: int):
    """A session's evidence file, for whoever may read the application."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("session__report"),
        pk=pk,
        session__report__application__in=applications_readable_by(request.user),
    )
    response = FileResponse(
        evidence.file.storage.open(evidence.file.name, "rb"),
        as_attachment=not evidence.is_image,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def submit(request, pk: int):
    """送出 the report: a confirmation (what happens, who is told, or what is still missing),
    then one POST; a second POST finds it sent already (ActionUnavailable)."""
    application = readable_application(request, pk, related=WITH_REPORT)
    if workflow.CONVENOR not in roles_of(request.user, application):
        raise PermissionDenied
    step = workflow.WORKFLOW[application.status].actions.get("report_submit")
    if step is None:
        raise workflow.ActionUnavailable(application=application, action="report_submit")
    if request.method == "POST":
        try:
            report_submit(application=application, by=request.user)
        except ValidationError as error:
            count = sum(len(v) for v in error.message_dict.values())
            messages.error(
                request,
                _("尚有 %(count)d 個問題需要處理，請依下列說明修正後再送出。") % {"count": count},
            )
            return redirect(reverse("outcomes:report", args=[pk]) + "?check=1")
        done = Application.objects.get(pk=pk)
        messages.success(
            request, _("已送出成果報告書，狀態為「%(status)s」。") % {"status": done.status_label}
        )
        return redirect("communities:progress", pk)
    report_row = report_start(application=application, by=request.user)
    view = report_view(report=report_row, application=application)
    return render(
        request,
        "outcomes/report_submit.html",
        {
            "application": application,
            "view": view,
            "summary": _problem_entries(view, view.problems),
            "target": workflow.WORKFLOW[step.target].label,
            "told": _told(step),
            "crumbs": [*CRUMBS, _("成果報告書"), _("送出")],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def decide(request, pk: int):
    """The school's check of a sent report (送中心, or 退回 with the reason) and the center's
    (結案, or 退回): the report as filed, the choice, a confirmation, then one POST."""
    application = readable_application(request, pk, related=WITH_REPORT)
    roles = roles_of(request.user, application)
    if not roles & {workflow.SCHOOL_ADMIN, workflow.CENTER}:
        raise PermissionDenied
    if not report_is_open(application):
        raise Http404
    actions = {
        key: step
        for key, step in workflow.actions_of(application.status, roles=roles).items()
        if key in DECISIONS
    }
    step_name = request.POST.get("step", "") if request.method == "POST" else ""
    confirm = None
    form = DecisionForm(request.POST if request.method == "POST" else None, actions=actions)
    if request.method == "POST":
        posted = request.POST.get("action", "")
        if posted in DECISIONS and posted not in actions:
            raise workflow.ActionUnavailable(application=application, action=posted)
        if form.is_valid():
            action = form.cleaned_data["action"]
            step = actions[action]
            if step_name == "confirm":
                try:
                    report_decide(
                        application=application,
                        action=action,
                        comment=form.cleaned_data["comment"],
                        by=request.user,
                    )
                except ValidationError as error:
                    apply_errors(form, error)
                else:
                    done = Application.objects.get(pk=pk)
                    messages.success(
                        request,
                        _("已完成「%(action)s」，狀態為「%(status)s」，已通知%(told)s。")
                        % {"action": step.label, "status": done.status_label, "told": _told(step)},
                    )
                    return redirect(
                        f"{reverse('outcomes:reports')}?year={application.program.academic_year}"
                    )
            else:
                confirm = {
                    "action": action,
                    "label": step.label,
                    "target": workflow.WORKFLOW[step.target].label,
                    "told": _told(step),
                    "comment": form.cleaned_data["comment"],
                }
    return _readonly(
        request,
        application,
        report=report_of(application),
        decision_form=form if actions else None,
        confirm=confirm,
    )


def _scope(request) -> tuple[Scope, TypedSchool]:
    """The year and school of a list: the admin's own school, or for the center the one typed
    in the picker's 學校 field (people.selectors; blank: every school) or named by id."""
    typed = school_typed(request.GET, user=request.user)
    school = typed.school_id(request.GET.get("school") if request.user.is_center else None)
    scope = school_year_scope(request.user, school=school, year=request.GET.get("year"))
    return scope, typed


def _list_context(scope: Scope, typed: TypedSchool, **query) -> dict:
    """What both lists show: the year picker and, for the center, the school picker (a search
    field, never every school), and the query their links carry."""
    query = {"year": scope.program.academic_year, **query}
    if scope.is_center and scope.school is not None:
        query["school"] = scope.school.pk
    return {
        "scope": scope,
        "program": scope.program,
        "programs": _years(),
        "allow_all_schools": True,
        "school_link_query": urlencode({k: v for k, v in query.items() if v and k != "school"}),
        **typed.context(scope.school),
        "query": urlencode({k: v for k, v in query.items() if v}),
    }


def _years():
    from programs.models import ProgramYear

    return ProgramYear.objects.order_by("-academic_year")


@login_required
@require_GET
def reports(request):
    """成果報告: the school's reports (to check: 成果報告審核中) or every school's for the center
    (to close: 成果報告學校已審核送中心), by year, status and school."""
    scope, typed = _scope(request)
    status = request.GET.get("status", "")
    if status not in REPORT_STATES:
        status = ""
    rows = reports_for(user=request.user, program=scope.program, status=status, school=scope.school)
    if typed.unmatched:
        rows = rows.none()  # what was typed names no single school: nothing to list yet
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = report_rows_of(page.object_list)
    to_check = workflow.REPORT_FORWARDED if scope.is_center else workflow.REPORT_REVIEW
    return render(
        request,
        "outcomes/reports.html",
        {
            **_list_context(scope, typed, status=status),
            "page": page,
            "table_rows": report_rows(page, to_check=to_check, is_center=scope.is_center),
            "statuses": [(key, workflow.WORKFLOW[key].label) for key in REPORT_STATES],
            "status": status,
            "crumbs": [*CRUMBS, _("成果報告")],
        },
    )


@login_required
@require_GET
def hours(request):
    """研習時數: each member's hours attended, for the school's communities or (the center) every
    school's, filterable by school; the members of a page of communities at a time, the totals
    over all of them."""
    scope, typed = _scope(request)
    communities = communities_attended(program=scope.program, school=scope.school)
    if typed.unmatched:
        communities = []  # what was typed names no single school
    page = Paginator(communities, HOURS_PER_PAGE).get_page(request.GET.get("page"))
    members = member_hours(
        program=scope.program, school=scope.school, application_ids=page.object_list
    )
    return render(
        request,
        "outcomes/hours.html",
        {
            **_list_context(scope, typed),
            "page": page,
            "members": members,
            "member_rows": hours_rows(members),
            "total": hours_totals(
                program=scope.program,
                school=scope.school,
                application_ids=communities if scope.school else None,
            ),
            "crumbs": [*CRUMBS, _("研習時數")],
        },
    )


@login_required
@require_GET
def hours_xlsx(request):
    scope, _typed = _scope(request)
    filename, content = exports.hours_xlsx(program=scope.program, school=scope.school)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    return response
