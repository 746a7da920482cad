"""The center list's filter: read from the page's GET parameters, every field optional."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communities import workflow
from people.models import District, School
from programs.models import CommunityType, ProgramYear

from .selectors import CROSS_SCHOOL, DEFAULT_SORT, SAME_SCHOOL, SORTS, ApplicationFilter

SCOPES = [("", _("全部")), (SAME_SCHOOL, _("同校")), (CROSS_SCHOOL, _("跨校"))]


class FilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("學年度"), coerce=int, required=False)
    district = forms.TypedChoiceField(
        label=_("行政區"), coerce=int, required=False, empty_value=None
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
        self.fields["district"].choices = [("", _("全部"))] + [
            (d.pk, d.name) for d in District.objects.order_by("order", "name")
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
        # "214501", "214501 市立下營國中" as the suggestions read, or a part of the name.
        code = text.split()[0]
        by_code = School.objects.filter(code=code).first()
        if by_code is not None:
            return by_code, False
        matches = list(School.objects.filter(name__icontains=text).order_by("code")[:2])
        if len(matches) == 1:
            return matches[0], False
        return None, True

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
            type_id=data.get("type"),
            statuses=tuple(data.get("status") or ()),
            scope=data.get("scope") or "",
            reviewer_id=data.get("reviewer"),
            query=(data.get("q") or "").strip(),
            sort=sort,
            descending=descending,
        )


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
