"""Looking up an application for the budget and document views, with the permission check."""

from django.http import Http404

from ..models import Application
from ..permissions import can_edit, can_read


def readable_application(request, pk: int) -> Application:
    """The application if this user may read it; 404 otherwise (its existence is not revealed)."""
    application = (
        Application.objects.select_related("program", "community_type", "school", "convenor")
        .filter(pk=pk)
        .first()
    )
    if application is None or not can_read(request.user, application):
        raise Http404
    return application


def convenor_can_edit(user, application: Application) -> bool:
    return application.convenor_id == user.pk and can_edit(user, application)
