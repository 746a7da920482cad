from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import TooManyFieldsSent
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import defaults

from people.models import Role
from programs.models import ProgramYear

from .models import Download, PublicFile, Tutorial
from .navigation import COMMUNITY, FUNCTIONS, NOT_YET_OFFERED
from .selectors import (
    HOME_COUNT,
    announcement_visible,
    announcements_public,
    attachment_visible,
    is_center,
    tutorials_shown,
)

ANNOUNCEMENTS_PER_PAGE = 20


def _stream(item: PublicFile) -> FileResponse:
    if not item.file:
        raise Http404
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.download_name,
        content_type=item.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


def home(request):
    announcements = list(announcements_public()[: HOME_COUNT + 1])
    return render(
        request,
        "portal/home.html",
        {"announcements": announcements[:HOME_COUNT], "more": len(announcements) > HOME_COUNT},
    )


def announcements(request):
    """公告列表: what is public now, pinned first, 20 a page."""
    page = Paginator(announcements_public(), ANNOUNCEMENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "portal/announcements.html",
        {"page": page, "query": "", "crumbs": [_("公告列表")]},
    )


def announcement_detail(request, pk: int):
    announcement = announcement_visible(pk=pk, user=request.user)
    if announcement is None:
        raise Http404
    return render(
        request,
        "portal/announcement_detail.html",
        {"announcement": announcement, "crumbs": [_("公告列表")]},
    )


def announcement_attachment(request, pk: int, attachment_pk: int):
    """An attachment, while its announcement is public (the center: always)."""
    attachment = attachment_visible(announcement_pk=pk, pk=attachment_pk, user=request.user)
    if attachment is None:
        raise Http404
    return _stream(attachment)


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
    return render(
        request,
        "portal/downloads.html",
        {"downloads": Download.objects.shown(), "crumbs": [_("檔案下載")]},
    )


def _shown_or_center(request, model, pk: int):
    items = model.objects.all() if is_center(request.user) else model.objects.filter(is_shown=True)
    return get_object_or_404(items, pk=pk)


def download_file(request, pk: int):
    return _stream(_shown_or_center(request, Download, pk))


def tutorials(request):
    return render(
        request,
        "portal/tutorials.html",
        {"sections": tutorials_shown(), "crumbs": [_("操作教學")]},
    )


def tutorial_file(request, pk: int):
    return _stream(_shown_or_center(request, Tutorial, pk))


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
