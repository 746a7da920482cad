"""Functions that change applications. Views call these; they never take a request."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import notify
from people.models import Role, User

from . import workflow
from .models import Application, Transition
from .permissions import roles_of


def _people_concerned(application: Application) -> list[User]:
    """Convenor, the lead school's admins and the center staff hear of every status change."""
    people = [application.convenor]
    people += list(
        User.objects.filter(role=Role.SCHOOL_ADMIN, school_id=application.school_id, is_active=True)
    )
    people += list(User.objects.filter(role=Role.CENTER, is_active=True))
    return people


@transaction.atomic
def application_transition(
    *, application: Application, action: str, by: User, comment: str = ""
) -> Application:
    """Move an application along the workflow, recording who, when and why, and telling people.

    The caller has already checked whatever the action's own rules are (e.g. 送出's validation);
    this checks that the action leaves the current state and that ``by`` holds a role for it.
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    state = workflow.WORKFLOW[application.status]
    step = state.actions.get(action)
    if step is None:
        raise PermissionDenied(_("目前狀態「%(state)s」不能執行此動作。") % {"state": state.label})
    if not (roles_of(by, application) & step.roles):
        raise PermissionDenied(_("您沒有執行「%(action)s」的權限。") % {"action": step.label})

    from_status = application.status
    application.status = step.target
    if action in {"submit", "resubmit"}:
        application.submitted_at = timezone.now()
    if action == "school_return":
        application.school_comment = comment
    application.full_clean(validate_unique=False, validate_constraints=False)
    application.save()
    Transition.objects.create(
        application=application,
        action=action,
        from_status=from_status,
        to_status=step.target,
        by=by,
        comment=comment,
    )

    new_label = workflow.WORKFLOW[step.target].label
    body = _("社群「%(name)s」狀態變更為「%(status)s」。") % {
        "name": application.name or _("(未命名社群)"),
        "status": new_label,
    }
    if comment:
        body += "\n" + _("意見：%(comment)s") % {"comment": comment}
    notify(
        event=f"application.{action}",
        recipients=_people_concerned(application),
        title=_("社群申請狀態通知：%(status)s") % {"status": new_label},
        body=body,
        url=reverse("communities:progress", args=[application.pk]),
    )
    return application
