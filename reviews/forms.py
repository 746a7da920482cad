from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from communities.forms import ObjectChoiceField
from programs.models import RecommendationOption, ReviewCriterion

from .services import score_field


class AmountField(forms.IntegerField):
    widget = forms.NumberInput(attrs={"step": 1, "min": 0, "inputmode": "numeric"})
    default_error_messages = {"invalid": _("金額請填寫整數（元）。")}


class DeclarationForm(forms.Form):
    """利益迴避聲明: no conflict (open the application), or a conflict with its reason."""

    NO, YES = "no", "yes"
    has_conflict = forms.ChoiceField(
        label=_("利益迴避聲明"),
        widget=forms.RadioSelect,
        choices=[
            (NO, _("本人與本申請案無利益衝突，開始審查")),
            (YES, _("本人與本申請案有利益衝突，申請迴避")),
        ],
        error_messages={"required": _("請選擇是否有利益衝突。")},
    )
    reason = forms.CharField(
        label=_("利益衝突說明"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("申請迴避時必填，例如：與召集人為二親等親屬、三年內曾任職於申請學校。"),
    )

    def clean(self):
        data = super().clean()
        if data.get("has_conflict") == self.YES and not (data.get("reason") or "").strip():
            self.add_error("reason", _("請說明利益衝突的情形。"))
        return data

    @property
    def conflict(self) -> bool:
        return self.cleaned_data["has_conflict"] == self.YES


class ScoreField(forms.IntegerField):
    def __init__(self, *, criterion: ReviewCriterion, **kwargs):
        self.criterion = criterion
        words = {"name": criterion.name, "max": criterion.max_score}
        message = _("「%(name)s」請填 0 至 %(max)s 的整數。") % words
        super().__init__(
            label=criterion.name,
            required=False,
            min_value=0,
            max_value=criterion.max_score,
            widget=forms.NumberInput(
                attrs={
                    "step": 1,
                    "min": 0,
                    "max": criterion.max_score,
                    "inputmode": "numeric",
                    "data-weight": criterion.weight,
                    "data-max": criterion.max_score,
                    "class": "score",
                }
            ),
            error_messages={"invalid": message, "min_value": message, "max_value": message},
            **kwargs,
        )


class RecommendationField(ObjectChoiceField):
    """審查建議: one of the stage's options, as the year's rules keep them (no query to show them
    or to check the one posted)."""

    options: tuple | list = ()

    def offer(self, options: list[RecommendationOption]) -> None:
        self.options = list(options)
        self.objects = {str(option.pk): option for option in self.options}
        self.choices = [(str(option.pk), option.label) for option in self.options]

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class ReviewForm(forms.Form):
    """A reviewer's 審查表: a score per criterion, the recommended result, the opinion and the
    recommended amount."""

    recommendation = RecommendationField(
        label=_("審查建議"),
        widget=forms.RadioSelect,
        required=False,
        empty_label=None,
        error_messages={"invalid_choice": _("此審查建議目前不能選擇。")},
    )
    opinion = forms.CharField(
        label=_("審查意見"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    recommended_amount = AmountField(label=_("建議核定金額"), required=False)

    def __init__(self, *args, criteria: list[ReviewCriterion], options, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[score_field(criterion.pk)] = ScoreField(criterion=criterion)
        self.fields["recommendation"].offer(options)

    def score_rows(self):
        """(criterion, bound score field) in the 審查表's order."""
        return [(c, self[score_field(c.pk)]) for c in self.criteria]

    @property
    def scores(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(score_field(c.pk)) for c in self.criteria}


class _StageResultForm(forms.Form):
    """A review stage's result (審查結果) and its 審查結果說明, chosen from ``actions``."""

    comment_rows = 5
    comment_help = _("召集人與學校會收到此說明；初審退回修正與不通過時必填。")

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
        widget=forms.Textarea,
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = actions
        self.fields["comment"].widget.attrs["rows"] = self.comment_rows
        self.fields["comment"].help_text = self.comment_help


class DecisionForm(_StageResultForm):
    """The center's record of a review stage's result for one application."""

    approved_amount = AmountField(label=_("核定金額"), required=False)


class BulkDecisionForm(_StageResultForm):
    """批次決定: one stage result and its 審查結果說明 for the applications chosen on the list."""

    comment_rows = 4
    comment_help = _("每件申請的召集人與學校都會收到此說明；初審退回修正與不通過時必填。")

    def __init__(self, *args, actions, steps, **kwargs):
        super().__init__(*args, actions=actions, **kwargs)
        self.steps = steps

    def clean(self):
        data = super().clean()
        step = self.steps.get(data.get("action"))
        if step is not None and step.comment_required and not (data.get("comment") or "").strip():
            self.add_error(
                "comment", _("「%(action)s」請填寫意見，說明原因。") % {"action": step.label}
            )
        return data
