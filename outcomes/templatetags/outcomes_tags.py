from django import template

register = template.Library()


@register.filter
def at(mapping, key):
    """``mapping[key]`` in a template (an empty list when it has none)."""
    if not mapping:
        return []
    return mapping.get(key, [])
