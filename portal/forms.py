"""The center's forms for the public pages. Fields check their own shape (required, a date, a
URL); each uploaded file is checked by content here too, so the files that passed can be held
(portal.services.held_upload_create) while the center corrects the rest of the form."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from documents.checks import attachment_types_text, read_attachment, size_limit_text

from .models import Announcement, HeldUpload

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


def _datetime_field(label, help_text):
    return forms.DateTimeField(
        label=label,
        required=False,
        help_text=help_text,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=DateTimeLocalInput(),
        error_messages={"invalid": _("請輸入正確的日期與時間（例如 2020-09-01 08:00）。")},
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, **kwargs):
        # An empty file is refused by the content check, with its name.
        super().__init__(allow_empty_file=True, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


def file_limits_text() -> str:
    return _("%(types)s；每個檔案不超過 %(size)s。") % {
        "types": attachment_types_text(),
        "size": size_limit_text(settings.PUBLIC_FILE_MAX_BYTES),
    }


ACCEPT = ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp,.png,.jpg,.jpeg"


class HeldFilesMixin:
    """Checks each new upload by content: the ones that passed are ``checked_uploads`` (to be
    held if the form fails), the others are errors at their field, each naming its file."""

    file_fields: tuple[str, ...] = ()

    def __init__(self, *args, held: list[HeldUpload] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.held = held or []
        self.checked_uploads: dict[str, list] = {}

    def _check_files(self, name: str, uploads: list) -> list:
        good, errors = [], []
        for upload in uploads:
            try:
                read_attachment(upload, max_bytes=settings.PUBLIC_FILE_MAX_BYTES)
            except ValidationError as error:
                errors.extend(
                    _("「%(name)s」：%(reason)s") % {"name": upload.name, "reason": message}
                    for message in error.messages
                )
            else:
                good.append(upload)
        self.checked_uploads[name] = good
        if errors:
            raise ValidationError(errors)
        return good

    def uploads_to_hold(self) -> list:
        return [
            upload for name in self.file_fields for upload in self.checked_uploads.get(name, [])
        ]


class AnnouncementForm(HeldFilesMixin, forms.Form):
    file_fields = ("files",)

    title = forms.CharField(
        label=_("標題"),
        max_length=200,
        error_messages={
            "required": _("請填寫公告標題。"),
            "max_length": _("標題至多 200 字。"),
        },
    )
    body = forms.CharField(
        label=_("內容"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    publish_from = _datetime_field(
        _("公告時間"), _("臺灣時間。留空表示按「公告」時立即公告；填未來的時間則排程，到時才公開。")
    )
    publish_until = _datetime_field(_("下架時間"), _("臺灣時間。留空表示不下架。"))
    is_pinned = forms.BooleanField(label=_("置頂（在首頁與公告列表排在最前）"), required=False)
    audience = forms.ChoiceField(
        label=_("公告時通知"),
        choices=Announcement.Audience.choices,
        initial=Announcement.Audience.NONE,
        widget=forms.RadioSelect,
        help_text=_("公告公開時（排程者於公告時間到時）以站內訊息與電子郵件通知一次。"),
    )
    files = MultipleFileField(
        label=_("新增附件"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args, announcement: Announcement | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.announcement = announcement
        self.fields["files"].help_text = file_limits_text() + str(
            _("可一次選擇多個檔案，每則公告至多 %(limit)d 個附件。")
            % {"limit": settings.ANNOUNCEMENT_MAX_ATTACHMENTS}
        )
        if announcement is not None and announcement.notified_at is not None:
            self.fields["audience"].disabled = True
            self.fields["audience"].help_text = _("已於公告時通知，通知對象不能再變更。")

    def clean_files(self):
        return self._check_files("files", self.cleaned_data.get("files") or [])

    def clean(self):
        data = super().clean()
        start, end = data.get("publish_from"), data.get("publish_until")
        if start and end and end <= start:
            self.add_error("publish_until", _("下架時間必須晚於公告時間。"))
        return data

    @classmethod
    def initial_for(cls, announcement: Announcement) -> dict:
        return {
            "title": announcement.title,
            "body": announcement.body,
            "publish_from": announcement.publish_from,
            "publish_until": announcement.publish_until,
            "is_pinned": announcement.is_pinned,
            "audience": announcement.audience,
        }


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("撤回原因"),
        max_length=200,
        required=False,
        help_text=_("僅中心端可見。"),
        error_messages={"max_length": _("撤回原因至多 200 字。")},
    )


class DownloadForm(HeldFilesMixin, forms.Form):
    file_fields = ("file",)

    title = forms.CharField(
        label=_("名稱"),
        max_length=200,
        error_messages={"required": _("請填寫檔案名稱。"), "max_length": _("名稱至多 200 字。")},
    )
    description = forms.CharField(
        label=_("說明"),
        max_length=300,
        required=False,
        error_messages={"max_length": _("說明至多 300 字。")},
    )
    file = forms.FileField(
        label=_("檔案"),
        required=False,
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )
    is_shown = forms.BooleanField(label=_("顯示於「檔案下載」"), required=False, initial=True)

    def __init__(self, *args, has_file: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_file = has_file
        self.fields["file"].help_text = file_limits_text()

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        good = self._check_files("file", [upload] if upload else [])
        if not good and not self.held and not self.has_file:
            raise ValidationError(_("請選擇要上傳的檔案。"))
        return good[0] if good else None


class TutorialForm(HeldFilesMixin, forms.Form):
    file_fields = ("file",)

    title = forms.CharField(
        label=_("標題"),
        max_length=200,
        error_messages={"required": _("請填寫標題。"), "max_length": _("標題至多 200 字。")},
    )
    body = forms.CharField(
        label=_("內容"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "每行一段。寫 {上傳限制} 會顯示為本學年度核章文件的上傳限制（依年度規則，例如「限制PDF，檔案限制 2MB，附件總數為一個檔案」）。"
        ),
    )
    link = forms.URLField(
        label=_("連結網址"),
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": _("請輸入正確的網址（例如 https://www.example.gov.tw/）。")},
    )
    link_text = forms.CharField(
        label=_("連結文字"),
        max_length=100,
        required=False,
        help_text=_("留空則顯示網址。"),
        error_messages={"max_length": _("連結文字至多 100 字。")},
    )
    file = forms.FileField(
        label=_("附加檔案（選填）"),
        required=False,
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )
    remove_file = forms.BooleanField(label=_("移除目前的檔案"), required=False)
    is_shown = forms.BooleanField(label=_("顯示於「操作教學」"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = file_limits_text()

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        good = self._check_files("file", [upload] if upload else [])
        return good[0] if good else None

    def clean(self):
        data = super().clean()
        if data.get("link_text") and not data.get("link") and "link" not in self.errors:
            self.add_error("link", _("填寫連結文字時，請一併填寫連結網址。"))
        return data
