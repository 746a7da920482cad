"""The 成果報告書 form: one set of fields per session row (named ``s<id>-<field>``, the keys the
送出 problems use), the fees per session, the spending of the other rows, 成果與省思; and the
school's and center's decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.forms import RocDateField, TimeInput, YesNoField

from .selectors import ReportView, session_key
from .spending import fee_field, spend_field

AMOUNT_ERRORS = {
    "invalid": _("金額請填整數（元）。"),
    "min_value": _("金額不可為負數。"),
    "max_value": _("金額過大，請檢查。"),
}
TIME_ERRORS = {"invalid": _("時間格式請用 時:分，例如 14:00。")}
MAX_AMOUNT = 10_000_000


def _amount(label) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_AMOUNT,
        error_messages=AMOUNT_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "step": 1}),
    )


class ReportForm(forms.Form):
    reflections = forms.CharField(
        label=_("成果與省思"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, view: ReportView, **kwargs):
        super().__init__(*args, **kwargs)
        self.view = view
        member_choices = [(m.pk, m.name) for m in view.members]
        initial = {"reflections": view.report.reflections}
        for session in view.sessions:
            number = session.number
            fields = {
                "held": YesNoField(label=_("是否辦理")),
                "date": RocDateField(label=_("實際日期"), required=False),
                "start_time": forms.TimeField(
                    label=_("開始時間"),
                    required=False,
                    widget=TimeInput(),
                    error_messages=TIME_ERRORS,
                ),
                "end_time": forms.TimeField(
                    label=_("結束時間"),
                    required=False,
                    widget=TimeInput(),
                    error_messages=TIME_ERRORS,
                ),
                "content": forms.CharField(label=_("實施內容"), required=False, max_length=200),
                "notes": forms.CharField(
                    label=_("紀要"), required=False, widget=forms.Textarea(attrs={"rows": 3})
                ),
                "attendees": forms.MultipleChoiceField(
                    label=_("出席成員"),
                    required=False,
                    choices=member_choices,
                    widget=forms.CheckboxSelectMultiple,
                    error_messages={"invalid_choice": _("出席成員須從社群成員名單勾選。")},
                ),
                "is_public_lesson": forms.BooleanField(label=_("公開授課"), required=False),
                "lesson_teacher": forms.CharField(
                    label=_("授課教師"), required=False, max_length=50
                ),
                "lesson_theme": forms.CharField(
                    label=_("授課主題"), required=False, max_length=200
                ),
                "lesson_relation": forms.CharField(
                    label=_("與社群主題之關聯"),
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                ),
            }
            if not session.is_planned:
                fields["delete"] = forms.BooleanField(label=_("刪除此場次"), required=False)
            for name, field in fields.items():
                field.session_number = number
                self.fields[session_key(session, name)] = field
            initial.update(
                {
                    session_key(session, "held"): session.held,
                    session_key(session, "date"): session.date,
                    session_key(session, "start_time"): session.start_time,
                    session_key(session, "end_time"): session.end_time,
                    session_key(session, "content"): session.content,
                    session_key(session, "notes"): session.notes,
                    session_key(session, "attendees"): [m.pk for m in session.attendees.all()],
                    session_key(session, "is_public_lesson"): session.is_public_lesson,
                    session_key(session, "lesson_teacher"): session.lesson_teacher,
                    session_key(session, "lesson_theme"): session.lesson_theme,
                    session_key(session, "lesson_relation"): session.lesson_relation,
                }
            )
            fees = {fee.item_id: fee.amount for fee in session.fees.all()}
            for item in view.sheet.fee_items:
                name = fee_field(session, item)
                self.fields[name] = _amount(item.name)
                self.fields[name].session_number = number
                initial[name] = fees.get(item.pk)
        stored = view.spending
        for row in view.sheet.rows:
            if row.per_session or row.is_premium:
                continue
            self.fields[row.field] = _amount(row.item.name)
            initial[row.field] = stored.get(row.item.pk)
        if not self.is_bound:
            self.initial = initial

    def session_fields(self, session) -> dict:
        """The bound fields of one session row, by their short name."""
        prefix = f"s{session.pk}-"
        return {name[len(prefix) :]: self[name] for name in self.fields if name.startswith(prefix)}

    def fee_fields(self, session) -> list:
        return [self[fee_field(session, item)] for item in self.view.sheet.fee_items]

    def spend_field(self, row):
        name = spend_field(row.item)
        return self[name] if name in self.fields else None

    def saved_data(self) -> dict:
        """What report_save takes, from the cleaned fields."""
        data = self.cleaned_data
        members = {m.pk: m for m in self.view.members}
        sessions, fees = {}, {}
        for session in self.view.sessions:
            values = {
                name: data.get(session_key(session, name))
                for name in (
                    "held",
                    "date",
                    "start_time",
                    "end_time",
                    "content",
                    "notes",
                    "is_public_lesson",
                    "lesson_teacher",
                    "lesson_theme",
                    "lesson_relation",
                )
            }
            values["attendees"] = [
                members[int(pk)] for pk in data.get(session_key(session, "attendees")) or []
            ]
            values["delete"] = bool(data.get(session_key(session, "delete")))
            sessions[session.pk] = values
            fees[session.pk] = {
                item.pk: data.get(fee_field(session, item)) or 0
                for item in self.view.sheet.fee_items
            }
        spending = {
            row.item.pk: data.get(row.field) or 0
            for row in self.view.sheet.rows
            if not row.per_session and not row.is_premium and row.field in self.fields
        }
        return {
            "reflections": data.get("reflections", ""),
            "sessions": sessions,
            "fees": fees,
            "spending": spending,
        }


class DecisionForm(forms.Form):
    """The school's (送中心 / 退回) or the center's (結案 / 退回) decision on a sent report."""

    action = forms.ChoiceField(
        label=_("審核結果"),
        widget=forms.RadioSelect,
        error_messages={"required": _("請選擇審核結果。"), "invalid_choice": _("請選擇審核結果。")},
    )
    comment = forms.CharField(
        label=_("意見"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, actions: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = actions
        self.fields["action"].choices = [(key, step.label) for key, step in actions.items()]

    def clean(self):
        data = super().clean()
        step = self.actions.get(data.get("action"))
        if step is not None and step.comment_required and not (data.get("comment") or "").strip():
            self.add_error(
                "comment",
                _("「%(action)s」請填寫原因，讓召集人知道要修正什麼。") % {"action": step.label},
            )
        return data
