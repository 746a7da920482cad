"""經費概算表's rows, written in one pass.

A dozen rows, each with its two inputs, their labels, caps and messages, cost the template
engine about a third of the page (a lookup, a filter and an escape per value, a {% trans %} per
label); written here they cost a fraction of it. The markup is the one the form's template
wrote."""

from django.forms import BoundField
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.forms import escaped
from core.roc import money

from ..budget import BudgetSheet


def _text(value) -> str:
    """A value as {{ value|default_if_none:'' }} writes it."""
    return "" if value is None else escape(localize(value))


def _messages(messages) -> str:
    return "".join(f"<li>{escape(m)}</li>" for m in messages)


def _input_attrs(field: BoundField, messages) -> tuple[str, str, str]:
    """The field's id, its invalid class and its aria-invalid."""
    invalid = " invalid" if field.errors else ""
    aria = ' aria-invalid="true"' if messages else ""
    return field.id_for_label, invalid, aria


def budget_form_rows(rows, sheet: BudgetSheet) -> SafeString:
    """The <tbody>s of the form's table: a row per budget item (FormRow: the sheet's row, its two
    bound fields and the messages under each), the 二代健保補充保費 row computed."""
    labels = escaped(
        {
            "quantity": _("數量"),
            "price": _("單價"),
            "total": _("總價"),
            "auto": _("自動計算，不需填寫："),
            "sum": _("項合計"),
            "dollars": _("元"),
            "rounded": _("，四捨五入至元"),
            "note": _("說明："),
        }
    )
    out = []
    for r in rows:
        row = r.row
        item = row.item
        number = _text(item.number)
        name = escape(item.name)
        unit = escape(item.unit)
        not_allowed = f' data-not-allowed="{escape(row.not_allowed)}"' if row.not_allowed else ""
        out.append(
            "\n          \n"
            f'          <tbody class="budget-row{" premium" if row.is_premium else ""}" '
            f'data-item="{number}"\n'
            f'                 data-premium-base="{"1" if item.premium_base else "0"}"\n'
            f'                 data-unit-cap="{_text(row.unit_cap)}" '
            f'data-row-cap="{_text(row.row_cap)}"\n'
            f'                 data-unit="{unit}" data-name="{name}"\n'
            f'                 data-cap-kind="{"fee" if row.cap_is_fee_table else "unit"}" '
            f'data-per-member="{_text(item.cap_per_member)}"{not_allowed}>\n'
            "            <tr>\n"
            f'              <th scope="row" class="item-name">{number}.{name}</th>\n'
            "              "
        )
        hidden = f'<span class="visually-hidden">{number}.{name} </span>'
        if row.is_premium:
            premium = money(sheet.premium)
            bases = "、".join(_text(base.number) for base in sheet.premium_base_items)
            out.append(
                "\n"
                f'                <td class="cell-q"><span class="label-inline">'
                f'{labels["quantity"]}</span> <span class="computed">1</span> '
                f'<span class="unit">{unit}</span></td>\n'
                f'                <td class="cell-p"><span class="label-inline">{labels["price"]}'
                f'</span> <span class="computed" data-role="premium-price">{premium}</span>\n'
                f'                  <div class="hint">{labels["auto"]}{bases}{labels["sum"]} '
                f'<output id="premium-base">{money(sheet.premium_base)}</output> '
                f"{labels['dollars']} × {escape(sheet.premium_rate_text)}{labels['rounded']}"
                "</div></td>\n"
                f'                <td class="cell-t num"><label for="item-{number}-total">'
                f'{hidden}{labels["total"]}</label> <output id="item-{number}-total" '
                f'data-role="total">{premium}</output></td>\n'
                "              "
            )
        else:
            q_id, q_invalid, q_aria = _input_attrs(r.quantity, r.quantity_messages)
            p_id, p_invalid, p_aria = _input_attrs(r.unit_price, r.unit_price_messages)
            total = money(row.total) if row.quantity is not None else ""
            q_warning = "" if r.quantity.errors else " warning"
            p_warning = "" if r.unit_price.errors else " warning"
            caps = row.unit_cap_text
            if row.unit_cap_text and row.row_cap_text:
                caps += "；"
            caps += row.row_cap_text
            out.append(
                "\n"
                '                <td class="cell-q">\n'
                f'                  <label for="{q_id}">{hidden}{labels["quantity"]}</label>\n'
                f'                  <input type="text" name="{r.quantity.html_name}" id="{q_id}" '
                f'value="{_text(r.quantity.value())}" inputmode="decimal" autocomplete="off" '
                f'size="6" class="amount{q_invalid}" data-role="quantity" '
                f'aria-describedby="{q_id}_error"{q_aria}>\n'
                f'                  <span class="unit">{unit}</span>\n'
                f'                  <ul class="errorlist{q_warning}" id="{q_id}_error" '
                f'aria-live="polite">{_messages(r.quantity_messages)}</ul>\n'
                "                </td>\n"
                '                <td class="cell-p">\n'
                f'                  <label for="{p_id}">{hidden}{labels["price"]}</label>\n'
                f'                  <input type="text" name="{r.unit_price.html_name}" '
                f'id="{p_id}" value="{_text(r.unit_price.value())}" inputmode="numeric" '
                f'autocomplete="off" size="8" class="amount{p_invalid}" data-role="price" '
                f'aria-describedby="{p_id}_hint {p_id}_error"{p_aria}>\n'
                f'                  <div class="hint" id="{p_id}_hint">{escape(caps)}</div>\n'
                f'                  <ul class="errorlist{p_warning}" id="{p_id}_error" '
                f'aria-live="polite">{_messages(r.unit_price_messages)}</ul>\n'
                "                </td>\n"
                f'                <td class="cell-t num"><label for="item-{number}-total">'
                f'{hidden}{labels["total"]}</label> <output id="item-{number}-total" '
                f'data-role="total" for="{q_id} {p_id}">{total}</output></td>\n'
                "              "
            )
        note = (
            f'<tr class="note"><td colspan="4">{labels["note"]}{escape(item.note)}</td></tr>'
            if row.show_note
            else ""
        )
        out.append(
            f"\n            </tr>\n            {note}\n          </tbody>\n          \n        "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
