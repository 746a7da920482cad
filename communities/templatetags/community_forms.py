from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


def errors_html(errors) -> str:
    """The messages of a field as communities/_errors.html writes them."""
    if not errors:
        return ""
    return format_html(
        '<ul class="errorlist">{}</ul>', format_html_join("", "<li>{}</li>", ((e,) for e in errors))
    )


@register.simple_tag
def field(bound_field, css: str = ""):
    """A form field with its messages right beside it, anchored for the problem summary. Written
    here rather than by an included template: a 社群申請書 has some eighty of them, and a
    template each cost a fifth of the page's time."""
    errors = bound_field.errors
    classes = "fld" + (" has-error" if errors else "") + (f" {css}" if css else "")
    return format_html(
        '<div class="{}" id="f-{}">{}{}</div>\n',
        classes,
        bound_field.html_name,
        bound_field,
        errors_html(errors),
    )


@register.simple_tag
def form_row(form, number):
    """One row of the member or schedule table (communities.forms.RowForm): its number, an input
    per field with its messages beside it, and 刪除; the markup communities/_row.html wrote
    (ten rows of it were an eighth of the 社群申請書's time)."""
    from django.utils.translation import gettext as _

    hidden = format_html_join("", "{}", ((h,) for h in form.hidden_fields()))
    center = mark_safe(' class="center"')
    cells = format_html_join(
        "\n  ",
        "<td{}>{}</td>",
        (
            (center if bound.widget_type == "checkbox" else "", field(bound))
            for bound in form.visible_fields()
            if bound.name != "DELETE"
        ),
    )
    checked = " checked" if "DELETE" in form.fields and form["DELETE"].value() else ""
    return format_html(
        '<tr class="row{}">\n  <td class="num">{}{}</td>\n  {}\n  <td class="delete">'
        '<label class="delete-toggle"><input type="checkbox" name="{}-DELETE" id="id_{}-DELETE"'
        ' aria-label="{}"{}> {}</label></td>\n</tr>\n',
        " row-error" if form.errors else "",
        number,
        hidden,
        cells,
        form.prefix,
        form.prefix,
        form.delete_label(),
        checked,
        _("刪除"),
    )


def _check_text(obj, text: str) -> str:
    if text == "code_label":
        return escape(f"{obj.code}{obj.label}")
    if text == "name":
        return escape(obj.name)
    return escape(obj.label)


@register.simple_tag
def check_rows(rows, name: str, *, text: str = "label", other=None, sep: str = ""):
    """A list's boxes (rows of the form's checkbox_rows: value, obj, checked), each in its
    <label>: the text ``text`` names ("label", "code_label", "name": then also as data-name),
    the 必要 tag of a required one, and after a choice that allows text the ``other`` field.
    Written here rather than by a template loop: the 社群申請書 has some seventy boxes."""
    from django.utils.translation import gettext as _

    required = None
    written = []
    for row in rows:
        obj = row["obj"]
        label = _check_text(obj, text)
        data = f' data-name="{label}"' if text == "name" else ""
        checked = " checked" if row["checked"] else ""
        tag = ""
        if getattr(obj, "required", False):
            required = required or escape(_("必要"))
            tag = f' <span class="tag required">{required}</span>'
        box = (
            f'<label><input type="checkbox" name="{escape(name)}" value="{escape(row["value"])}"'
            f"{data}{checked}> {label}{tag}</label>"
        )
        if other is not None and obj.allows_text:
            box += field(other, "other-text")
        written.append(box)
    return mark_safe(sep.join(written))  # noqa: S308 - every value above is escaped


@register.filter
def yes_no(value) -> str:
    from django.utils.translation import gettext as _

    if value is None:
        return ""
    return _("是") if value else _("否")
