from django import template

register = template.Library()


@register.inclusion_tag("communities/_field.html")
def field(bound_field, css: str = ""):
    """A form field with its messages right beside it, anchored for the problem summary."""
    return {"field": bound_field, "css": css}


@register.filter
def yes_no(value) -> str:
    from django.utils.translation import gettext as _

    if value is None:
        return ""
    return _("是") if value else _("否")
