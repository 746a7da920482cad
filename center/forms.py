"""The center list's filter: read from the page's GET parameters, every field optional."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from communities import workflow
from communities.forms import RocDateField, TimeInput
from core.forms import LongSelect
from people.models import District, School
from people.selectors import school_named
from programs.models import CommunityType, ProgramYear

from .selectors import (
    CROSS_SCHOOL,
    DEFAULT_SORT,
    SAME_SCHOOL,
    SORTS,
    ApplicationFilter,
    reviewers_named,
)

SCOPES = [("", _("全部")), (SAME_SCHOOL, _("同校")), (CROSS_SCHOOL, _("跨校"))]


class FilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("學年度"), coerce=int, required=False)
    district = forms.TypedChoiceField(
        label=_("行政區"), coerce=int, required=False, empty_value=None, widget=LongSelect
    )
    school = forms.CharField(
        label=_("學校"),
        required=False,
        max_length=50,
        widget=forms.TextInput(
            attrs={"placeholder": _("學校代碼或名稱"), "list": "school-options"}
        ),
    )
    type = forms.TypedChoiceField(label=_("社群類型"), coerce=int, required=False, empty_value=None)
    status = forms.MultipleChoiceField(
        label=_("狀態"),
        required=False,
        choices=workflow.STATUS_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    scope = forms.ChoiceField(label=_("同校/跨校"), required=False, choices=SCOPES)
    reviewer = forms.TypedChoiceField(
        label=_("審查委員"), coerce=int, required=False, empty_value=None
    )
    q = forms.CharField(
        label=_("社群名稱或召集人"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data, *, reviewers, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["year"].choices = [
            (p.academic_year, p.academic_year)
            for p in ProgramYear.objects.order_by("-academic_year")
        ]
        self.fields["district"].choices = [
            ("", _("全部")),
            *District.objects.order_by("order", "name").values_list("pk", "name"),
        ]
        self.fields["reviewer"].choices = [("", _("全部"))] + [
            (r.pk, r.name or r.username) for r in reviewers
        ]

    def set_types(self, program: ProgramYear) -> None:
        self.fields["type"].choices = [("", _("全部"))] + [
            (t.pk, str(t)) for t in CommunityType.objects.filter(program=program).order_by("number")
        ]

    def school_match(self) -> tuple[School | None, bool]:
        """The school the 學校 field names (by code, or the one name that contains it), and
        whether anything was typed that matched no single school."""
        text = (self.cleaned_data.get("school") or "").strip()
        if not text:
            return None, False
        school, _candidates = school_named(text)
        return school, school is None

    def filters(self, program: ProgramYear, school: School | None) -> ApplicationFilter:
        data = self.cleaned_data
        sort = data.get("sort") or DEFAULT_SORT
        descending = sort.startswith("-")
        sort = sort.lstrip("-")
        if sort not in SORTS:
            sort, descending = DEFAULT_SORT, False
        return ApplicationFilter(
            program=program,
            district_id=data.get("district"),
            school_id=school.pk if school else None,
            school_code=school.code if school else "",
            type_id=data.get("type"),
            statuses=tuple(data.get("status") or ()),
            scope=data.get("scope") or "",
            reviewer_id=data.get("reviewer"),
            query=(data.get("q") or "").strip(),
            sort=sort,
            descending=descending,
        )


def list_filters(data, program: ProgramYear) -> tuple[FilterForm, ApplicationFilter]:
    """The list's filter read from ``data`` (the page's GET parameters, or those an export was
    asked with). A hand-made or outdated one lists everything, and the form says which filter
    was not taken; a school that matches none is said at its field."""
    reviewers = reviewers_named(data.getlist("reviewer")) if data else []
    form = FilterForm(data or {"year": program.academic_year}, reviewers=reviewers)
    form.set_types(program)
    if not form.is_valid():
        return form, ApplicationFilter(program=program)
    school, unmatched = form.school_match()
    if unmatched:
        form.add_error("school", gettext_now("找不到符合的學校，請輸入學校代碼或完整名稱。"))
    return form, form.filters(program, school)


def criteria_text(filters: ApplicationFilter, form: FilterForm) -> str:
    """The filter in words, as a message's record and its confirmation, and a file made of a
    filtered list, show it."""
    parts = [gettext_now("%(year)s學年度") % {"year": filters.program.academic_year}]
    data = form.cleaned_data if form.is_bound and hasattr(form, "cleaned_data") else {}
    for name in ("district", "type", "reviewer", "scope"):
        value = data.get(name)
        if value not in (None, ""):
            label = dict(form.fields[name].choices).get(value, value)
            parts.append(f"{form.fields[name].label}：{label}")
    if data.get("school"):
        parts.append(f"{form.fields['school'].label}：{data['school']}")
    if filters.statuses:
        labels = dict(workflow.STATUS_CHOICES)
        parts.append(
            gettext_now("狀態：%(states)s")
            % {"states": "、".join(str(labels[s]) for s in filters.statuses)}
        )
    if filters.query:
        parts.append(gettext_now("關鍵字：%(q)s") % {"q": filters.query})
    return "；".join(parts)


class MessageForm(forms.Form):
    """The center's e-mail to the convenors or schools of a filtered list."""

    audience = forms.ChoiceField(
        label=_("收件對象"),
        widget=forms.RadioSelect,
        error_messages={"required": _("請選擇收件對象。")},
    )
    subject = forms.CharField(
        label=_("主旨"), max_length=200, error_messages={"required": _("請填寫主旨。")}
    )
    body = forms.CharField(
        label=_("內容"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        error_messages={"required": _("請填寫內容。")},
    )
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, audiences, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = audiences


class WindowForm(forms.Form):
    """開放申請: the new year's application window, as the year's dates are written (民國)."""

    opens_date = RocDateField(label=_("申請開始日"))
    opens_time = forms.TimeField(label=_("開始時間"), widget=TimeInput())
    closes_date = RocDateField(label=_("申請截止日"))
    closes_time = forms.TimeField(label=_("截止時間"), widget=TimeInput())
    confirmed = forms.BooleanField(
        label=_("我已核對本學年度規則（與前一學年度的差異如下表）"),
        error_messages={"required": _("請勾選已核對本學年度規則後再開放申請。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("opens_date", "opens_time", "closes_date", "closes_time"):
            self.fields[name].error_messages["required"] = _("請填寫%(label)s。") % {
                "label": self.fields[name].label
            }
        for name in ("opens_time", "closes_time"):
            self.fields[name].error_messages["invalid"] = _("時間請用 時:分，例如 08:00。")

    @staticmethod
    def initial_for(opens_at, closes_at) -> dict:
        opens, closes = timezone.localtime(opens_at), timezone.localtime(closes_at)
        return {
            "opens_date": opens.date(),
            "opens_time": opens.time().replace(second=0, microsecond=0),
            "closes_date": closes.date(),
            "closes_time": closes.time().replace(second=0, microsecond=0),
        }

    def window(self):
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(data["opens_date"], data["opens_time"], tzinfo=zone),
            datetime.combine(data["closes_date"], data["closes_time"], tzinfo=zone),
        )
