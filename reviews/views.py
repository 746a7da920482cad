"""指定審查 (the center), the reviewers' 審查案件 and 審查 pages, and the center's 審查結果 page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from communities import workflow
from communities.budget import budget_sheet
from communities.models import Application
from communities.permissions import applications_readable_by, roles_of
from communities.selectors import application_for_display
from communities.services import OPTION_LISTS
from communities.views.access import role_required
from core.forms import apply_errors
from people.models import Role

from .forms import DecisionForm, ReviewForm
from .selectors import (
    applications_assigned_to,
    approval_cap,
    decision_actions,
    review_of,
    reviews_of,
)
from .services import review_decide, review_save

CENTER_CRUMBS = [gettext_lazy("中心端")]
REVIEWER_CRUMBS = [gettext_lazy("功能專區"), gettext_lazy("社群"), gettext_lazy("審查案件")]


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


@role_required(Role.REVIEWER)
def queue(request):
    """審查案件: the applications assigned to this reviewer."""
    return render(
        request,
        "reviews/review_list.html",
        {
            "applications": applications_assigned_to(reviewer=request.user),
            "crumbs": REVIEWER_CRUMBS,
        },
    )


def _application(request, pk: int, role: str) -> Application:
    """The application with what its read-only pages show: 404 unless the user may read it (a
    reviewer only an assigned one); 403 for readers without ``role`` on it."""
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
    cap, ceiling, requested = approval_cap(application=application)
    return {
        **{name: [o for o in options if o.kind == kind] for name, kind in OPTION_LISTS.items()},
        "application": application,
        "editable": False,
        "members": list(application.members.all()),
        "sessions": list(application.sessions.all()),
        "budget": budget_sheet(application=application) if application.requests_budget else None,
        "print_url": reverse("printing:plan", args=[application.pk]),
        "cap": cap,
        "ceiling": ceiling,
        "requested": requested,
        "transitions": application.transitions.select_related("by").order_by("at", "id"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    """審查 (a reviewer): the read-only application and the reviewer's own review of the stage
    now open, 儲存 as a draft or 送出."""
    application = _application(request, pk, workflow.REVIEWER)
    stage = workflow.WORKFLOW[application.status].review_stage
    results = list(workflow.actions_of(application.status, decides=True).items())
    own = review_of(application=application, reviewer=request.user, stage=stage) if stage else None
    open_to_me = (
        bool(stage)
        and application.review_assignments.filter(reviewer=request.user, stage=stage).exists()
    )
    choices = [(key, str(step.label)) for key, step in results]

    if request.method == "POST":
        if not open_to_me:
            raise PermissionDenied
        form = ReviewForm(request.POST, choices=choices)
        if form.is_valid():
            submit = request.POST.get("submit") == "1"
            try:
                review_save(
                    application=application,
                    reviewer=request.user,
                    submit=submit,
                    **form.cleaned_data,
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
                "recommendation": own.recommendation,
                "opinion": own.opinion,
                "recommended_amount": own.recommended_amount,
            }
        form = ReviewForm(initial=initial, choices=choices)

    return render(
        request,
        "reviews/review_form.html",
        {
            **_application_context(application),
            "stage_label": workflow.REVIEW_STAGES.get(stage, ""),
            "own_review": own,
            "open_to_me": open_to_me and not (own and own.is_submitted),
            "review_form": form,
            "crumbs": [*REVIEWER_CRUMBS, _("審查")],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def decide(request, pk: int):
    """審查結果 (the center): every review of the application side by side, and the stage's
    result recorded through the workflow."""
    application = _application(request, pk, workflow.CENTER)
    actions = decision_actions(application=application, user=request.user)

    if request.method == "POST":
        posted = request.POST.get("action", "")
        if workflow.is_decision(posted) and posted not in dict(actions):
            # Decided already (a double click, another tab, a colleague): say so.
            raise workflow.ActionUnavailable(application=application, action=posted)
        form = DecisionForm(request.POST, actions=actions)
        if form.is_valid():
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
        messages.error(request, _("審查結果尚未記錄，請依說明修正。"))
    else:
        form = DecisionForm(actions=actions)

    reviews = reviews_of(application=application)
    return render(
        request,
        "reviews/review_decision.html",
        {
            **_application_context(application),
            "reviews": reviews,
            "assignments": list(
                application.review_assignments.select_related("reviewer").order_by(
                    "stage", "assigned_at", "id"
                )
            ),
            "decision_form": form,
            "actions": actions,
            "can_approve": any(key == "approve" for key, _label in actions),
            "crumbs": [*CENTER_CRUMBS, _("審查結果")],
        },
    )
