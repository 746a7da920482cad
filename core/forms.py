"""Turning a service's ValidationError into what a form shows; how forms are written (the
renderer, a select for long option lists)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.forms.utils import flatatt
from django.template import TemplateDoesNotExist
from django.utils.html import escape
from django.utils.safestring import mark_safe
from markupsafe import escape as jinja_escape


def apply_errors(form: forms.BaseForm, error: ValidationError, *, field: str | None = None) -> None:
    """Put each message of ``error`` next to its field on ``form``; messages keyed by a name the
    form does not have (or not keyed at all) go to its top, or to ``field`` when given."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else field, errors)
    else:
        form.add_error(field, error.messages)


def error_messages(request, error: ValidationError) -> None:
    """Every message of ``error`` as a page message (for an action taken without a form)."""
    for message in error.messages:
        messages.error(request, message)


def escaped(texts: dict[str, str]) -> dict[str, str]:
    """The words of markup written in Python (a table's rows, a widget), each escaped once."""
    return {key: escape(text) for key, text in texts.items()}


class LongSelect(forms.Select):
    """A single-choice select of flat choices written in one pass: the same markup as
    forms.Select, without a template rendered per option (368 行政區: 22 ms that way, 2 ms
    this way)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        options = "\n".join(
            f'<option value="{escape(key)}"{" selected" if str(key) in chosen else ""}>'
            f"{escape(label)}</option>"
            for key, label in ((("" if v is None else v), label) for v, label in self.choices)
        )
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return mark_safe(f"<select{flatatt(final)}>\n{options}\n</select>")


# The widgets written in Python, by what Django's Jinja2 widget templates write: an <input>
# (the templates that only include input.html), a <textarea>, a <select> and its <option>s,
# a list of boxes or radios.
_WIDGETS = "django/forms/widgets/"
_INPUTS = frozenset(
    f"{_WIDGETS}{name}.html"
    for name in (
        "input checkbox color date datetime email file hidden number password search tel text "
        "time url"
    ).split()
)
_TEXTAREA = f"{_WIDGETS}textarea.html"
_SELECT = f"{_WIDGETS}select.html"
_OPTION = f"{_WIDGETS}select_option.html"
# Boxes and radios: multiple_input.html around an input_option.html per choice.
_MULTIPLE = frozenset(f"{_WIDGETS}{name}.html" for name in ("checkbox_select", "radio"))
_INPUT_OPTIONS = frozenset(f"{_WIDGETS}{name}.html" for name in ("checkbox_option", "radio_option"))


def _attrs(attrs: dict) -> str:
    """attrs.html: each attribute not False, a True one as a bare name."""
    return "".join(
        f" {jinja_escape(name)}"
        if value is True
        else f' {jinja_escape(name)}="{jinja_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{jinja_escape(widget["value"])}"'
    return (
        f'<input type="{jinja_escape(widget["type"])}" name="{jinja_escape(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _input_option(option: dict) -> str:
    """input_option.html: the input, within its label when the option wraps it."""
    if not option["wrap_label"]:
        return _input(option)
    target = option["attrs"].get("id")
    label_for = f' for="{jinja_escape(target)}"' if target else ""
    return f"<label{label_for}>{_input(option)} {jinja_escape(option['label'])}</label>"


def _select_option(option: dict) -> str:
    """select_option.html."""
    return (
        f'<option value="{jinja_escape(option["value"])}"'
        f"{_attrs(option['attrs'])}>{jinja_escape(option['label'])}</option>"
    )


# The choice templates each writer above writes as.
_WRITTEN_BY = {_input_option: _INPUT_OPTIONS, _select_option: frozenset({_OPTION})}


def _textarea(widget: dict) -> str:
    value = jinja_escape(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{jinja_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{value}</textarea>"
    )


class FormRenderer(BaseRenderer):
    """Form widgets written as Django's own Jinja2 widget templates write them: the plain ones
    (inputs, textareas, selects and their options, lists of boxes and radios) by Python here, a
    fifth of the time Jinja2 takes, the others by Jinja2, which is itself a fraction of the
    Django template engine's time (the 社群申請書 has a hundred widgets); the templates Jinja2 does
    not have (the admin's widgets ship as Django templates only) by the Django template engine.
    core/tests/test_forms.py holds the Python writers to the templates' markup."""

    def __init__(self):
        self.jinja2 = Jinja2()
        self.django = DjangoTemplates()

    def get_template(self, template_name):
        try:
            return self.jinja2.get_template(template_name)
        except TemplateDoesNotExist:
            return self.django.get_template(template_name)

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if len(context) == 1 else None
        if widget is not None:
            if template_name in _INPUTS:
                return mark_safe(_input(widget))
            if template_name == _TEXTAREA:
                return mark_safe(_textarea(widget))
            if template_name == _SELECT:
                return mark_safe(self._select(widget, request))
            if template_name in _MULTIPLE:
                return mark_safe(self._multiple(widget, request))
            if template_name in _INPUT_OPTIONS:  # one box of a list, as a page lays them out
                return mark_safe(_input_option(widget))
        return super().render(template_name, context, request)

    def _multiple(self, widget: dict, request) -> str:
        """multiple_input.html: a <div> of boxes or radios, each in its own <div>, groups in
        theirs (a 成果報告書 has a list of attendance boxes a session: a Jinja2 template per box
        was a tenth of its time)."""
        attrs = widget["attrs"]
        parts = ["<div"]
        if attrs.get("id"):
            parts.append(f' id="{jinja_escape(attrs["id"])}"')
        if attrs.get("class"):
            parts.append(f' class="{jinja_escape(attrs["class"])}"')
        parts.append(">")
        parts.append(
            self._grouped(
                widget,
                request,
                _input_option,
                opens="\n  <div><label>{group}</label>",
                closes="\n  </div>",
                each="<div>\n    {choice}</div>",
            )
        )
        parts.append("\n</div>")
        return "".join(parts)

    def _grouped(self, widget: dict, request, write, *, opens: str, closes: str, each: str) -> str:
        """The choices of ``widget`` group by group as its template lays them out: ``opens``
        (with the {group}'s name) and ``closes`` around a named group, ``each`` per {choice}."""
        parts = []
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(opens.format(group=jinja_escape(group_name)))
            parts.extend(each.format(choice=self._choice(o, request, write)) for o in options)
            if group_name:
                parts.append(closes)
        return "".join(parts)

    def _choice(self, option: dict, request, write) -> str:
        """One choice of a list or a select: by ``write`` when its template is the one ``write``
        writes as (the widgets' own), else by its template."""
        if option["template_name"] in _WRITTEN_BY[write]:
            return write(option)
        return self.get_template(option["template_name"]).render({"widget": option}, request)

    def _select(self, widget: dict, request) -> str:
        choices = self._grouped(
            widget,
            request,
            _select_option,
            opens='\n  <optgroup label="{group}">',
            closes="\n  </optgroup>",
            each="\n  {choice}",
        )
        return (
            f'<select name="{jinja_escape(widget["name"])}"{_attrs(widget["attrs"])}>'
            f"{choices}\n</select>"
        )
