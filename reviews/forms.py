from django import forms
from django.utils.translation import gettext_lazy as _


class AmountField(forms.IntegerField):
    widget = forms.NumberInput(attrs={"step": 1, "min": 0, "inputmode": "numeric"})
    default_error_messages = {"invalid": _("金額請填寫整數（元）。")}


class ReviewForm(forms.Form):
    """A reviewer's review: the recommended result, the opinion, the recommended amount."""

    recommendation = forms.ChoiceField(
        label=_("審查建議"),
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("此審查建議目前不能選擇。")},
    )
    opinion = forms.CharField(
        label=_("審查意見"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    recommended_amount = AmountField(label=_("建議核定金額"), required=False)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].choices = choices


class DecisionForm(forms.Form):
    """The center's record of a review stage's result."""

    action = forms.ChoiceField(
        label=_("審查結果"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("請選擇審查結果。"),
            "invalid_choice": _("此審查結果目前不能選擇。"),
        },
    )
    comment = forms.CharField(
        label=_("審查結果說明"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("召集人與學校會收到此說明；初審退回修正與不通過時必填。"),
    )
    approved_amount = AmountField(label=_("核定金額"), required=False)

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = actions
