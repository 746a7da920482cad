"""The reviewers' 審查案件, 利益迴避聲明 and 審查 pages; the center's 審查結果 page, 批次決定 and the
review results export."""

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communities import workflow
from communities.budget import budget_sheet
from communities.documents import document_slots
from communities.models import Application
from communities.permissions import applications_readable_by, roles_of
from communities.selectors import application_for_display, transition_preview
from communities.services import OPTION_LISTS, application_transition_problems
from communities.views.access import role_required
from communities.views.confirm import confirmation, confirmed
from core.forms import apply_errors
from core.xlsx import CONTENT_TYPE as XLSX
from people.models import Role
from programs.models import ProgramYear

from . import exports
from .forms import BulkDecisionForm, DecisionForm, DeclarationForm, ReviewForm
from .models import DecisionBatch
from .rows import queue_rows
from .selectors import (
    application_to_declare,
    approval_cap,
    assignments_of,
    chosen_applications,
    criteria_for,
    decision_actions,
    decision_choices,
    decision_plan,
    decision_step,
    declaration_of,
    declared_conflicts,
    own_review,
    recommendation_options,
    review_comparison,
    reviewer_queue,
    reviewer_queue_count,
    reviewer_queue_rows,
)
from .services import review_decide, review_decide_many, review_declare, review_save

CENTER_CRUMBS = [gettext_lazy("中心端")]
REVIEWER_CRUMBS = [gettext_lazy("功能專區"), gettext_lazy("社群"), gettext_lazy("審查案件")]
QUEUE_PER_PAGE = 20


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def report_assignment(request, result) -> None:
    """The page messages after 指定審查: what was assigned, started, already there, skipped."""

    def pairs(items) -> str:
        return "、".join(
            f"{p.application.display_name} → {p.reviewer.name or p.reviewer.username}"
            for p in items
        )

    if result.assigned:
        messages.success(
            request,
            _("已指定 %(count)d 組審查（%(pairs)s）。")
            % {"count": len(result.assigned), "pairs": pairs(result.assigned)},
        )
    if result.started:
        messages.info(
            request,
            _("%(count)d 件申請狀態變更為「審查中」。") % {"count": len(result.started)},
        )
    if result.already:
        messages.info(
            request, _("已指定過，未重複指定：%(pairs)s。") % {"pairs": pairs(result.already)}
        )
    for pair in result.skipped:
        messages.warning(
            request,
            _("未指定「%(application)s」給 %(reviewer)s：%(reason)s")
            % {
                "application": pair.application.display_name,
                "reviewer": pair.reviewer.name or pair.reviewer.username,
                "reason": pair.reason,
            },
        )


# The reviewer ------------------------------------------------------------------------------------


@role_required(Role.REVIEWER)
@require_GET
def queue(request):
    """審查案件: the reviewer's assignments, soonest due first, with their review's state."""
    paginator = Paginator(reviewer_queue(reviewer=request.user), QUEUE_PER_PAGE)
    paginator.count = reviewer_queue_count(reviewer=request.user)  # without the year's join
    page = paginator.get_page(request.GET.get("page"))
    rows = reviewer_queue_rows(reviewer=request.user, ids=page.object_list)
    return render(
        request,
        "reviews/review_list.html",
        {
            "page": page,
            "table_rows": queue_rows(rows, today=timezone.localdate()),
            "crumbs": REVIEWER_CRUMBS,
        },
    )


def _application(request, pk: int, role: str) -> Application:
    """The application with what its read-only pages show: 404 unless the user may read it (a
    reviewer only an assigned one, after their 利益迴避聲明); 403 for readers without ``role``."""
    try:
        application = application_for_display(
            pk=pk, readable=applications_readable_by(request.user)
        )
    except Application.DoesNotExist:
        raise Http404 from None
    if role not in roles_of(request.user, application):
        raise PermissionDenied
    return application


def _application_context(application: Application) -> dict:
    """What the read-only application above a review shows (the detail page's blocks)."""
    options = list(application.options.all())
    budget = budget_sheet(application=application) if application.requests_budget else None
    cap, ceiling, requested = approval_cap(application=application, sheet=budget)
    return {
        **{name: [o for o in options if o.kind == kind] for name, kind in OPTION_LISTS.items()},
        "application": application,
        "editable": False,
        "members": list(application.members.all()),
        "sessions": list(application.sessions.all()),
        # Read once for the page's two lists of signed copies.
        "document_slots": document_slots(application=application),
        "budget": budget,
        "plan_pdf": reverse("printing:plan", args=[application.pk]),
        "budget_pdf": (
            reverse("printing:budget", args=[application.pk]) if application.requests_budget else ""
        ),
        "cap": cap,
        "ceiling": ceiling,
        "requested": requested,
        "transitions": application.transitions.select_related("by").order_by("at", "id"),
    }


def _declaration_page(request, pk: int, form: DeclarationForm):
    application = application_to_declare(pk=pk)
    return render(
        request,
        "reviews/declare.html",
        {
            "application": application,
            "form": form,
            "statement": application.program.conflict_statement,
            "crumbs": [*REVIEWER_CRUMBS, _("利益迴避聲明")],
        },
    )


def _undeclared(request, pk: int, assignments) -> bool:
    """A reviewer assigned to the application (``assignments``: theirs on it, none for anyone
    but a reviewer) who has not made their 利益迴避聲明 yet."""
    return bool(assignments) and declaration_of(application_id=pk, reviewer=request.user) is None


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    """審查 (a reviewer): first the 利益迴避聲明; then the read-only application with its PDFs and
    the reviewer's 審查表 of the stage now open, 儲存 as a draft or 送出."""
    assignments = (
        assignments_of(application_id=pk, reviewer=request.user)
        if request.user.role == Role.REVIEWER
        else []
    )
    if _undeclared(request, pk, assignments):
        if request.method == "POST":
            raise PermissionDenied
        return _declaration_page(request, pk, DeclarationForm())
    application = _application(request, pk, workflow.REVIEWER)
    stage = workflow.WORKFLOW[application.status].review_stage
    mine = next((a for a in assignments if a.stage == stage), None) if stage else None
    own = own_review(mine)
    open_to_me = mine is not None
    criteria = criteria_for(program=application.program, stage=stage) if stage else []
    options = recommendation_options(program=application.program, stage=stage) if stage else []

    if request.method == "POST":
        if not open_to_me:
            raise PermissionDenied
        if own is not None and own.is_submitted:
            # Sent from another tab, or posted again: the submitted review stands.
            messages.error(request, _("您已送出本階段的審查意見，不能再修改。"))
            return redirect("reviews:review", pk)
        form = ReviewForm(request.POST, criteria=criteria, options=options)
        if form.is_valid():
            submit = request.POST.get("submit") == "1"
            try:
                review_save(
                    application=application,
                    reviewer=request.user,
                    scores=form.scores,
                    recommendation=form.cleaned_data["recommendation"],
                    opinion=form.cleaned_data["opinion"],
                    recommended_amount=form.cleaned_data["recommended_amount"],
                    submit=submit,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request, _("已送出審查意見。") if submit else _("已儲存審查意見草稿。")
                )
                return redirect("reviews:review", pk)
        messages.error(request, _("審查意見尚未儲存，請依說明修正。"))
    else:
        initial = {}
        if own is not None:
            initial = {
                "recommendation": own.recommendation_id,
                "opinion": own.opinion,
                "recommended_amount": own.recommended_amount,
                **{f"score_{k}": v for k, v in own.score_by_criterion.items()},
            }
        form = ReviewForm(initial=initial, criteria=criteria, options=options)

    return render(
        request,
        "reviews/review_form.html",
        {
            **_application_context(application),
            "stage_label": workflow.REVIEW_STAGES.get(stage, ""),
            "due": application.program.review_due(stage) if stage else None,
            "own_review": own,
            "open_to_me": open_to_me and not (own and own.is_submitted),
            "review_form": form,
            "total_weight": sum(c.weight for c in criteria),
            "crumbs": [*REVIEWER_CRUMBS, _("審查")],
        },
    )


@role_required(Role.REVIEWER)
@require_POST
def declare(request, pk: int):
    """The reviewer's 利益迴避聲明: no conflict opens the application; a conflict releases it."""
    if not assignments_of(application_id=pk, reviewer=request.user):
        raise Http404
    if declaration_of(application_id=pk, reviewer=request.user) is not None:
        messages.info(request, _("您已完成本案的利益迴避聲明。"))
        return redirect("reviews:review", pk)
    form = DeclarationForm(request.POST)
    if form.is_valid():
        try:
            declaration = review_declare(
                application=Application.objects.get(pk=pk),
                reviewer=request.user,
                has_conflict=form.conflict,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if declaration.has_conflict:
                messages.success(
                    request,
                    _("已聲明利益迴避：「%(name)s」已自您的審查案件移除，並已通知教專中心。")
                    % {"name": declaration.application.display_name},
                )
                return redirect("reviews:queue")
            messages.success(request, _("已完成利益迴避聲明，請開始審查。"))
            return redirect("reviews:review", pk)
    messages.error(request, _("利益迴避聲明尚未完成，請依說明修正。"))
    return _declaration_page(request, pk, form)


# The center ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def decide(request, pk: int):
    """審查結果 (the center): every review of the application side by side, and the stage's
    result recorded through the workflow."""
    application = _application(request, pk, workflow.CENTER)
    actions = decision_actions(application=application, user=request.user)
    confirming = None

    if request.method == "POST":
        posted = request.POST.get("action", "")
        if workflow.is_decision(posted) and posted not in dict(actions):
            # Decided already (a double click, another tab, a colleague): say so.
            raise workflow.ActionUnavailable(application=application, action=posted)
        form = DecisionForm(request.POST, actions=actions)
        if form.is_valid() and not confirmed(request):
            # Every result asks first: what it records, the new status, who is told (and
            # 返回修改, ``edit``, the form again with what was chosen).
            problems = application_transition_problems(
                application=application,
                action=form.cleaned_data["action"],
                by=request.user,
                comment=form.cleaned_data["comment"],
                data={"approved_amount": form.cleaned_data["approved_amount"]},
            )
            if problems:
                apply_errors(form, ValidationError(problems))
            elif not request.POST.get("edit"):
                confirming = transition_preview(
                    application=application, action=form.cleaned_data["action"]
                )
        elif form.is_valid():
            try:
                review_decide(
                    application=application,
                    action=form.cleaned_data["action"],
                    comment=form.cleaned_data["comment"],
                    approved_amount=form.cleaned_data["approved_amount"],
                    by=request.user,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                done = Application.objects.get(pk=pk)
                messages.success(
                    request,
                    _("已記錄審查結果，狀態為「%(status)s」。") % {"status": done.status_label},
                )
                return redirect("reviews:decide", pk)
        if not form.is_valid():
            messages.error(request, _("審查結果尚未記錄，請依說明修正。"))
    else:
        form = DecisionForm(actions=actions)

    stage = workflow.WORKFLOW[application.status].review_stage
    export_query = f"year={application.program.academic_year}" + (
        f"&stage={stage}" if stage else ""
    )
    return render(
        request,
        "reviews/review_decision.html",
        {
            **_application_context(application),
            "comparisons": review_comparison(application=application),
            "conflicts": declared_conflicts(application=application),
            "decision_form": form,
            "actions": actions,
            "confirming": confirming,
            **(_decision_confirmation(confirming, form) if confirming else {}),
            "can_approve": any(key == "approve" for key, _label in actions),
            "export_url": f"{reverse('reviews:results_xlsx')}?{export_query}",
            "crumbs": [*CENTER_CRUMBS, _("審查結果")],
        },
    )


def _decision_confirmation(preview, form) -> dict:
    amount = form.cleaned_data["approved_amount"]
    details = []
    if (
        "approved_amount"
        in workflow.WORKFLOW[preview.application.status].actions[preview.action].fields
    ):
        details.append((_("核定金額"), _("%(amount)s 元") % {"amount": f"{amount or 0:,}"}))
    return confirmation(
        [preview],
        cancel_url=reverse("reviews:decide", args=[preview.application.pk]),
        edit_name="edit",
        comment=form.cleaned_data["comment"],
        details=details,
    )


def _back(request) -> str:
    """Where the bulk decision returns to: the page it came from, on this site."""
    back = request.POST.get("back") or request.GET.get("back") or ""
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return reverse("center:applications")


@role_required(Role.CENTER)
@require_http_methods(["GET", "POST"])
def decide_many(request):
    """批次決定: the same stage result for the applications chosen on the center's list. The
    list posts their ids (``applications``, and ``back``); the center picks the result and its
    說明, sees on a confirmation what will happen to which application and who is told, and
    confirms once (the confirmation carries a key: posted twice, it is recorded once)."""
    data = request.POST if request.method == "POST" else request.GET
    ids = [int(pk) for pk in data.getlist("applications") if str(pk).isdigit()]
    back = _back(request)
    chosen = chosen_applications(ids=ids)
    if data.get("all_matching") == "1" and not data.get("step"):
        messages.warning(
            request, _("批次決定只處理勾選的申請，不含「全部符合條件的申請」中未勾選的。")
        )
    if not chosen:
        messages.error(request, _("請先在申請案件列表勾選要決定審查結果的申請。"))
        return redirect(back)
    steps = {key: decision_step(key) for key, _label in decision_choices()}
    # step: "" from the list; "preview" shows the plan; "edit" goes back to the choice with what
    # was chosen; "confirm" records it.
    step = data.get("step", "")
    form = BulkDecisionForm(
        data if step in ("preview", "confirm", "edit") else None,
        actions=decision_choices(),
        steps=steps,
    )
    context = {
        "chosen": chosen,
        "form": form,
        "back": back,
        "crumbs": [*CENTER_CRUMBS, _("批次決定審查結果")],
    }
    if step in ("preview", "confirm") and form.is_valid():
        action = form.cleaned_data["action"]
        amounts, amount_errors = _posted_amounts(data, chosen)
        plan = decision_plan(
            applications=chosen, action=action, by=request.user, amounts=amounts or None
        )
        for row in plan:
            if row.application.pk in amount_errors:
                row.amount_error = amount_errors[row.application.pk]
                row.amount_text = data.get(f"amount-{row.application.pk}", "")
        key = _key(data.get("key")) or uuid.uuid4()
        if step == "confirm" and request.method == "POST":
            if not any(row.amount_error for row in plan):
                result = review_decide_many(
                    applications=[row.application for row in plan],
                    action=action,
                    comment=form.cleaned_data["comment"],
                    by=request.user,
                    key=key,
                    amounts={row.application.pk: row.amount for row in plan},
                )
                if not result.created:
                    messages.info(
                        request,
                        _("這批審查結果已於 %(at)s 記錄，未再重複執行。")
                        % {"at": timezone.localtime(result.batch.created_at).strftime("%H:%M")},
                    )
                url = reverse("reviews:decide_batch", args=[result.batch.pk])
                return redirect(f"{url}?{urlencode({'back': back})}")
            messages.error(request, _("核定金額有誤，請依說明修正後再確認。"))
        return render(
            request,
            "reviews/decide_many.html",
            {
                **context,
                "plan": plan,
                "key": key,
                "action_label": workflow.action_label(action),
                "changing": [row for row in plan if row.will_change],
                "needs_amount": any(row.cap is not None for row in plan),
            },
        )
    if step in ("preview", "confirm"):
        messages.error(request, _("尚未選定審查結果，請依說明修正。"))
    return render(request, "reviews/decide_many.html", context)


def _key(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def _posted_amounts(data, chosen) -> tuple[dict[int, int | None], dict[int, str]]:
    """The 核定金額 typed on the confirmation, by application; and what could not be read."""
    amounts: dict[int, int | None] = {}
    errors: dict[int, str] = {}
    for application in chosen:
        name = f"amount-{application.pk}"
        if name not in data:
            continue
        text = data.get(name, "").strip().replace(",", "")
        if not text:
            amounts[application.pk] = None
        elif text.isdigit():
            amounts[application.pk] = int(text)
        else:
            amounts[application.pk] = None
            errors[application.pk] = _("金額請填寫整數（元）。")
    return amounts, errors


@role_required(Role.CENTER)
@require_GET
def decide_batch(request, pk: int):
    """What a 批次決定 did: each application's new status, or why it was left as it was."""
    batch = get_object_or_404(DecisionBatch.objects.select_related("by"), pk=pk)
    items = list(
        batch.items.select_related("application", "application__school", "application__convenor")
    )
    return render(
        request,
        "reviews/decide_batch.html",
        {
            "batch": batch,
            "items": items,
            "decided": sum(1 for item in items if item.decided),
            "back": _back(request),
            "crumbs": [*CENTER_CRUMBS, _("批次決定審查結果")],
        },
    )


@role_required(Role.CENTER)
@require_GET
def results_xlsx(request):
    """審查結果 .xlsx of a year (``year``, default the current one), optionally of one stage
    (``stage=first`` 初審 / ``second`` 複審)."""
    year = request.GET.get("year")
    if year:
        program = get_object_or_404(ProgramYear, academic_year=_int_or_none(year) or 0)
    else:
        program = ProgramYear.objects.current()
        if program is None:
            raise Http404
    stage = request.GET.get("stage") or ""
    if stage and stage not in workflow.REVIEW_STAGES:
        raise Http404
    response = HttpResponse(
        exports.review_results_xlsx(program=program, stage=stage), content_type=XLSX
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True,
        filename=_("%(year)s學年度%(stage)s審查結果.xlsx")
        % {
            "year": program.academic_year,
            "stage": workflow.REVIEW_STAGES[stage] if stage else "",
        },
    )
    return response
