"""Template access to the 經費概算表 and the signed documents, for snippets included by other
pages (progress, detail, printing): {% load communities_budget %}."""

from django import template

from ..budget import BudgetSheet, budget_sheet
from ..documents import DocumentSlot, document_slots, upload_limit_text

register = template.Library()


@register.simple_tag
def application_budget(application) -> BudgetSheet:
    """{% application_budget application as budget %}: the computed estimate (5 queries)."""
    return budget_sheet(application=application)


@register.simple_tag
def signed_documents(application, known=None) -> list[DocumentSlot]:
    """{% signed_documents application as slots %}: each form needing a signed copy, and its copy
    (``known``: the slots the page has read already, when it has; a page without them passes
    the template engine's empty string)."""
    return known or document_slots(application=application)


@register.simple_tag
def upload_limits(application) -> str:
    """{% upload_limits application %} → 限制PDF，檔案限制 2MB，附件總數為一個檔案"""
    return upload_limit_text(program=application.program)


@register.filter
def quantity(value) -> str:
    """{{ row.quantity|quantity }}: 2.0 → 2, 1.5 → 1.5, None → ''."""
    if value is None:
        return ""
    return f"{value.normalize():f}"
