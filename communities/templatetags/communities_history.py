"""{% history_rows transitions %}: a 流程紀錄 table's rows, written in one pass.

Each row reads its time in Taiwan, the action's words, both states' labels and who acted; through
the template engine (and get_FOO_display, which rebuilds the state choices for every call) a
dozen rows cost 1–3 ms of a page, written here a fraction of it."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.forms import escaped
from core.templatetags.roc import roc_datetime

from .. import workflow

register = template.Library()


@register.simple_tag
def history_rows(transitions, *, phone: bool = False, nowrap: bool = False) -> SafeString:
    """The <tr>s of ``transitions`` (each with its ``by`` read): time, action, from → to, who,
    comment. ``phone``: each cell carries its column's name (data-label, for the cards a phone
    shows); ``nowrap``: the time is kept on one line."""
    states = {key: escape(label) for key, label in workflow.status_labels().items()}
    if phone:
        names = escaped(
            {
                "at": _("時間"),
                "action": _("動作"),
                "state": _("狀態"),
                "by": _("執行者"),
                "comment": _("意見"),
            }
        )
        at, action, state, by, comment = (f' data-label="{names[key]}"' for key in names)
    else:
        at = action = state = by = comment = ""
    if nowrap:
        at += ' class="nowrap"'
    rows = []
    for t in transitions:
        who = t.by.name or t.by.username
        rows.append(
            f"<tr><td{at}>{roc_datetime(t.at)}</td><td{action}>{escape(t.action_label)}</td>"
            f"<td{state}>{states.get(t.from_status, escape(t.from_status))} → "
            f"{states.get(t.to_status, escape(t.to_status))}</td><td{by}>{escape(who)}</td>"
            f'<td{comment} class="pre">{escape(t.comment)}</td></tr>'
        )
    return mark_safe("\n      ".join(rows))  # noqa: S308 - every value above is escaped
