"""Long tables' rows written in one pass, with the markup their templates wrote: 案件查詢 (a page
of 100 cases cost the template engine ~35 ms at a country's size, two {% url %} and a dozen
lookups a row; ~4 ms here) and the 申請總表's own and partner rows (three {% url %} a row)."""

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from communities import workflow
from communities.models import UNNAMED
from core.forms import escaped
from core.links import url_for_pk
from core.roc import money


def case_rows(cases, *, show_school: bool, year: int) -> SafeString:
    """The <tr>s of a page of case_list (its CASE_VALUES tuples); with
    ``show_school`` (the center, every school) a first cell links to the school's 申請總表."""
    summary = f"{reverse('summaries:application_summary')}?year={year}&amp;school="
    title = escape(_("檢視該校申請總表"))
    detail = url_for_pk("communities:detail")
    lines = []
    for (
        pk,
        school_id,
        school_name,
        convenor_name,
        convenor_username,
        status,
        name,
        type_number,
        type_name,
    ) in cases:
        school = (
            f'<td><a href="{summary}{school_id}" title="{title}">{escape(school_name)}</a></td>'
            if show_school
            else ""
        )
        kind = (
            f' <span class="hint">{type_number}. {escape(type_name)}</span>'
            if type_number is not None
            else ""
        )
        label = workflow.WORKFLOW[status].label
        lines.append(
            f'<tr data-pk="{pk}">{school}'
            f"<td>{escape(convenor_name or convenor_username)}</td>"
            f'<td><span class="status s-{escape(status)}">{escape(label)}</span>'
            f"</td>"
            f'<td><a href="{detail(pk)}">{escape(name or UNNAMED)}</a>{kind}</td>'
            f"</tr>"
        )
    return mark_safe("\n".join(lines))


def summary_rows(rows, *, can_act: bool) -> SafeString:
    """The 申請總表's <tr>s of the school's own applications (summaries.selectors.ApplicationRow);
    with ``can_act`` (the school's admin) the 學校審核 cell."""
    detail = url_for_pk("communities:detail")
    plan = url_for_pk("communities:document_download", "plan")
    budget = url_for_pk("communities:document_download", "budget")
    review = url_for_pk("summaries:review")
    labels = escaped(
        {
            "reason": _("退回原因："),
            "over": _("超過上限"),
            "plan": _("申請表"),
            "budget": _("經費概算表"),
            "none": _("未上傳"),
            "accept": _("審核"),
            "return": _("退回修正"),
            "partners": _("合作學校："),
        }
    )
    lines = []
    for number, row in enumerate(rows, start=1):
        name = f'<a href="{detail(row.pk)}">{escape(row.name)}</a>'
        if row.note:
            name += f'\n<br><span class="tag">{escape(row.note)}</span>'
        if row.status == "returned" and row.school_comment:
            name += (
                f'\n<br><span class="hint">{labels["reason"]}{escape(row.school_comment)}</span>'
            )
        scope = escape(row.scope_label)
        if row.partner_schools:
            scope += (
                f'<br><span class="hint">{labels["partners"]}'
                f"{escape('、').join(escape(s) for s in row.partner_schools)}</span>"
            )
        requested = money(row.requested)
        if row.is_over_ceiling:
            requested += f'<br><span class="tag over">{labels["over"]} {money(row.ceiling)}</span>'
        documents = []
        if "plan" in row.documents:
            documents.append(f'<a href="{plan(row.pk)}">{labels["plan"]}</a>')
        if "budget" in row.documents:
            documents.append(f'<a href="{budget(row.pk)}">{labels["budget"]}</a>')
        documents = "\n<br>".join(documents) or f'<span class="muted">{labels["none"]}</span>'
        act = ""
        if can_act:
            if row.can_accept:
                act = f'<a class="button primary" href="{review(row.pk)}">{labels["accept"]}</a>'
            elif row.can_return:
                act = f'<a class="button" href="{review(row.pk)}">{labels["return"]}</a>'
            else:
                act = '<span class="muted">—</span>'
            act = f'\n<td class="nowrap">{act}</td>'
        lines.append(
            f'<tr class="{"" if row.counts else "not-counted"}" data-pk="{row.pk}">\n'
            f'<td class="num">{number}</td>\n'
            f'<td class="name">{name}</td>\n'
            f"<td>{escape(row.community_type or '—')}</td>\n"
            f"<td>{scope}</td>\n"
            f'<td class="nowrap">{escape(row.domain or "—")}</td>\n'
            f'<td class="nowrap">{escape(row.convenor)}</td>\n'
            f'<td class="num">{row.member_count}</td>\n'
            f'<td class="num">{requested}</td>\n'
            f'<td class="state"><span class="status s-{escape(row.status)}">'
            f"{escape(row.status_label)}</span></td>\n"
            f'<td class="nowrap">{documents}</td>'
            f"{act}\n</tr>"
        )
    return mark_safe("\n".join(lines))


def partner_summary_rows(rows) -> SafeString:
    """The 申請總表's <tr>s of the cross-school communities other schools lead."""
    detail = url_for_pk("communities:detail")
    tag = escape(_("跨校・合作學校"))
    lines = [
        f'<tr class="not-counted" data-pk="{row.pk}">'
        f'<td><a href="{detail(row.pk)}">{escape(row.name)}</a> <span class="tag cross">{tag}</span></td>\n'
        f"<td>{escape(row.lead_school)}</td>\n<td>{escape(row.community_type)}</td>\n"
        f"<td>{escape(row.domain or '—')}</td>\n<td>{escape(row.convenor)}</td>\n"
        f'<td class="num">{row.member_count}</td>\n<td class="num">{money(row.requested)}</td>\n'
        f'<td class="state"><span class="status s-{escape(row.status)}">'
        f"{escape(row.status_label)}</span></td>\n</tr>"
        for row in rows
    ]
    return mark_safe("\n".join(lines))
