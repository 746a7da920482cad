from django import forms
from django.test.html import parse_html

from core.forms import LongSelect


class Choose(forms.Form):
    district = forms.TypedChoiceField(
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "全部"), (1, "新營區"), (2, "鹽水區 <北>"), (3, "白河區")],
        widget=LongSelect,
    )


class Plain(Choose):
    district = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, choices=Choose.base_fields["district"].choices
    )


def test_a_long_select_writes_what_djangos_select_writes():
    for data in ({}, {"district": "2"}, {"district": "9"}):
        fast, plain = Choose(data), Plain(data)
        fast.is_valid(), plain.is_valid()
        assert parse_html(str(fast["district"])) == parse_html(str(plain["district"])), data


def test_a_long_select_marks_the_chosen_option_escapes_labels_and_keeps_the_fields_attributes():
    form = Choose({"district": "2"})
    form.is_valid()
    form.add_error("district", "請選擇行政區。")

    html = str(form["district"])

    assert '<option value="2" selected>鹽水區 &lt;北&gt;</option>' in html
    assert html.count("selected") == 1
    assert 'name="district"' in html and 'id="id_district"' in html
    assert 'aria-invalid="true"' in html
