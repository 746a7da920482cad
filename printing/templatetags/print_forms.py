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


@register.simple_tag
def package_print_status(package, summary=None):
    """{% package_print_status package summary=summary as status %}: which printed 申請總表 a
    school's signed summary is; ``summary`` (its school_summary) is not read again when given."""
    from printing.selectors import print_status_for_package

    return print_status_for_package(package=package, summary=summary or None)
