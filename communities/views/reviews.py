"""指定審查 (the center) and the 初審/複審 decision page (assigned reviewers and the center)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from people.models import Role, User
from programs.models import ProgramYear

from .. import workflow
from ..budget import budget_sheet
from ..models import Application
from ..permissions import applications_readable_by, roles_of
from ..reviews import (
    DECIDING_ROLES,
    DECISION_ACTIONS,
    applications_for_assignment,
    approval_cap,
    assignment_filters,
    decision_actions,
    review_assign,
    review_decide,
    reviewer_accounts,
)
from ..selectors import application_for_display
from ..services import OPTION_LISTS
from .access import COMMUNITY_CRUMBS, role_required


class AssignForm(forms.Form):
    applications = forms.ModelMultipleChoiceField(
        queryset=Application.objects.none(),
        error_messages={"required": _lazy("請勾選至少一件申請。")},
    )
    reviewers = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        error_messages={"required": _lazy("請勾選至少一位審查委員。")},
    )

    def __init__(self, *args, applications, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = applications
        self.fields["reviewers"].queryset = reviewers
        invalid = _lazy("選項不在清單中，請重新整理頁面後再選擇。")
        self.fields["applications"].error_messages["invalid_choice"] = invalid
        self.fields["reviewers"].error_messages["invalid_choice"] = invalid


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@role_required(Role.CENTER)
@require_http_methods(["GET", "POST"])
def assign(request):
    """指定審查: the year's applications sent to the center or under review, with their
    reviewers; check applications and reviewers, then assign them in bulk."""
    program = ProgramYear.objects.current()
    if program is None:
        raise Http404
    school_id = _int_or_none(request.GET.get("school"))
    type_id = _int_or_none(request.GET.get("type"))
    listed = applications_for_assignment(program=program, school_id=school_id, type_id=type_id)
    reviewers = reviewer_accounts()

    if request.method == "POST":
        form = AssignForm(
            request.POST,
            applications=applications_for_assignment(program=program),
            reviewers=reviewers,
        )
        if form.is_valid():
            try:
                result = review_assign(
                    applications=form.cleaned_data["applications"],
                    reviewers=form.cleaned_data["reviewers"],
                    by=request.user,
                )
            except ValidationError as error:
                for name, errors in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                _report(request, result)
                return redirect(request.get_full_path())
        messages.error(request, _("尚未指定審查，請依說明修正。"))
    else:
        form = AssignForm(applications=listed, reviewers=reviewers)

    chosen_apps = {str(v) for v in request.POST.getlist("applications")}
    chosen_reviewers = {str(v) for v in request.POST.getlist("reviewers")}
    schools, types = assignment_filters(program=program)
    return render(
        request,
        "communities/review_assign.html",
        {
            "program": program,
            "form": form,
            "applications": list(listed),
            "reviewers": list(reviewers),
            "schools": schools,
            "types": types,
            "school_id": school_id,
            "type_id": type_id,
            "chosen_apps": chosen_apps,
            "chosen_reviewers": chosen_reviewers,
            "crumbs": [_("中心端"), _("指定審查")],
        },
    )


def _report(request, result) -> None:
    def name_of(application):
        return application.display_name

    if result.assigned:
        messages.success(
            request,
            _("已指定 %(count)d 組審查（%(pairs)s）。")
            % {
                "count": len(result.assigned),
                "pairs": "、".join(
                    f"{name_of(p.application)} → {p.reviewer.name or p.reviewer.username}"
                    for p in result.assigned
                ),
            },
        )
    if result.started:
        messages.info(
            request,
            _("%(count)d 件申請狀態變更為「審查中」。") % {"count": len(result.started)},
        )
    if result.already:
        messages.info(
            request,
            _("已指定過，未重複指定：%(pairs)s。")
            % {
                "pairs": "、".join(
                    f"{name_of(p.application)} → {p.reviewer.name or p.reviewer.username}"
                    for p in result.already
                )
            },
        )
    for pair in result.skipped:
        messages.warning(
            request,
            _("未指定「%(application)s」給 %(reviewer)s：%(reason)s")
            % {
                "application": name_of(pair.application),
                "reviewer": pair.reviewer.name or pair.reviewer.username,
                "reason": pair.reason,
            },
        )


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=_lazy("審查結果"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _lazy("請選擇審查結果。"),
            "invalid_choice": _lazy("此審查結果目前不能選擇。"),
        },
    )
    opinion = forms.CharField(
        label=_lazy("審查意見"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _lazy("請填寫審查意見。")},
    )
    approved_amount = forms.IntegerField(
        label=_lazy("核定金額"),
        required=False,
        widget=forms.NumberInput(attrs={"step": 1, "inputmode": "numeric"}),
        error_messages={"invalid": _lazy("核定金額請填寫整數（元）。")},
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = actions


def _decidable_application(request, pk: int) -> Application:
    """The application for the decision page: 404 unless the user may read it (a reviewer only
    an assigned one); 403 for readers who do not review (the convenor, the school)."""
    try:
        application = application_for_display(
            pk=pk, readable=applications_readable_by(request.user)
        )
    except Application.DoesNotExist:
        raise Http404 from None
    if not roles_of(request.user, application) & DECIDING_ROLES:
        raise PermissionDenied
    return application


@login_required
@require_http_methods(["GET", "POST"])
def decision(request, pk: int):
    """審查: the read-only application, its history, and the 初審/複審 decision form."""
    application = _decidable_application(request, pk)
    actions = decision_actions(application=application, user=request.user)

    if request.method == "POST":
        posted = request.POST.get("action", "")
        if posted in DECISION_ACTIONS and posted not in dict(actions):
            # Decided already (a double click, another tab, another reviewer): say so.
            raise workflow.ActionUnavailable(application=application, action=posted)
        form = DecisionForm(request.POST, actions=actions)
        if form.is_valid():
            try:
                review_decide(
                    application=application,
                    action=form.cleaned_data["action"],
                    opinion=form.cleaned_data["opinion"],
                    approved_amount=form.cleaned_data["approved_amount"],
                    by=request.user,
                )
            except ValidationError as error:
                for name, errors in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                done = Application.objects.get(pk=pk)
                messages.success(
                    request,
                    _("已送出審查結果，狀態為「%(status)s」。") % {"status": done.status_label},
                )
                return redirect("communities:review_decision", pk)
        messages.error(request, _("審查結果尚未送出，請依說明修正。"))
    else:
        form = DecisionForm(actions=actions)

    options = list(application.options.all())
    sheet = budget_sheet(application=application) if application.requests_budget else None
    cap, ceiling, requested = approval_cap(application=application)
    back = (
        reverse("communities:review_list")
        if request.user.role == Role.REVIEWER
        else reverse("communities:review_assign")
    )
    return render(
        request,
        "communities/review_decision.html",
        {
            **{name: [o for o in options if o.kind == kind] for name, kind in OPTION_LISTS.items()},
            "application": application,
            "editable": False,
            "members": list(application.members.all()),
            "sessions": list(application.sessions.all()),
            "budget": sheet,
            "print_url": reverse("printing:plan", args=[application.pk]),
            "decision_form": form,
            "actions": actions,
            "can_approve": any(key == "approve" for key, _label in actions),
            "cap": cap,
            "ceiling": ceiling,
            "requested": requested,
            "transitions": application.transitions.select_related("by").order_by("at", "id"),
            "reviewers": [
                a.reviewer for a in application.review_assignments.select_related("reviewer")
            ],
            "back_url": back,
            "crumbs": [*COMMUNITY_CRUMBS, _("審查案件"), _("審查")],
        },
    )
