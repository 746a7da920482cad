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


class FormRenderer(BaseRenderer):
    """Form widgets written by Jinja2 from Django's own widget templates (the same markup, in a
    fraction of the Django template engine's time: the 社群申請書 has a hundred widgets); the
    templates Jinja2 does not have (the admin's widgets ship as Django templates only) by the
    Django template engine."""

    def __init__(self):
        self.jinja2 = Jinja2()
        self.django = DjangoTemplates()

    def get_template(self, template_name):
        try:
            return self.jinja2.get_template(template_name)
        except TemplateDoesNotExist:
            return self.django.get_template(template_name)
