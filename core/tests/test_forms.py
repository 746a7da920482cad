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


class EveryWidget(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"data-off": False, "autofocus": True}))
    number = forms.IntegerField()
    email = forms.EmailField(required=False)
    url = forms.URLField(
        assume_scheme="https", widget=forms.URLInput(attrs={"placeholder": 'say "hi" & <go>'})
    )
    day = forms.DateField(widget=forms.DateInput(attrs={"class": "roc"}))
    hour = forms.TimeField()
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    yes = forms.BooleanField(required=False)
    no = forms.BooleanField(required=False)
    upload = forms.FileField(required=False)
    notes = forms.CharField(widget=forms.Textarea)
    empty_notes = forms.CharField(widget=forms.Textarea, required=False)
    pick = forms.ChoiceField(
        choices=[("", "---"), ("a", "甲 <a>"), ("本市", [("1", "東區"), ("2", "北區 & 'x'")])]
    )
    several = forms.MultipleChoiceField(choices=[(1, "一"), (2, "二"), (3, "三")])
    maybe = forms.NullBooleanField()
    boxes = forms.MultipleChoiceField(
        required=False,
        choices=[(1, "閱讀 <素養>"), ("本市", [("2", "東區 & 'x'"), ("3", '"北區"')])],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
    )
    radios = forms.ChoiceField(
        choices=[("", "未選"), ("True", "是"), ("False", "否")], widget=forms.RadioSelect
    )


def _written(bound, renderer) -> str:
    widget = bound.field.widget
    attrs = {**widget.attrs, "id": bound.auto_id, "aria-invalid": "true", "required": True}
    return widget.render(
        bound.html_name, bound.value(), attrs=bound.build_widget_attrs(attrs), renderer=renderer
    )


def test_the_widgets_written_in_python_are_what_djangos_jinja2_templates_write(monkeypatch):
    from django.forms.renderers import Jinja2

    from core.forms import FormRenderer

    data = {
        "text": '"quoted" <b>&amp;</b>',
        "number": "0",
        "url": "http://example.tw/?a=1&b=2",
        "day": "109/09/15",
        "hour": "14:00",
        "secret": "s'cret",
        "hidden": "h",
        "yes": "on",
        "notes": "第一行\n<第二行>",
        "pick": "2",
        "several": ["1", "3"],
        "maybe": "true",
        "boxes": ["1", "3"],
        "radios": "False",
    }
    ours, jinja = FormRenderer(), Jinja2()
    read = []
    original = ours.jinja2.get_template
    monkeypatch.setattr(
        ours.jinja2, "get_template", lambda name: read.append(name) or original(name)
    )
    for form in (EveryWidget(), EveryWidget(data)):
        form.is_valid()
        for name in form.fields:
            assert _written(form[name], ours) == _written(form[name], jinja), name
    # One box at a time, as a page lays them out ({% for box in form.field %}{{ box.tag }}).
    from django.forms.boundfield import BoundWidget

    for form in (EveryWidget(), EveryWidget(data)):
        for name in ("boxes", "radios"):
            for box in form[name].subwidgets:
                mine, theirs = (BoundWidget(box.parent_widget, box.data, r) for r in (ours, jinja))
                assert mine.tag() == theirs.tag()
                assert mine.tag(wrap_label=True) == theirs.tag(wrap_label=True)
    # Without an id, the boxes' <div> and labels name none.
    bare = forms.RadioSelect(choices=[("a", "甲 <a>"), ("b", "乙")])
    assert bare.render("r", "a", renderer=ours) == bare.render("r", "a", renderer=jinja)
    assert 'for="' not in bare.render("r", "a", renderer=ours)
    # Only the file input with its 清除 box is left to Jinja2's template.
    assert set(read) == {"django/forms/widgets/clearable_file_input.html"}
