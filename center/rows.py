"""The application list's table rows and their 移除 forms, written in one pass.

Fifty rows of nine cells, each with its reviewers, cost the template engine ~23 ms at a
country's size (a variable lookup, a filter and an escape per value, a {% csrf_token %} per 移除
form); written here they cost ~7 ms. The markup is the one the list's template wrote."""

from django.middleware.csrf import get_token
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.forms import escaped
from core.links import url_for_pk
from core.roc import money

from .selectors import ListRow


def _reviewers(row: ListRow, labels: dict) -> str:
    cells = []
    for assignment in row.assignments:
        submitted = assignment.is_done
        cells.append(
            f'<span class="reviewer">{escape(assignment.reviewer)}'
            f'<span class="hint">（{escape(assignment.stage_label)}'
            f"{'・' + labels['submitted'] if submitted else ''}）</span>"
            + (
                ""
                if submitted
                else f' <button type="submit" form="remove-{assignment.pk}" class="link small">'
                f"{labels['remove']}</button>"
            )
            + "</span>"
        )
    return "".join(cells) or f'<span class="muted">{labels["none"]}</span>'


def application_rows(rows: list[ListRow]) -> SafeString:
    """The list's <tr>s: rows as list_page_rows reads them (school and district, type,
    convenor, reviewers with their reviews)."""
    labels = escaped(
        {
            "school": _("學校"),
            "name": _("社群名稱"),
            "type": _("類型"),
            "convenor": _("召集人"),
            "status": _("狀態"),
            "requested": _("申請經費"),
            "approved": _("核定金額"),
            "reviewers": _("審查委員"),
            "cross": _("跨校"),
            "submitted": _("已送出"),
            "remove": _("移除"),
            "none": _("(尚未指定)"),
        }
    )
    decide = url_for_pk("reviews:decide")
    cross = f' <span class="tag">{labels["cross"]}</span>'
    lines = []
    for a in rows:
        requested = "0" if a.requests_budget is False else money(a.requested_total)
        pick = _("勾選「%(name)s」") % {"name": a.display_name}
        lines.append(
            f'<tr id="application-{a.pk}">'
            f'<td class="pick"><input type="checkbox" name="applications" value="{a.pk}" '
            f'id="app-{a.pk}" aria-label="{escape(pick)}">'
            f"</td>"
            f'<td data-label="{labels["school"]}">{escape(a.school)}<br>'
            f'<span class="hint">{escape(a.district)}</span></td>'
            f'<td data-label="{labels["name"]}" class="name">'
            f'<a href="{decide(a.pk)}">{escape(a.display_name)}</a>'
            f"{cross if a.is_cross_school else ''}"
            f"</td>"
            f'<td data-label="{labels["type"]}">'
            f"{escape(a.community_type)}</td>"
            f'<td data-label="{labels["convenor"]}">'
            f"{escape(a.convenor)}</td>"
            f'<td data-label="{labels["status"]}"><span class="status s-{escape(a.status)}">'
            f"{escape(a.status_label)}</span></td>"
            f'<td class="num" data-label="{labels["requested"]}">{requested}</td>'
            f'<td class="num" data-label="{labels["approved"]}">'
            f"{money(a.approved_amount) or '—'}</td>"
            f'<td class="reviewers" data-label="{labels["reviewers"]}">'
            f"{_reviewers(a, labels)}</td>"
            f"</tr>"
        )
    return mark_safe("\n".join(lines))


def remove_forms(request, rows: list[ListRow]) -> SafeString:
    """The 移除 buttons' forms (outside the 指定審查 form, which holds the table): one per
    assignment whose review is not submitted."""
    token = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
    )
    back = format_html('<input type="hidden" name="back" value="{}">', request.get_full_path())
    unassign = url_for_pk("center:unassign")
    forms = [
        f'<form method="post" action="{unassign(assignment.pk)}" id="remove-{assignment.pk}" '
        f'class="inline">{token}{back}</form>'
        for a in rows
        for assignment in a.assignments
        if not assignment.is_done
    ]
    return mark_safe("".join(forms))
