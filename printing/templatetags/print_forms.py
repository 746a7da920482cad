from django import template

register = template.Library()

CHECKED = "☑"
UNCHECKED = "☐"


@register.filter
def box(checked) -> str:
    """{{ check.checked|box }} → ☑ or ☐, as on the paper form (the CJK font has no ballot boxes;
    the print stylesheet's next font, DejaVu Sans, draws them)."""
    return CHECKED if checked else UNCHECKED


@register.simple_tag
def print_status(document):
    """{% print_status document as status %}: which printed version an uploaded signed PDF is."""
    from printing.selectors import print_status_for_document

    return print_status_for_document(document=document)
