from django import forms
from django.utils.translation import gettext_lazy as _

ACCEPT = "accept"
RETURN = "return"


class ReviewForm(forms.Form):
    """學校審核: 審核通過 or 退回修正 (with the reason the convenor will read)."""

    decision = forms.ChoiceField(
        label=_("審核結果"),
        widget=forms.RadioSelect,
        error_messages={"required": _("請選擇審核通過或退回修正。")},
    )
    comment = forms.CharField(
        label=_("意見"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("退回修正時必填：召集人會收到通知並看到此意見。"),
    )

    def __init__(self, *args, can_accept: bool, can_return: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        if can_accept:
            choices.append((ACCEPT, _("審核通過")))
        if can_return:
            choices.append((RETURN, _("退回修正")))
        self.fields["decision"].choices = choices
        self.fields["decision"].error_messages["invalid_choice"] = _(
            "此申請目前不能選擇這個審核結果。"
        )


class PackageUploadForm(forms.Form):
    """The school's signed 申請總表: one PDF."""

    file = forms.FileField(
        label=_("核章完成之申請總表(PDF)"),
        error_messages={
            "required": _("請選擇要上傳的 PDF 檔案。"),
            "empty": _("檔案是空的，請重新選擇。"),
        },
    )

    def clean_file(self):
        if len(self.files.getlist(self.add_prefix("file"))) > 1:
            raise forms.ValidationError(_("附件總數為一個檔案，請只選擇一個 PDF 檔。"))
        return self.cleaned_data["file"]
