"""Nothing typed is lost: the autosave of a form page, and the version check of its 儲存.

A form page that autosaves (static/js/autosave.js, ``data-autosave`` on the form) posts what is
typed, a couple of seconds after the typing stops and when the page is left, with
``action=autosave``; the view keeps it with ``autosave_store`` (nothing is written to the record
itself, so half-typed rows and wrong formats are kept as typed) and answers ``autosave_answer``.
When the page is opened again, ``autosave_restore`` gives the kept text back to the form.

Every form also posts the ``version`` of the record it was loaded from. A save from a page that
was loaded before someone else's save (another tab, another device) is refused by
``version_conflict``; the page then shows the person's text again, with the newer version a
click away, and keeps it as an autosave.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.http import JsonResponse, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AutosavedForm

AUTOSAVE = "autosave"
# Fields a page posts that are not the form's own.
NOT_TYPED = {"csrfmiddlewaretoken", "action"}


def is_autosave(request) -> bool:
    return request.method == "POST" and request.POST.get("action") == AUTOSAVE


def posted_version(request) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


def autosave_store(*, user, key: str, base_version: int, data: QueryDict) -> AutosavedForm:
    """Keep what ``user`` typed into the form ``key``, loaded at ``base_version``."""
    pairs = [
        [name, value] for name, values in data.lists() if name not in NOT_TYPED for value in values
    ]
    saved, _created = AutosavedForm.objects.update_or_create(
        user=user,
        key=key,
        defaults={"base_version": base_version, "data": pairs, "page": data.get("page", "")},
    )
    return saved


def autosave_clear(*, user, key: str, request=None) -> None:
    """The form was saved (or its autosave given up): what this page kept is forgotten. With
    ``request``, only if the autosave is this page's (``page`` token): a save from another tab
    or device leaves the other page's text to be restored, marked as written on an old
    version."""
    kept = AutosavedForm.objects.filter(user=user, key=key)
    if request is not None:
        kept = kept.filter(page__in=["", request.POST.get("page", "")])
    kept.delete()


def page_token(data=None) -> str:
    """The page's own token (a page shown again keeps the one it had)."""
    return (data.get("page", "") if data is not None else "") or uuid.uuid4().hex


@dataclass(frozen=True)
class Restored:
    data: QueryDict
    saved_at: datetime
    stale: bool  # typed on an older version than the one stored now


def autosave_restore(*, user, key: str, version: int) -> Restored | None:
    """What ``user`` typed into ``key`` and has not saved yet (a save clears it)."""
    kept = AutosavedForm.objects.filter(user=user, key=key).first()
    if kept is None:
        return None
    data = QueryDict(mutable=True)
    for name, value in kept.data:
        data.appendlist(name, value)
    data["version"] = str(version if kept.base_version == version else kept.base_version)
    return Restored(data=data, saved_at=kept.saved_at, stale=kept.base_version != version)


def local_time(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def autosave_answer(*, saved: AutosavedForm, current_version: int) -> JsonResponse:
    """The page's autosave status line: saved at hh:mm, or saved but written on an old version."""
    stale = saved.base_version != current_version
    return JsonResponse(
        {
            "saved_at": local_time(saved.saved_at),
            "message": _("已自動儲存 %(time)s") % {"time": local_time(saved.saved_at)},
            "stale": stale,
            "stale_message": stale_message() if stale else "",
        }
    )


def stale_message() -> str:
    return _(
        "此表單已在其他分頁或裝置儲存了較新的內容；您在此頁的內容仍保留在畫面上（並已自動儲存），"
        "尚未寫入。您可以複製需要的內容，或載入最新版本後再修改。"
    )


def version_conflict(request, *, current_version: int) -> bool:
    """A 儲存 (or 送出) from a page loaded before the record's current version."""
    version = posted_version(request)
    return version is not None and version != current_version
