from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import TooManyFieldsSent
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import defaults

from documents.checks import upload_limit_text
from people.models import Role
from programs.models import ProgramYear

from .models import Announcement, Download
from .navigation import COMMUNITY, FUNCTIONS, NOT_YET_OFFERED


def home(request):
    announcements = Announcement.objects.filter(
        published_at__isnull=False, published_at__lte=timezone.now()
    )[:10]
    return render(request, "portal/home.html", {"announcements": announcements})


def announcement_detail(request, pk: int):
    announcement = get_object_or_404(Announcement, pk=pk, published_at__lte=timezone.now())
    return render(request, "portal/announcement_detail.html", {"announcement": announcement})


def announcement_attachment(request, pk: int):
    announcement = get_object_or_404(Announcement, pk=pk, published_at__lte=timezone.now())
    if not announcement.attachment:
        raise Http404
    return FileResponse(
        announcement.attachment.open("rb"),
        as_attachment=True,
        filename=announcement.attachment.name.rsplit("/", 1)[-1],
    )


@login_required
def role_home(request):
    """Where each role lands after signing in."""
    user = request.user
    if user.role == Role.TEACHER:
        return redirect("portal:community")
    if user.role == Role.SCHOOL_ADMIN:
        return redirect("summaries:application_summary")
    if user.role == Role.REVIEWER:
        return redirect("reviews:queue")
    if user.role == Role.CENTER:
        return redirect("center:home")
    return redirect("portal:home")


@login_required
def functions(request):
    return render(
        request,
        "portal/menu.html",
        {"title": _("功能專區"), "entries": FUNCTIONS, "crumbs": [_("功能專區")]},
    )


@login_required
def community(request):
    entries = [entry for entry in COMMUNITY if entry.visible_to(request.user)]
    return render(
        request,
        "portal/menu.html",
        {"title": _("社群"), "entries": entries, "crumbs": [_("功能專區"), _("社群")]},
    )


def not_yet_offered(request, module: str):
    if module not in NOT_YET_OFFERED:
        raise Http404
    return render(request, "portal/not_yet_offered.html", {"module": NOT_YET_OFFERED[module]})


def downloads(request):
    return render(request, "portal/downloads.html", {"downloads": Download.objects.all()})


def download_file(request, pk: int):
    item = get_object_or_404(Download, pk=pk)
    return FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.file.name.rsplit("/", 1)[-1]
    )


def tutorials(request):
    program = ProgramYear.objects.current()
    limit = upload_limit_text(program.upload_max_bytes) if program else ""
    return render(request, "portal/tutorials.html", {"upload_limit": limit})


def bad_request(request, exception):
    """400. A form posted with more fields than the site takes (DATA_UPLOAD_MAX_NUMBER_FIELDS:
    far more rows than a year's rules allow) saved nothing: say so in the user's words, with the
    year's row limits, and lead back to the form, where everything saved before still is."""
    if isinstance(exception, TooManyFieldsSent):
        return render(
            request,
            "too_many_fields.html",
            {
                "program": ProgramYear.objects.current(),
                "limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
                "back_url": request.path,
            },
            status=400,
        )
    return defaults.bad_request(request, exception)
