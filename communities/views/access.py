"""What every communities page asks first: who may open it, and which application it shows.

Whether a user may read or change an application is decided in communities.permissions; these
turn the answer into the page's response (404 for what the user may not know of, 403 for what
they may see but not do)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from .. import workflow
from ..models import Application
from ..permissions import applications_readable_by, can_edit, roles_of
from ..selectors import with_year_choices

COMMUNITY_CRUMBS = [gettext_lazy("功能專區"), gettext_lazy("社群")]


def role_required(role: str):
    """A page for one kind of account: anonymous visitors log in first, other accounts get 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if request.user.role != role:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def readable_application(request, pk: int, *, related: tuple[str, ...] = ()) -> Application:
    """The application if this user may read it; 404 otherwise (its existence is not revealed).
    Its type, 學科/領域 and stage are the year's rules this process keeps (with_year_choices):
    three joins fewer for PostgreSQL to plan on every page of an application. ``related``: more
    of its one-to-one relations read with it (a page of an app above names its own)."""
    application = get_object_or_404(
        applications_readable_by(request.user).select_related(
            "program", "school", "school__alliance_circle", "convenor", *related
        ),
        pk=pk,
    )
    return with_year_choices(application)


def editable_application(request, pk: int) -> Application:
    """The application if this user may also change it now; 403 when they may only read it."""
    application = readable_application(request, pk)
    if not can_edit(request.user, application):
        raise PermissionDenied
    return application


class StaleEdit(workflow.ActionUnavailable):
    """The convenor saved a form of an application that is no longer editable (sent from another
    tab or device meanwhile)."""

    @property
    def message(self) -> str:
        return gettext_lazy("此申請目前狀態為「%(status)s」，已不能修改，剛才的修改未儲存。") % {
            "status": self.status_label
        }


def refuse_stale_edit(request, application: Application, *, action: str | None = None):
    """A POST to a form the user may no longer change: the convenor is told where the
    application stands (送出 twice reads as already sent); anyone else is refused."""
    if workflow.CONVENOR not in roles_of(request.user, application):
        raise PermissionDenied
    if action == "submit":
        raise workflow.ActionUnavailable(application=application, action="submit")
    raise StaleEdit(application=application, action="save")
