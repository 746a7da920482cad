"""The teacher's 社群申請書: start, edit, 流程進度, 送出, and the read-only views."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods

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
from core.forms import error_messages
from people.models import Role
from programs.models import ProgramYear

from .. import workflow
from ..continuation import continuable_years, continuation_offer
from ..documents import DOCUMENTS_PREFETCH, document_slots
from ..forms import (
    TOO_MANY_MEMBERS,
    TOO_MANY_SESSIONS,
    MemberForm,
    PlanForm,
    SessionForm,
    build_formsets,
    member_school_choices,
)
from ..models import Application, SignedDocument
from ..permissions import applications_readable_by, can_edit, roles_of
from ..selectors import (
    application_flow,
    application_for_display,
    application_of_convenor_for,
    applications_of_convenor,
    form_catalog,
    form_rows_prefetched,
    form_schools,
    partner_schools_matching,
    transition_preview,
    with_plan_choices,
)
from ..services import (
    FORM_ORDER,
    MEMBERS_PREFIX,
    OPTION_LISTS,
    SESSIONS_PREFIX,
    application_prefill_from,
    application_problems,
    application_save_draft,
    application_start,
    application_submit,
)
from .access import (
    COMMUNITY_CRUMBS,
    editable_application,
    readable_application,
    refuse_stale_edit,
    role_required,
)
from .confirm import confirmation, confirmed


@role_required(Role.TEACHER)
def apply(request):
    """功能專區 → 社群 → 申請: explains the year's application and starts one (POST)."""
    program = ProgramYear.objects.current()
    if program is not None:
        existing = application_of_convenor_for(program=program, user=request.user)
        if existing is not None:
            if request.method == "POST":
                messages.info(
                    request,
                    _("您在%(year)s學年度已申請社群，每人每學年度可申請1個社群。")
                    % {"year": program.academic_year},
                )
            return redirect("communities:progress", existing.pk)
    if request.method == "POST":
        if program is None:
            raise Http404
        try:
            application = application_start(program=program, convenor=request.user)
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(request, _("已建立社群申請，請填寫教師專業學習社群申請表。"))
            return redirect("communities:progress", application.pk)
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    types = list(program.community_types.order_by("number")) if program else []
    return render(
        request,
        "communities/apply.html",
        {
            "program": program,
            "window_open": bool(program and program.window_is_open()),
            "types": types,
            "crumbs": [*COMMUNITY_CRUMBS, _("申請")],
        },
    )


@role_required(Role.TEACHER)
def my_applications(request):
    """社群計畫查詢: the teacher's applications and where each stands."""
    applications = list(applications_of_convenor(user=request.user))
    return render(
        request,
        "communities/my_applications.html",
        {
            "applications": applications,
            "continuable": continuable_years(applications=applications),
            "crumbs": [*COMMUNITY_CRUMBS, _("社群計畫查詢")],
        },
    )


# 編輯表單列表: each form's full title, the page that edits it and the one that shows it.
FORM_PAGES = {
    SignedDocument.Form.PLAN: (
        _lazy("教育部補助辦理 教師專業學習社群申請表"),
        "communities:application_form",
        "communities:detail",
        "printing:plan",
    ),
    SignedDocument.Form.BUDGET: (
        _lazy("教育部補助辦理 教師專業學習社群經費概算表"),
        "communities:budget_form",
        "communities:budget_form",
        "printing:budget",
    ),
}


def _forms_list(application: Application, slots, *, editable: bool) -> list[dict]:
    """編輯表單列表: the forms the application needs (the budget only when 是否申請經費 = 是),
    each with its signed copy (``slots``: document_slots)."""
    rows = []
    for slot in slots:
        full_title, edit_page, view_page, print_page = FORM_PAGES[slot.form]
        rows.append(
            {
                "key": slot.form.value,
                "title": slot.label,
                "full_title": full_title,
                "edit_url": reverse(edit_page, args=[application.pk]) if editable else "",
                "view_url": reverse(view_page, args=[application.pk]),
                "print_url": reverse(print_page, args=[application.pk]),
                "document": slot.document,
            }
        )
    return rows


@login_required
@require_GET
def progress(request, pk: int):
    """社群 - 流程進度: status, forms, history, and 送出 for the convenor."""
    application = readable_application(request, pk)
    editable = can_edit(request.user, application)
    is_convenor = workflow.CONVENOR in roles_of(request.user, application)
    # Read once for 送出's checks and the page: the signed copies, the members the checks read
    # (the 經費概算表's per-member caps count them too), the contents and options chosen.
    prefetch_related_objects([application], DOCUMENTS_PREFETCH, *(["members"] if editable else []))
    problems = application_problems(application=with_plan_choices(application)) if editable else {}
    state = workflow.WORKFLOW[application.status]
    slots = document_slots(application=application)
    return render(
        request,
        "communities/progress.html",
        {
            "application": application,
            "editable": editable,
            "is_convenor": is_convenor,
            "forms_list": _forms_list(application, slots, editable=editable),
            "document_slots": slots,
            # The 成果報告書 (outcomes) once approved: filled in by the convenor in the states
            # the workflow lets them, read by the others.
            "report_open": bool(state.report_editable_by) or state.report_filed,
            "report_editable": is_convenor
            and workflow.CONVENOR in state.report_editable_by
            and not state.read_only,
            "problems": _problem_entries(application, problems),
            "transitions": application.transitions.select_related("by").order_by("at", "id"),
            "flow": application_flow(application=application),
            "continuation": continuation_offer(application=application, user=request.user),
            "crumbs": [*COMMUNITY_CRUMBS, _("流程進度")],
        },
    )


def _problem_entries(application: Application, problems: dict) -> list[dict]:
    """Problems as a checklist for the progress page, each linking to the field on the form."""
    form_url = reverse("communities:application_form", args=[application.pk])
    budget_url = reverse("communities:budget_form", args=[application.pk])
    entries = []
    labels = _field_labels()
    for key, messages_ in problems.items():
        for message in messages_:
            if key == "budget" and budget_url:
                url = budget_url
            elif key == "documents":
                url = "#documents"
            elif key == "__all__":
                url = ""
            else:
                url = f"{form_url}?check=1#f-{key}"
            entries.append({"label": _label_for(key, labels), "message": message, "url": url})
    return entries


def _field_labels() -> dict[str, str]:
    labels = {name: str(field.label) for name, field in PlanForm.base_fields.items()}
    labels.update(
        {
            "community_type": _("社群類型"),
            "is_cross_school": _("學校 同校/跨校"),
            "partner_schools": _("合作學校"),
            "is_continuation": _("辦理"),
            "continuation_year": _("續辦第幾年"),
            "domain": _("學年/學科/領域"),
            "stage": _("學習階段"),
            "requests_budget": _("是否申請經費"),
            "invites_experts": _("是否邀請專家諮詢"),
            "convenor_trained": _("是否曾參與召集人培訓"),
            "content_items": _("補助社群實施之內容"),
            "members": _("社群成員"),
            "sessions": _("進度規劃"),
            "budget": _("經費概算表"),
            "documents": _("上傳核章完成文件"),
            "__all__": _("申請"),
        }
    )
    return labels


ROW_KEY = re.compile(rf"^({MEMBERS_PREFIX}|{SESSIONS_PREFIX})-(\d+)-(\w+)$")


def _label_for(key: str, labels: dict[str, str]) -> str:
    match = ROW_KEY.match(key)
    if not match:
        return labels.get(key, key)
    prefix, index, field = match.groups()
    number = int(index) + 1
    if prefix == MEMBERS_PREFIX:
        field_label = (
            MemberForm.base_fields[field].label if field in MemberForm.base_fields else field
        )
        return _("成員第%(n)d列 %(field)s") % {"n": number, "field": field_label}
    field_label = (
        SessionForm.base_fields[field].label if field in SessionForm.base_fields else field
    )
    return _("進度規劃第%(n)d場 %(field)s") % {"n": number, "field": field_label}


def _submit_action(application: Application) -> str | None:
    """送出's key in the application's status (submit, or resubmit after 初審退回修正)."""
    actions = workflow.actions_of(application.status, roles={workflow.CONVENOR})
    return next(
        (key for key, step in actions.items() if step.guard == "application_complete"), None
    )


@login_required
@require_http_methods(["GET", "POST"])
def submit(request, pk: int):
    """送出: first a confirmation of what will happen (the new status, who is told) with the
    problems still to fix; a POST with ``confirm=1`` checks every rule and takes the workflow's
    transition."""
    application = readable_application(request, pk)
    if workflow.CONVENOR not in roles_of(request.user, application):
        raise PermissionDenied
    action = _submit_action(application)
    if action is None:
        raise workflow.ActionUnavailable(application=application, action="submit")
    if confirmed(request):
        try:
            application_submit(application=application, by=request.user)
        except ValidationError:
            return submit_refused(request, application)
        messages.success(request, _("已送出，狀態為「%(status)s」。") % {"status": _status(pk)})
        return redirect("communities:progress", pk)
    preview = transition_preview(application=application, action=action)
    problems = application_problems(application=application)
    return render(
        request,
        "communities/submit_confirm.html",
        {
            "application": application,
            "problems": _problem_entries(application, problems),
            **confirmation(
                [preview], cancel_url=reverse("communities:progress", args=[application.pk])
            ),
            "crumbs": [*COMMUNITY_CRUMBS, _("流程進度"), preview.action_label],
        },
    )


def submit_refused(request, application: Application):
    count = sum(len(v) for v in application_problems(application=application).values())
    messages.error(
        request,
        _("尚有 %(count)d 個問題需要處理，請依下列說明修正後再送出。") % {"count": count},
    )
    return redirect(reverse("communities:application_form", args=[application.pk]) + "?check=1")


def _status(pk: int) -> str:
    return Application.objects.get(pk=pk).status_label


def _attach_problems(plan_form, members, sessions, problems: dict) -> dict:
    """Put each 送出 problem on its field; return the ones that belong to no field here."""

    def add(form, field, messages_):
        form.errors  # noqa: B018 — builds the error dict, also for an unbound form
        if not hasattr(form, "cleaned_data"):
            form.cleaned_data = {}
        form.add_error(field, list(messages_))

    rest = {}
    for key, messages_ in problems.items():
        match = ROW_KEY.match(key)
        if key in plan_form.fields:
            add(plan_form, key, messages_)
        elif key in (MEMBERS_PREFIX, SESSIONS_PREFIX):
            formset = members if key == MEMBERS_PREFIX else sessions
            formset.non_form_errors().extend(messages_)
        elif match:
            prefix, index, field = match.groups()
            formset = members if prefix == MEMBERS_PREFIX else sessions
            index = int(index)
            if index < len(formset.forms) and field in formset.forms[index].fields:
                add(formset.forms[index], field, messages_)
            else:
                rest[key] = messages_
        else:
            rest[key] = messages_
    return rest


def _input_id(form, name: str) -> str:
    """Where a problem's link leads: the field's own input, or (a group of radios or boxes,
    which has no one input) the box around it."""
    if name in form.fields:
        input_id = form[name].id_for_label
        if input_id:
            return input_id
    return f"f-{form.add_prefix(name)}"


def _summary(plan_form, members, sessions, rest: dict) -> list[dict]:
    labels = _field_labels()
    entries = [
        {"anchor": "", "label": "", "message": m}
        for m in [*rest.get("__all__", []), *plan_form.non_field_errors()]
    ]
    # In the order of the paper form.
    for key in FORM_ORDER:
        if key in (MEMBERS_PREFIX, SESSIONS_PREFIX):
            formset = members if key == MEMBERS_PREFIX else sessions
            for message in formset.non_form_errors():
                entries.append({"anchor": f"f-{key}", "label": labels[key], "message": message})
            for form in formset.forms:
                if formset.can_delete and form.is_bound and formset._should_delete_form(form):
                    continue
                for name in form.fields:
                    for message in form.errors.get(name, []) if form._errors is not None else []:
                        html_name = form.add_prefix(name)
                        entries.append(
                            {
                                "anchor": _input_id(form, name),
                                "label": _label_for(html_name, labels),
                                "message": message,
                            }
                        )
            continue
        if plan_form._errors is None:
            continue
        for message in plan_form.errors.get(key, []):
            entries.append(
                {
                    "anchor": _input_id(plan_form, key),
                    "label": labels.get(key, key),
                    "message": message,
                }
            )
    for key in ("budget", "documents"):
        for message in rest.get(key, []):
            entries.append({"anchor": f"f-{key}", "label": labels[key], "message": message})
    return entries


def _extra_rows(application: Application, catalog, *, members_count: int, sessions_count: int):
    """Blank rows up to the chosen type's minimums, so the plan can be filled at once."""
    community_type = application.community_type
    types = catalog.types
    if community_type is not None:
        min_members, min_sessions = community_type.min_members, community_type.min_sessions
    elif types:
        min_members = min(t.min_members for t in types)
        min_sessions = min(t.min_sessions for t in types)
    else:
        min_members, min_sessions = 1, 1
    return max(0, min_members - members_count), max(0, min_sessions - sessions_count)


SEARCH_PARTNERS = "search_partners"


@login_required
@require_GET
def partner_search(request, pk: int):
    """htmx: schools matching what was typed in the partner-school search, as checkboxes (those
    already offered on the page are left out)."""
    application = editable_application(request, pk)
    shown = {s.pk for s in form_schools(application=application, data=request.GET)}
    found = partner_schools_matching(request.GET.get("partner_search", ""), exclude=shown)
    return render(
        request,
        "communities/_partner_results.html",
        {"schools": found, "searched": bool(request.GET.get("partner_search", "").strip())},
    )


def _base_version(request, current: int) -> int:
    version = posted_version(request)
    return current if version is None else version


def plan_key(application: Application) -> str:
    return f"application:{application.pk}:plan"


def _bound_forms(application: Application, catalog, data):
    plan_form = PlanForm(data, instance=application, catalog=catalog)
    members, sessions = build_formsets(
        application=application,
        catalog=catalog,
        partner_ids=data.getlist("partner_schools"),
        data=data,
    )
    return plan_form, members, sessions


@login_required
def application_form(request, pk: int):
    """The 社群申請書 editor: 儲存 keeps a draft; 送出 saves, then checks every rule. What is
    typed is autosaved (core.autosave) and a save from a page loaded before another save is
    refused with the text kept on screen."""
    application = readable_application(request, pk)
    if not can_edit(request.user, application):
        if is_autosave(request):
            return JsonResponse({"message": _("此申請目前不能修改，未自動儲存。")}, status=409)
        if request.method == "POST":
            refuse_stale_edit(request, application, action=request.POST.get("action"))
        messages.info(
            request,
            _("此申請目前為「%(status)s」，僅供檢視。") % {"status": application.status_label},
        )
        return redirect("communities:detail", pk)
    key = plan_key(application)
    form_url = reverse("communities:application_form", args=[pk])
    if request.method == "GET" and request.GET.get("discard"):
        autosave_clear(user=request.user, key=key)
        return redirect(form_url)
    if is_autosave(request):
        saved = autosave_store(
            user=request.user,
            key=key,
            base_version=_base_version(request, application.plan_version),
            data=request.POST,
        )
        return autosave_answer(saved=saved, current_version=application.plan_version)
    form_rows_prefetched(application)
    problems: dict = {}
    restored = None
    conflict = False

    if request.method == "POST":
        action = request.POST.get("action", "save")
        searching = action == SEARCH_PARTNERS
        catalog = form_catalog(
            application=application,
            data=request.POST,
            search=request.POST.get("partner_search", "") if searching else "",
        )
        plan_form, members, sessions = _bound_forms(application, catalog, request.POST)
        if searching:
            # Without JavaScript the partner-school search comes back here: nothing is saved,
            # everything typed stays, the schools found are offered.
            pass
        elif version_conflict(request, current_version=application.plan_version):
            # Saved meanwhile from another tab or device: keep this page's text, write nothing.
            conflict = True
            autosave_store(
                user=request.user,
                key=key,
                base_version=posted_version(request),
                data=request.POST,
            )
            messages.error(request, stale_message())
        elif plan_form.is_valid() and members.is_valid() and sessions.is_valid():
            # The saved application keeps the rows it wrote, for the checks below.
            application = application_save_draft(
                application=application,
                data=plan_form.plan_data(),
                members=members.rows(),
                sessions=sessions.rows(),
                by=request.user,
            )
            autosave_clear(user=request.user, key=key, request=request)
            if action == "prefill":
                previous = plan_form.cleaned_data.get("previous")
                if previous is None:
                    messages.error(request, _("請先選擇前一年度社群。"))
                    return redirect(form_url + "#f-previous")
                application_prefill_from(application=application, previous=previous)
                messages.success(
                    request,
                    _("已儲存，並從「%(name)s」帶入尚未填寫的欄位，請檢查後修改。")
                    % {"name": previous.display_name},
                )
                return redirect(form_url)
            if action == "submit":
                # 送出 from the form: saved; the confirmation (or the problems) comes next.
                if application_problems(application=application):
                    return submit_refused(request, application)
                return redirect("communities:submit", pk)
            if action == "budget":
                # 儲存並編輯經費概算表: saved first, so leaving for the budget loses nothing.
                application.refresh_from_db()
                if application.requests_budget:
                    messages.success(request, _("已儲存草稿，請填寫經費概算表。"))
                    return redirect("communities:budget_form", pk)
                messages.info(
                    request, _("已儲存草稿。「是否申請經費」選「是」時才需填寫經費概算表。")
                )
                return redirect(form_url + "#f-requests_budget")
            remaining = application_problems(application=application)
            if remaining:
                count = sum(len(v) for v in remaining.values())
                messages.success(
                    request,
                    _("已儲存草稿。送出前尚有 %(count)d 個項目需要完成或修正。") % {"count": count},
                )
                # The page lists each of them, each a link to its field.
                return redirect(form_url + "?check=1#problems")
            messages.success(request, _("已儲存草稿，所有檢查均已通過，可以送出。"))
            return redirect(form_url)
        else:
            messages.error(request, _("有欄位格式不正確，資料尚未儲存，請依說明修正。"))
    else:
        restored = autosave_restore(user=request.user, key=key, version=application.plan_version)
        catalog = form_catalog(
            application=application, data=restored.data if restored is not None else None
        )
        if restored is not None:
            plan_form, members, sessions = _bound_forms(application, catalog, restored.data)
            conflict = restored.stale
        else:
            plan_form = PlanForm(instance=application, catalog=catalog)
            members, sessions = build_formsets(
                application=application,
                catalog=catalog,
                partner_ids=[p.pk for p in plan_form.initial.get("partner_schools") or []],
            )
            extra_members, extra_sessions = _extra_rows(
                application,
                catalog,
                members_count=len(members.get_queryset()),
                sessions_count=len(sessions.get_queryset()),
            )
            members.extra, sessions.extra = extra_members, extra_sessions
            if request.GET.get("check"):
                problems = application_problems(application=application)

    rest = _attach_problems(plan_form, members, sessions, problems)
    summary = _summary(plan_form, members, sessions, rest)
    version = posted_version(request) if conflict and request.method == "POST" else None
    return render(
        request,
        "communities/application_form.html",
        {
            "application": application,
            "form": plan_form,
            "members": members,
            "sessions": sessions,
            "summary": summary,
            "budget_problems": rest.get("budget", []),
            "document_problems": rest.get("documents", []),
            "checked": bool(request.GET.get("check")) and request.method == "GET",
            "budget_url": reverse("communities:budget_form", args=[application.pk]),
            "print_url": reverse("printing:plan", args=[application.pk]),
            "community_type": plan_form.chosen_type,
            "version": version
            if version is not None
            else (restored.data["version"] if restored else application.plan_version),
            "restored": restored,
            "page_token": page_token(
                request.POST if request.method == "POST" else restored.data if restored else None
            ),
            "conflict": conflict,
            "stale_message": stale_message(),
            "discard_url": f"{form_url}?discard=1",
            "partner_search": request.POST.get("partner_search", "")
            if request.method == "POST"
            else "",
            "crumbs": [*COMMUNITY_CRUMBS, _("申請"), _("社群申請書")],
        },
        status=409 if conflict and request.method == "POST" else 200,
    )


@login_required
@require_GET
def member_row(request, pk: int):
    """htmx: one more blank member row."""
    application = editable_application(request, pk)
    index = _row_index(request, MEMBERS_PREFIX)
    if index >= application.program.max_members:
        return _row_limit(
            MEMBERS_PREFIX, TOO_MANY_MEMBERS % {"num": application.program.max_members}
        )
    catalog = form_catalog(application=application, data=request.GET)
    schools = member_school_choices(
        catalog=catalog,
        application=application,
        partner_ids=request.GET.getlist("partner_schools"),
        member_school_ids=[m.school_id for m in application.members.all()],
    )
    form = MemberForm(
        prefix=f"{MEMBERS_PREFIX}-{index}", schools=schools, lead_school=application.school
    )
    return _added_row(request, form, prefix=MEMBERS_PREFIX, index=index)


@login_required
@require_GET
def session_row(request, pk: int):
    """htmx: one more blank 進度規劃 row."""
    application = editable_application(request, pk)
    index = _row_index(request, SESSIONS_PREFIX)
    if index >= application.program.max_sessions:
        return _row_limit(
            SESSIONS_PREFIX, TOO_MANY_SESSIONS % {"num": application.program.max_sessions}
        )
    form = SessionForm(prefix=f"{SESSIONS_PREFIX}-{index}")
    return _added_row(request, form, prefix=SESSIONS_PREFIX, index=index)


def _row_index(request, prefix: str) -> int:
    """The new row's index: the formset's TOTAL_FORMS as the page sent it."""
    try:
        index = int(request.GET.get(f"{prefix}-TOTAL_FORMS"))
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 <= index < 500:
        raise Http404
    return index


def _row_limit(prefix: str, message: str) -> HttpResponse:
    """No row is added past the year's limit: the message shows beside the 新增 button."""
    response = HttpResponse(
        format_html(
            '<p id="{}-limit" class="errorlist row-limit" role="alert" hx-swap-oob="true">{}</p>',
            prefix,
            message,
        )
    )
    response["HX-Reswap"] = "none"
    return response


def _added_row(request, form, *, prefix: str, index: int):
    """The row, and the formset's TOTAL_FORMS raised out of band."""
    return render(
        request,
        "communities/_row_added.html",
        {"form": form, "number": index + 1, "prefix": prefix, "total": index + 1},
    )


@login_required
@require_GET
def content_items(request, pk: int):
    """htmx: the chosen type's 補助社群實施之內容, its required items checked, the rest kept by
    label from what was checked before."""
    application = editable_application(request, pk)
    catalog = form_catalog(application=application)
    community_type = catalog.type_by_id(request.GET.get("community_type"))
    labels_checked = {
        item.label
        for item in catalog.content_items
        if str(item.pk) in set(request.GET.getlist("content_items"))
    }
    variant_id = community_type.content_variant_id if community_type else None
    keep = [i for i in catalog.items_of_variant(variant_id) if i.label in labels_checked]
    form = PlanForm(
        instance=application,
        catalog=catalog,
        precheck_required=True,
        initial={
            "community_type": community_type.pk if community_type else None,
            "content_items": keep,
            "content_other_text": request.GET.get("content_other_text", ""),
        },
    )
    return render(
        request,
        "communities/_content_items.html",
        {"form": form, "community_type": community_type},
    )


@login_required
@require_GET
def domain_field(request, pk: int):
    """htmx: the 學年/學科/領域 list for the chosen 學習階段, keeping the choice if it still fits."""
    application = editable_application(request, pk)
    catalog = form_catalog(application=application)
    stage = catalog.stage_by_id(request.GET.get("stage"))
    domain = request.GET.get("domain")
    fitting = {str(d.pk) for d in catalog.domains_for_stage(stage)}
    form = PlanForm(
        instance=application,
        catalog=catalog,
        initial={
            "stage": stage.pk if stage else "",
            "domain": domain if domain in fitting else "",
        },
    )
    return render(request, "communities/_domain_field.html", {"form": form})


@login_required
@require_GET
def detail(request, pk: int):
    """The whole application, read-only: for the convenor after 送出, the school, reviewers, the
    center."""
    readable = applications_readable_by(request.user)
    try:
        application = application_for_display(pk=pk, readable=readable)
    except Application.DoesNotExist:
        raise Http404 from None
    options = list(application.options.all())
    context = {
        name: [option for option in options if option.kind == kind]
        for name, kind in OPTION_LISTS.items()
    }
    return render(
        request,
        "communities/detail.html",
        {
            **context,
            "application": application,
            "editable": can_edit(request.user, application),
            "members": list(application.members.all()),
            "sessions": list(application.sessions.all()),
            "print_url": reverse("printing:plan", args=[application.pk]),
            "crumbs": [*COMMUNITY_CRUMBS, _("社群申請書")],
        },
    )
