from django import template
from django.utils.html import format_html

from communities.templatetags.community_forms import errors_html

register = template.Library()


@register.filter
def at(mapping, key):
    """``mapping[key]`` in a template (an empty list when it has none)."""
    if not mapping:
        return []
    return mapping.get(key, [])


@register.simple_tag
def report_field(field, problems=(), css: str = ""):
    """A field of the 成果報告書 with its label, and beside it its own messages and the report's
    ``problems`` for it, anchored for the problem summary. Written here rather than by an
    included template: a report has some ten fields a session, and an include each was half
    of the page's time."""
    messages = [*field.errors, *(problems or ())]
    classes = "fld" + (" has-error" if messages else "") + (f" {css}" if css else "")
    return format_html(
        '<div class="{}" id="f-{}">\n  <label for="{}">{}</label>\n  {}\n  {}\n</div>',
        classes,
        field.html_name,
        field.id_for_label,
        field.label,
        field,
        errors_html(messages),
    )
