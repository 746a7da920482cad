"""The 社群申請書: the plan's ModelForm and the member and schedule formsets.

Every choice comes from one FormCatalog loaded per request, so a page with 30 rows runs the same
queries as one with 3. Forms only read and check input; communities.services writes it.
"""

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.roc import ROC_OFFSET, roc_date
from programs.models import Domain

from .models import Application, Member, Session
from .selectors import FormCatalog
from .services import (
    FORM_ORDER,
    MEMBER_FIELDS,
    MEMBERS_PREFIX,
    OPTION_LISTS,
    PLAN_FIELDS,
    PLAN_LISTS,
    PLAN_TEXT_FIELDS,
    SESSION_FIELDS,
    SESSIONS_PREFIX,
)

PLEASE_CHOOSE = _lazy("請選擇")
# The year's row limits (ProgramYear.max_members / max_sessions); %(num)d is the limit.
TOO_MANY_MEMBERS = _lazy("本學年度社群成員至多 %(num)d 人，請刪除多餘的列後再儲存。")
TOO_MANY_SESSIONS = _lazy("本學年度進度規劃至多 %(num)d 場，請刪除多餘的場次後再儲存。")
YES_NO = [("True", _lazy("是")), ("False", _lazy("否"))]


def _as_bool(value: str) -> bool:
    return value == "True"


class ObjectChoiceField(forms.ChoiceField):
    """A choice among objects already loaded: no query to render or to check a value."""

    def __init__(self, *, objects=(), choices=None, empty_label=PLEASE_CHOOSE, **kwargs):
        self.objects = {str(obj.pk): obj for obj in objects}
        if choices is None:
            choices = [(str(obj.pk), str(obj)) for obj in objects]
        if empty_label is not None:
            choices = [("", empty_label), *choices]
        super().__init__(choices=choices, **kwargs)

    def prepare_value(self, value):
        return str(value.pk) if hasattr(value, "pk") else value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        obj = self.objects.get(str(value))
        if obj is None:
            raise ValidationError(_("請從清單中選擇。"), code="invalid_choice")
        return obj

    def validate(self, value):
        forms.Field.validate(self, value)

    def has_changed(self, initial, data):
        try:
            new = self.to_python(data)
        except ValidationError:
            return True
        return str(self.prepare_value(initial) or "") != str(self.prepare_value(new) or "")


class ObjectMultipleChoiceField(forms.MultipleChoiceField):
    """Several objects already loaded, rendered as checkboxes by the template."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, objects=(), **kwargs):
        self.objects = {str(obj.pk): obj for obj in objects}
        choices = [(str(obj.pk), str(obj)) for obj in objects]
        kwargs.setdefault("required", False)
        super().__init__(choices=choices, **kwargs)

    def prepare_value(self, value):
        if value is None:
            return []
        return [str(v.pk) if hasattr(v, "pk") else str(v) for v in value]

    def to_python(self, value):
        if not value:
            return []
        if not isinstance(value, list | tuple):
            raise ValidationError(_("請從清單中勾選。"), code="invalid_list")
        chosen = []
        for item in value:
            obj = self.objects.get(str(item))
            if obj is None:
                raise ValidationError(_("請從清單中勾選。"), code="invalid_choice")
            chosen.append(obj)
        return chosen

    def validate(self, value):
        forms.Field.validate(self, value)


class YesNoField(forms.TypedChoiceField):
    def __init__(self, *, choices=YES_NO, **kwargs):
        super().__init__(
            choices=choices,
            coerce=_as_bool,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
            **kwargs,
        )

    def prepare_value(self, value):
        return "" if value is None else str(value)


ROC_DATE = re.compile(r"^\s*(\d{2,4})\s*[/.\-年]\s*(\d{1,2})\s*[/.\-月]\s*(\d{1,2})\s*日?\s*$")
ROC_COMPACT = re.compile(r"^\s*(\d{2,3})(\d{2})(\d{2})\s*$")


class RocDateField(forms.DateField):
    """A date typed as Taiwanese forms write it: 109/09/15 (also 1090915 or 2020-09-15)."""

    widget = forms.TextInput(attrs={"placeholder": "109/09/15", "inputmode": "numeric"})
    default_error_messages = {"invalid": _lazy("日期請用民國年月日，例如 109/09/15。")}

    def prepare_value(self, value):
        return roc_date(value) if isinstance(value, date) else value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        text = str(value).strip()
        match = ROC_DATE.match(text) or ROC_COMPACT.match(text)
        if not match:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        year, month, day = (int(part) for part in match.groups())
        if year < ROC_OFFSET:
            year += ROC_OFFSET
        try:
            return date(year, month, day)
        except ValueError:
            raise ValidationError(
                _("沒有這一天，請檢查月份與日期。"), code="invalid_date"
            ) from None


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class PlanForm(forms.ModelForm):
    """The plan part of the 社群申請書 (everything but the member and schedule rows)."""

    competencies = ObjectMultipleChoiceField(label=_lazy("社群欲培養學生之核心素養"))
    goals = ObjectMultipleChoiceField(label=_lazy("社群運作目標"))
    methods = ObjectMultipleChoiceField(label=_lazy("社群進行方式"))

    class Meta:
        model = Application
        fields = [name for name in FORM_ORDER if name in PLAN_FIELDS or name in PLAN_LISTS]
        widgets = {
            "name": forms.TextInput(attrs={"size": 40}),
            "content_other_text": forms.TextInput(
                attrs={"size": 40, "placeholder": _lazy("勾選「其他」時請說明")}
            ),
            "goal_other_text": forms.TextInput(
                attrs={"size": 40, "placeholder": _lazy("勾選「其他」時請說明")}
            ),
            "method_other_text": forms.TextInput(
                attrs={"size": 40, "placeholder": _lazy("勾選「其他」時請說明")}
            ),
            "convenor_email": forms.EmailInput(),
            "convenor_phone": forms.TextInput(attrs={"type": "tel"}),
        }

    def __init__(self, *args, catalog: FormCatalog, precheck_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.precheck_required = precheck_required
        self.catalog = catalog
        application: Application = self.instance
        self.fields["name"].required = False
        self.fields["community_type"] = ObjectChoiceField(
            objects=catalog.types, label=_("社群類型"), required=False
        )
        self.fields["is_cross_school"] = YesNoField(
            label=_("學校"), choices=[("False", _("同校")), ("True", _("跨校"))]
        )
        partner_schools = [s for s in catalog.schools if s.pk != application.school_id]
        self.fields["partner_schools"] = ObjectMultipleChoiceField(
            objects=partner_schools, label=_("合作學校")
        )
        self.fields["is_continuation"] = YesNoField(
            label=_("辦理"), choices=[("True", _("續辦")), ("False", _("非續辦"))]
        )
        self.fields["continuation_year"] = forms.IntegerField(
            label=_("續辦第幾年"),
            required=False,
            min_value=2,
            max_value=50,
            widget=forms.NumberInput(attrs={"size": 3, "class": "narrow"}),
            error_messages={
                "invalid": _("請填數字，例如 2。"),
                "min_value": _("續辦請填第2年以上；第1年請選「非續辦」。"),
                "max_value": _("請確認續辦年數。"),
            },
        )
        self.fields["previous"] = ObjectChoiceField(
            objects=catalog.previous,
            choices=[
                (
                    str(p.pk),
                    _("%(year)s學年度 %(name)s")
                    % {"year": p.program.academic_year, "name": p.display_name},
                )
                for p in catalog.previous
            ],
            label=_("前一年度社群"),
            required=False,
            empty_label=_("不指定"),
        )
        stage = self._chosen(
            "stage", catalog.stage_by_id, application.stage_id or application.school.stage_id
        )
        self.chosen_stage = stage
        self.fields["stage"] = ObjectChoiceField(
            objects=catalog.stages, label=_("學習階段"), required=False
        )
        if not self.is_bound and application.stage_id is None:
            self.initial["stage"] = application.school.stage_id
        domains = catalog.domains_for_stage(stage)
        groups = []
        for kind, kind_label in Domain.Kind.choices:
            entries = [(str(d.pk), d.name) for d in domains if d.kind == kind]
            if entries:
                groups.append((kind_label, entries))
        self.fields["domain"] = ObjectChoiceField(
            objects=domains,
            choices=groups,
            label=_("學年/學科/領域"),
            required=False,
            empty_label=_("請選擇") if stage else _("請先選擇學習階段"),
        )
        self.fields["requests_budget"] = YesNoField(label=_("是否申請經費"))
        self.fields["invites_experts"] = YesNoField(label=_("是否邀請專家諮詢"))
        self.fields["convenor_trained"] = YesNoField(label=_("是否曾參與召集人培訓"))

        community_type = self._chosen(
            "community_type", catalog.type_by_id, application.community_type_id
        )
        self.chosen_type = community_type
        variant_id = community_type.content_variant_id if community_type else None
        self.variant_items = catalog.items_of_variant(variant_id)
        # Any item of the year is understood; those of another type's list are carried over by
        # label when the type changes (without script the list is not swapped before saving).
        self.fields["content_items"] = ObjectMultipleChoiceField(
            objects=catalog.content_items, label=_("補助社群實施之內容")
        )
        for name, kind in OPTION_LISTS.items():
            self.fields[name] = ObjectMultipleChoiceField(
                objects=catalog.options_of_kind(kind), label=self.fields[name].label
            )
        if not self.is_bound:
            self._set_initial_choices(application)

    def _chosen(self, name: str, lookup, fallback_pk):
        """The object chosen in this field: the typed value if bound, else the stored one."""
        if self.is_bound:
            return lookup(self.data.get(self.add_prefix(name)))
        value = self.initial.get(name, fallback_pk)
        return lookup(getattr(value, "pk", value))

    def _set_initial_choices(self, application: Application) -> None:
        if "content_items" not in self.initial:
            self.initial["content_items"] = (
                list(application.content_items.all()) if application.pk else []
            )
        variant_ids = {str(item.pk) for item in self.variant_items}
        chosen = {str(getattr(i, "pk", i)) for i in self.initial["content_items"]} & variant_ids
        # The type's required items come pre-checked when its list is new to the convenor (just
        # chosen, or nothing stored yet); what they unchecked themselves stays unchecked, and
        # 送出 enforces the required ones.
        if self.precheck_required or not chosen:
            chosen |= {str(item.pk) for item in self.variant_items if item.required}
        self.initial["content_items"] = sorted(chosen)
        options = self.initial.pop("options", None)
        if options is None:
            options = list(application.options.all()) if application.pk else []
        for name, kind in OPTION_LISTS.items():
            if name not in self.initial:
                self.initial[name] = [str(o.pk) for o in options if o.kind == kind]

    def checked(self, name: str) -> set[str]:
        """The values of a checkbox list as they should show: typed if bound, else stored."""
        if self.is_bound:
            return set(self.data.getlist(self.add_prefix(name)))
        return {str(getattr(v, "pk", v)) for v in self.initial.get(name) or []}

    def checkbox_rows(self, name: str, objects) -> list[dict]:
        checked = self.checked(name)
        return [
            {"value": str(obj.pk), "obj": obj, "checked": str(obj.pk) in checked} for obj in objects
        ]

    def _content_labels(self, items) -> set[str]:
        wanted = {str(getattr(i, "pk", i)) for i in items}
        return {item.label for item in self.catalog.content_items if str(item.pk) in wanted}

    # The template walks these lists to draw the checkbox tables.
    def content_item_rows(self):
        labels = self._content_labels(self.checked("content_items"))
        return [
            {"value": str(item.pk), "obj": item, "checked": item.label in labels}
            for item in self.variant_items
        ]

    def option_rows(self, name: str) -> list[dict]:
        return self.checkbox_rows(name, self.catalog.options_of_kind(OPTION_LISTS[name]))

    def competency_groups(self):
        groups: dict[str, list[dict]] = {}
        for row in self.option_rows("competencies"):
            groups.setdefault(row["obj"].group, []).append(row)
        return list(groups.items())

    def goal_rows(self):
        return self.option_rows("goals")

    def method_rows(self):
        return self.option_rows("methods")

    def partner_groups(self):
        """Partner schools grouped by 策略聯盟工作圈, the lead school's own circle first."""
        application = self.instance
        own_circle = application.school.alliance_circle_id
        rows = self.checkbox_rows(
            "partner_schools", self.fields["partner_schools"].objects.values()
        )
        groups: dict[object, dict] = {}
        for row in rows:
            circle = row["obj"].alliance_circle
            key = circle.pk if circle else None
            group = groups.setdefault(
                key,
                {
                    "label": circle.name if circle else _("未分工作圈"),
                    "own": key is not None and key == own_circle,
                    "rows": [],
                },
            )
            group["rows"].append(row)
        ordered = sorted(groups.values(), key=lambda g: (not g["own"], g["label"]))
        for group in ordered:
            group["checked_count"] = sum(1 for r in group["rows"] if r["checked"])
        return ordered

    def plan_data(self) -> dict:
        """cleaned_data in the shape application_save_draft takes."""
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        data["options"] = [
            option for name in OPTION_LISTS for option in self.cleaned_data.get(name, [])
        ]
        for name in PLAN_LISTS:
            data[name] = data.get(name) or []
        labels = self._content_labels(data["content_items"])
        data["content_items"] = [item for item in self.variant_items if item.label in labels]
        for name in PLAN_TEXT_FIELDS:
            data[name] = (data.get(name) or "").strip()
        return data

    def _post_clean(self):
        # The service validates the model; the form only checks what was typed.
        pass


def _row_number(prefix: str | None) -> int | str:
    """Row 'sessions-4' is the 5th row: the number people read next to it."""
    tail = (prefix or "").rsplit("-", 1)[-1]
    return int(tail) + 1 if tail.isdigit() else ""


class RowForm(forms.ModelForm):
    """A row of the member or schedule table; its inputs are announced with the row's number."""

    row_label = ""  # e.g. "成員%(n)s %(label)s": row number n, the input's label

    def announce(self, label) -> str:
        return self.row_label % {"n": _row_number(self.prefix), "label": label}

    def label_inputs(self) -> None:
        """Call once the row's fields are final. The row's words are translated once, not once
        per input (ten rows of seven inputs each asked the catalogue seventy times)."""
        words, number = str(self.row_label), _row_number(self.prefix)
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = words % {"n": number, "label": field.label}

    def delete_label(self) -> str:
        return self.announce(_("刪除"))

    def _post_clean(self):
        # The service validates the rows; the form only checks what was typed.
        pass


class MemberForm(RowForm):
    row_label = _lazy("成員%(n)s %(label)s")

    class Meta:
        model = Member
        fields = MEMBER_FIELDS
        widgets = {
            "name": forms.TextInput(attrs={"size": 10}),
            "position": forms.TextInput(attrs={"size": 10}),
            "subject": forms.TextInput(attrs={"size": 10}),
        }

    def __init__(self, *args, schools=(), lead_school=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("請填寫成員姓名。")
        self.fields["school"] = ObjectChoiceField(
            objects=schools, label=_("學校"), empty_label=None
        )
        if lead_school is not None and not self.instance.pk:
            self.initial.setdefault("school", str(lead_school.pk))
        self.label_inputs()


class SessionForm(RowForm):
    row_label = _lazy("第%(n)s場 %(label)s")
    date = RocDateField(label=_lazy("日期"), required=False)

    class Meta:
        model = Session
        fields = SESSION_FIELDS
        widgets = {
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "content": forms.TextInput(attrs={"size": 14}),
            "method": forms.TextInput(attrs={"size": 10}),
            "host": forms.TextInput(attrs={"size": 10}),
            "location": forms.TextInput(attrs={"size": 8}),
        }
        error_messages = {
            "start_time": {"invalid": _lazy("時間格式請用 時:分，例如 14:00。")},
            "end_time": {"invalid": _lazy("時間格式請用 時:分，例如 16:00。")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].widget.attrs["size"] = 9
        self.label_inputs()


class RowFormSet(BaseModelFormSet):
    deletion_widget = forms.CheckboxInput

    def add_fields(self, form, index):
        super().add_fields(form, index)
        field = form.fields.get(self._pk_field.name)
        if isinstance(field, forms.ModelChoiceField):
            # Each posted row's id is looked up among the rows already read (one query for the
            # formset), not by a query a row as ModelChoiceField would. Any other id (typed by
            # hand) is read as before, and the formset makes a new row of it.
            read_one = field.to_python

            def to_python(value, read_one=read_one):
                known = self._existing_object(int(value)) if str(value).isdigit() else None
                return known if known is not None else read_one(value)

            field.to_python = to_python

    def rows(self) -> list[dict]:
        """The kept rows, in order, as application_save_draft takes them."""
        kept = []
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            row = {name: form.cleaned_data.get(name) for name in form._meta.fields}
            row["id"] = form.instance.pk
            for name, value in row.items():
                if isinstance(value, str):
                    row[name] = value.strip()
            kept.append(row)
        return kept


MemberFormSet = modelformset_factory(
    Member, form=MemberForm, formset=RowFormSet, extra=0, can_delete=True
)
SessionFormSet = modelformset_factory(
    Session, form=SessionForm, formset=RowFormSet, extra=0, can_delete=True
)


def member_school_choices(
    *, catalog: FormCatalog, application: Application, partner_ids=(), member_school_ids=()
):
    """Schools a member row offers: the lead school, its 工作圈, the chosen partner schools and
    any school a member already has."""
    lead = application.school
    wanted = {lead.pk}
    if lead.alliance_circle_id:
        wanted |= {s.pk for s in catalog.schools if s.alliance_circle_id == lead.alliance_circle_id}
    wanted |= {int(pk) for pk in partner_ids if str(pk).isdigit()}
    wanted |= {int(pk) for pk in member_school_ids if str(pk).isdigit()}
    ordered = [lead] + [s for s in catalog.schools if s.pk in wanted and s.pk != lead.pk]
    return ordered


def build_formsets(
    *,
    application: Application,
    catalog: FormCatalog,
    partner_ids=(),
    data=None,
    extra_members: int = 0,
    extra_sessions: int = 0,
):
    """The member and schedule formsets, typed (data) or stored, with their row choices."""
    members = MemberFormSet(
        data,
        prefix=MEMBERS_PREFIX,
        queryset=application.members.all(),
        form_kwargs={"lead_school": application.school},
    )
    member_school_ids = {m.school_id for m in members.get_queryset()}
    members.form_kwargs["schools"] = member_school_choices(
        catalog=catalog,
        application=application,
        partner_ids=partner_ids,
        member_school_ids=member_school_ids,
    )
    sessions = SessionFormSet(data, prefix=SESSIONS_PREFIX, queryset=application.sessions.all())
    program = application.program
    for formset, most, message in (
        (members, program.max_members, TOO_MANY_MEMBERS),
        (sessions, program.max_sessions, TOO_MANY_SESSIONS),
    ):
        formset.max_num = most
        formset.validate_max = True
        formset.error_messages = {**formset.error_messages, "too_many_forms": message}
    if data is None:
        members.extra = extra_members
        sessions.extra = extra_sessions
    return members, sessions
