"""The center's pages for what the public reads: 公告平台 (announcements with attachments, the
approved list as a draft), 檔案下載 and 操作教學. Center staff only: others get 403, visitors the
login page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from communities.views.access import role_required
from core.forms import apply_errors, error_messages
from core.roc import roc_date
from people.models import Role
from programs.models import ProgramYear

from .forms import AnnouncementForm, DownloadForm, TutorialForm, WithdrawForm
from .models import Announcement, Download, Tutorial
from .selectors import announcements_for_center, held_uploads, state_counts
from .services import (
    AnnouncementFields,
    announcement_pin,
    announcement_save,
    announcement_unpublish,
    announcement_withdraw,
    approved_list_announcement_create,
    download_save,
    held_upload_create,
    shown_item_move,
    shown_item_show,
    tutorial_save,
)

CRUMBS = [gettext_lazy("中心端")]
PER_PAGE = 20
center_only = role_required(Role.CENTER)


def _hold(request, form) -> None:
    """Keep the files that passed their check, so a correction elsewhere does not lose them."""
    for upload in form.uploads_to_hold():
        try:
            form.held.append(held_upload_create(upload=upload, by=request.user))
        except ValidationError as error:  # pragma: no cover - the form checked it already
            apply_errors(form, error, field=form.file_fields[0])


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return f"{roc_date(local)} {local:%H:%M}"


# 公告平台 -------------------------------------------------------------------------------------


@center_only
@require_http_methods(["GET"])
def announcements(request):
    state = request.GET.get("state", "")
    if state not in Announcement.State.values:
        state = ""
    q = (request.GET.get("q") or "").strip()
    page = Paginator(announcements_for_center(state=state, q=q), PER_PAGE).get_page(
        request.GET.get("page")
    )
    counts = state_counts()
    tabs = [("", _("全部"), sum(counts.values()))] + [
        (value, label, counts[value]) for value, label in Announcement.State.choices
    ]
    return render(
        request,
        "portal/center/announcements.html",
        {
            "page": page,
            "state": state,
            "q": q,
            "tabs": tabs,
            "query": urlencode({k: v for k, v in {"state": state, "q": q}.items() if v}),
            "programs": ProgramYear.objects.order_by("-academic_year"),
            "current_program": ProgramYear.objects.current(),
            "now": timezone.now(),
            "crumbs": [*CRUMBS, _("公告平台")],
        },
    )


def _announcement_page(request, announcement: Announcement | None):
    editing = announcement is not None
    if request.method == "POST":
        held = held_uploads(ids=request.POST.getlist("held"), user=request.user)
        form = AnnouncementForm(request.POST, request.FILES, held=held, announcement=announcement)
        remove = [int(pk) for pk in request.POST.getlist("remove") if pk.isdigit()]
        publish = request.POST.get("action") == "publish"
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = announcement_save(
                    announcement=announcement,
                    fields=AnnouncementFields(
                        title=data["title"],
                        body=data["body"],
                        publish_from=data["publish_from"],
                        publish_until=data["publish_until"],
                        is_pinned=data["is_pinned"],
                        audience=data["audience"],
                    ),
                    by=request.user,
                    uploads=data["files"],
                    held=held,
                    remove=remove,
                    publish=publish,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                told = saved.notified_at is not None and (
                    announcement is None or announcement.notified_at is None
                )
                _report_saved(request, saved, told=told)
                return redirect("portal:center_announcements")
        _hold(request, form)
    else:
        form = AnnouncementForm(
            initial=AnnouncementForm.initial_for(announcement) if editing else None,
            announcement=announcement,
        )
        remove = []
    title = _("編輯公告") if editing else _("撰寫公告")
    return render(
        request,
        "portal/center/announcement_form.html",
        {
            "form": form,
            "announcement": announcement,
            "state": announcement.state() if editing else Announcement.State.DRAFT,
            "attachments": list(announcement.attachments.all()) if editing else [],
            "removing": remove,
            "title": title,
            "crumbs": [*CRUMBS, _("公告平台"), title],
        },
    )


def _report_saved(request, announcement: Announcement, *, told: bool) -> None:
    state = announcement.state()
    title = announcement.title
    if state == Announcement.State.DRAFT:
        messages.success(request, _("已儲存草稿「%(title)s」。") % {"title": title})
    elif state == Announcement.State.SCHEDULED:
        message = _("「%(title)s」已排程，將於 %(when)s 公告。") % {
            "title": title,
            "when": _when(announcement.publish_from),
        }
        if announcement.audience != Announcement.Audience.NONE:
            message += _("屆時通知%(audience)s。") % {
                "audience": announcement.get_audience_display()
            }
        messages.success(request, message)
    else:
        message = _("「%(title)s」已儲存，目前狀態：%(state)s。") % {
            "title": title,
            "state": announcement.state_label,
        }
        messages.success(request, message)
    if told:
        messages.info(
            request,
            _("已通知%(audience)s，共 %(count)d 人（站內訊息與電子郵件）。")
            % {
                "audience": announcement.get_audience_display(),
                "count": announcement.notified_count,
            },
        )


@center_only
@require_http_methods(["GET", "POST"])
def announcement_new(request):
    return _announcement_page(request, None)


@center_only
@require_http_methods(["GET", "POST"])
def announcement_edit(request, pk: int):
    announcement = get_object_or_404(Announcement, pk=pk)
    if announcement.withdrawn_at is not None:
        messages.error(request, _("此公告已撤回，不能再修改。"))
        return redirect("portal:announcement", pk=pk)
    return _announcement_page(request, announcement)


@center_only
@require_http_methods(["GET", "POST"])
def announcement_withdraw_view(request, pk: int):
    announcement = get_object_or_404(Announcement, pk=pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            announcement_withdraw(
                announcement=announcement, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(
                request,
                _("已撤回「%(title)s」，訪客已看不到此公告與其附件。")
                % {"title": announcement.title},
            )
        return redirect("portal:center_announcements")
    return render(
        request,
        "portal/center/announcement_withdraw.html",
        {
            "announcement": announcement,
            "form": form,
            "crumbs": [*CRUMBS, _("公告平台"), _("撤回公告")],
        },
    )


def _back_to_list(request):
    back = request.POST.get("back") or ""
    if back.startswith(reverse("portal:center_announcements")):
        return redirect(back)
    return redirect("portal:center_announcements")


@center_only
@require_POST
def announcement_pin_view(request, pk: int):
    announcement = get_object_or_404(Announcement, pk=pk)
    pinned = request.POST.get("pinned") == "1"
    try:
        announcement_pin(announcement=announcement, pinned=pinned, by=request.user)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request,
            (_("已將「%(title)s」置頂。") if pinned else _("已取消「%(title)s」的置頂。"))
            % {"title": announcement.title},
        )
    return _back_to_list(request)


@center_only
@require_POST
def announcement_unpublish_view(request, pk: int):
    announcement = get_object_or_404(Announcement, pk=pk)
    try:
        announcement_unpublish(announcement=announcement, by=request.user)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request, _("已取消「%(title)s」的排程，改回草稿。") % {"title": announcement.title}
        )
    return _back_to_list(request)


@center_only
@require_POST
def approved_list_draft(request):
    """One click: the year's 核定名單 as .xlsx and PDF on a new draft, opened for editing."""
    year = request.POST.get("year") or ""
    program = (
        get_object_or_404(ProgramYear, academic_year=int(year))
        if year.isdigit()
        else ProgramYear.objects.current()
    )
    if program is None:
        raise Http404
    try:
        announcement = approved_list_announcement_create(program=program, by=request.user)
    except ValidationError as error:
        error_messages(request, error)
        return redirect("portal:center_announcements")
    messages.success(
        request,
        _("已產生「%(title)s」草稿，附上核定名單（Excel 與 PDF）。請確認內容後公告。")
        % {"title": announcement.title},
    )
    return redirect("portal:center_announcement_edit", pk=announcement.pk)


# 檔案下載 and 操作教學 ----------------------------------------------------------------------------


KINDS = {
    "downloads": {
        "model": Download,
        "form": DownloadForm,
        "title": gettext_lazy("檔案下載管理"),
        "public": "portal:downloads",
        "list": "portal:center_downloads",
        "edit": "portal:center_download_edit",
        "new": "portal:center_download_new",
        "move": "portal:center_download_move",
        "show": "portal:center_download_show",
        "file": "portal:download_file",
    },
    "tutorials": {
        "model": Tutorial,
        "form": TutorialForm,
        "title": gettext_lazy("操作教學管理"),
        "public": "portal:tutorials",
        "list": "portal:center_tutorials",
        "edit": "portal:center_tutorial_edit",
        "new": "portal:center_tutorial_new",
        "move": "portal:center_tutorial_move",
        "show": "portal:center_tutorial_show",
        "file": "portal:tutorial_file",
    },
}


def _items_page(request, kind: str):
    conf = KINDS[kind]
    return render(
        request,
        "portal/center/items.html",
        {
            "kind": kind,
            "conf": conf,
            "items": list(conf["model"].objects.order_by("order", "id")),
            "crumbs": [*CRUMBS, conf["title"]],
        },
    )


@center_only
@require_http_methods(["GET"])
def downloads(request):
    return _items_page(request, "downloads")


@center_only
@require_http_methods(["GET"])
def tutorials(request):
    return _items_page(request, "tutorials")


def _initial(kind: str, item) -> dict:
    if kind == "downloads":
        return {"title": item.title, "description": item.description, "is_shown": item.is_shown}
    return {
        "title": item.title,
        "body": item.body,
        "link": item.link,
        "link_text": item.link_text,
        "is_shown": item.is_shown,
    }


def _save(kind: str, *, item, data: dict, request, held):
    common = {
        "item": item,
        "title": data["title"],
        "is_shown": data["is_shown"],
        "by": request.user,
        "upload": data.get("file"),
        "held": held[0] if held else None,
    }
    if kind == "downloads":
        return download_save(description=data["description"], **common)
    return tutorial_save(
        body=data["body"],
        link=data["link"],
        link_text=data["link_text"],
        remove_file=data["remove_file"],
        **common,
    )


def _item_form_page(request, kind: str, pk: int | None):
    conf = KINDS[kind]
    item = get_object_or_404(conf["model"], pk=pk) if pk is not None else None
    extra = {"has_file": bool(item and item.file)} if kind == "downloads" else {}
    if request.method == "POST":
        held = held_uploads(ids=request.POST.getlist("held"), user=request.user)[-1:]
        form = conf["form"](request.POST, request.FILES, held=held, **extra)
        if form.is_valid():
            try:
                saved = _save(kind, item=item, data=form.cleaned_data, request=request, held=held)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("已儲存「%(title)s」。") % {"title": saved.title})
                return redirect(conf["list"])
        _hold(request, form)
        form.held = form.held[-1:]  # one file: the latest chosen
    else:
        form = conf["form"](initial=_initial(kind, item) if item else None, **extra)
    title = (_("編輯：%(title)s") % {"title": item.title}) if item else _("新增")
    return render(
        request,
        "portal/center/item_form.html",
        {
            "kind": kind,
            "conf": conf,
            "item": item,
            "form": form,
            "title": title,
            "crumbs": [*CRUMBS, conf["title"], title],
        },
    )


@center_only
@require_http_methods(["GET", "POST"])
def download_new(request):
    return _item_form_page(request, "downloads", None)


@center_only
@require_http_methods(["GET", "POST"])
def download_edit(request, pk: int):
    return _item_form_page(request, "downloads", pk)


@center_only
@require_http_methods(["GET", "POST"])
def tutorial_new(request):
    return _item_form_page(request, "tutorials", None)


@center_only
@require_http_methods(["GET", "POST"])
def tutorial_edit(request, pk: int):
    return _item_form_page(request, "tutorials", pk)


def _move(request, kind: str, pk: int):
    conf = KINDS[kind]
    item = get_object_or_404(conf["model"], pk=pk)
    shown_item_move(item=item, up=request.POST.get("direction") == "up", by=request.user)
    return redirect(conf["list"])


def _show(request, kind: str, pk: int):
    conf = KINDS[kind]
    item = get_object_or_404(conf["model"], pk=pk)
    shown = request.POST.get("shown") == "1"
    shown_item_show(item=item, shown=shown, by=request.user)
    messages.success(
        request,
        (_("「%(title)s」已顯示。") if shown else _("「%(title)s」已隱藏，訪客看不到。"))
        % {"title": item.title},
    )
    return redirect(conf["list"])


@center_only
@require_POST
def download_move(request, pk: int):
    return _move(request, "downloads", pk)


@center_only
@require_POST
def download_show(request, pk: int):
    return _show(request, "downloads", pk)


@center_only
@require_POST
def tutorial_move(request, pk: int):
    return _move(request, "tutorials", pk)


@center_only
@require_POST
def tutorial_show(request, pk: int):
    return _show(request, "tutorials", pk)
