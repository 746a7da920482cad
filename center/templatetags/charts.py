"""Server-drawn charts: bar lengths as a share of the largest value, so a chart reads the same on
screen, on a phone and on paper (no script)."""

from django import template

register = template.Library()


@register.filter
def share(value, largest) -> float:
    """{{ value|share:largest }} → the bar's length in percent (0–100), one decimal."""
    try:
        value, largest = float(value or 0), float(largest or 0)
    except (TypeError, ValueError):
        return 0.0
    if largest <= 0:
        return 0.0
    return round(100 * value / largest, 1)
