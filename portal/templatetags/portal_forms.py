from django import template

register = template.Library()


@register.filter
def marked(field):
    """The field's widget, marked invalid (and pointing at its messages) when it has errors."""
    attrs = {}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        attrs["aria-invalid"] = "true"
        css = field.field.widget.attrs.get("class", "")
        attrs["class"] = f"{css} invalid".strip()
        described.append(f"{field.auto_id}-error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
