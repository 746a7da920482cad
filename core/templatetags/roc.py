from django import template
from django.utils import timezone

from core import roc

register = template.Library()


@register.filter
def roc_date(value):
    """{{ day|roc_date }} → 109/09/15"""
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return roc.roc_date(value)


@register.filter
def roc_datetime(value):
    """{{ moment|roc_datetime }} → 109/09/15 14:30"""
    if value is None:
        return ""
    value = timezone.localtime(value)
    return f"{roc.roc_date(value)} {value:%H:%M}"


@register.filter
def money(value):
    """{{ amount|money }} → 12,345"""
    return roc.money(value)
