"""The 申請總表 and 經費總表 as .xlsx: Chinese headers, one sheet, numbers as numbers, a totals row.

Only what counts is summed (see ``selectors``); cross-school communities led by other schools are
listed below the totals, marked, for information.
"""

import io
from collections.abc import Callable, Iterable, Sequence

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.xlsx import append_row

from .selectors import ApplicationRow, BudgetRow, SchoolBudgetSummary, SchoolSummary

MONEY = "#,##0"
HEADER_FILL = PatternFill("solid", fgColor="EEF2F7")
TOTAL_FILL = PatternFill("solid", fgColor="F8FAFC")
BOLD = Font(bold=True)


def _sheet(summary: SchoolSummary | SchoolBudgetSummary, title: str) -> tuple[Workbook, Worksheet]:
    """A workbook of one A4 landscape sheet, titled with the city, year, form and school."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.oddHeader.center.text = _(
        "%(city)s %(year)s學年度 教師專業學習社群%(what)s — %(school)s"
    ) % {
        "city": settings.PLATFORM_CITY,
        "year": summary.program.academic_year,
        "what": title,
        "school": summary.school.name,
    }
    sheet.oddFooter.center.text = "&P / &N"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.print_title_rows = "1:1"
    sheet.freeze_panes = "A2"
    return workbook, sheet


def _write_header(sheet: Worksheet, headers: Sequence[str], widths: Sequence[int]) -> None:
    append_row(sheet, headers)
    for index, width in enumerate(widths, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = width


def _append(sheet: Worksheet, values: Iterable, *, money_columns: Iterable[int], bold=False):
    row = append_row(sheet, values)
    for column in money_columns:
        sheet.cell(row=row, column=column).number_format = MONEY
    if bold:
        for cell in sheet[row]:
            cell.font = BOLD
            cell.fill = TOTAL_FILL
    return row


def _local_date(moment):
    return timezone.localtime(moment).date() if moment else None


def _write_rows(
    sheet: Worksheet,
    *,
    rows: Sequence,
    partner_rows: Sequence,
    row_values: Callable[[int, object], list],
    totals: Sequence,
    money_columns: Iterable[int],
    date_column: int | None = None,
) -> None:
    """The rows that count, their 合計 row (``totals`` after 合計 and the count), then the
    cross-school communities other schools lead, under a heading that says they are not summed."""
    money_columns = tuple(money_columns)

    def write(number: int, row) -> None:
        line = _append(sheet, row_values(number, row), money_columns=money_columns)
        if date_column is not None:
            sheet.cell(row=line, column=date_column).number_format = "yyyy-mm-dd"

    for number, row in enumerate(rows, start=1):
        write(number, row)
    _append(
        sheet,
        [_("合計"), _("共 %(count)s 件") % {"count": len(rows)}, *totals],
        money_columns=money_columns,
        bold=True,
    )
    if partner_rows:
        sheet.append([])
        heading = append_row(sheet, [_("本校參與之跨校社群（由主辦學校彙整，不計入本校合計）")])
        sheet.cell(row=heading, column=1).font = BOLD
        for number, row in enumerate(partner_rows, start=1):
            write(number, row)


def _to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def application_summary_xlsx(summary: SchoolSummary) -> bytes:
    """申請總表: the applications that count, a 合計 row, then the partner schools' ones."""
    workbook, sheet = _sheet(summary, _("申請總表"))
    headers = [
        _("序"),
        _("社群名稱"),
        _("社群類型"),
        _("同校/跨校"),
        _("合作學校"),
        _("學年/學科/領域"),
        _("召集人"),
        _("成員數"),
        _("申請經費(元)"),
        _("經費上限(元)"),
        _("狀態"),
        _("送出日期"),
        _("備註"),
    ]
    _write_header(sheet, headers, [5, 28, 20, 9, 20, 14, 10, 8, 13, 13, 22, 12, 30])
    numbers = (8, 9, 10)

    def row_values(number, row: ApplicationRow):
        return [
            number,
            row.name,
            row.community_type,
            row.scope_label,
            "、".join(row.partner_schools),
            row.domain,
            row.convenor,
            row.member_count,
            row.requested,
            row.ceiling,
            row.status_label,
            _local_date(row.submitted_at),
            row.note,
        ]

    _write_rows(
        sheet,
        rows=summary.counted_rows,
        partner_rows=summary.partner_rows,
        row_values=row_values,
        totals=[
            *[""] * 5,
            summary.member_total,
            summary.requested_total,
            summary.ceiling_total,
            *[""] * 3,
        ],
        money_columns=numbers,
        date_column=12,
    )
    return _to_bytes(workbook)


def budget_summary_xlsx(budget: SchoolBudgetSummary) -> bytes:
    """經費總表: each application's amount per budget item, a 合計 row, the partner schools' rows."""
    workbook, sheet = _sheet(budget, _("經費總表"))
    item_headers = [column.label for column in budget.columns]
    headers = [
        _("序"),
        _("社群名稱"),
        _("召集人"),
        _("社群類型"),
        _("同校/跨校"),
        *item_headers,
        _("合計(元)"),
        _("經費上限(元)"),
        _("備註"),
    ]
    first_money = 6
    last_money = first_money + len(budget.columns) + 1
    _write_header(sheet, headers, [5, 26, 10, 18, 9, *([12] * len(budget.columns)), 12, 12, 30])
    money_columns = range(first_money, last_money + 1)

    def row_values(number, row: BudgetRow):
        app = row.application
        note = app.note
        if row.is_over_ceiling:
            note = (note + " " if note else "") + _("超過經費上限")
        return [
            number,
            app.name,
            app.convenor,
            app.community_type,
            app.scope_label,
            *row.amounts,
            row.total,
            row.ceiling,
            note,
        ]

    _write_rows(
        sheet,
        rows=budget.rows,
        partner_rows=budget.partner_rows,
        row_values=row_values,
        totals=[
            *[""] * 3,
            *(item.total for item in budget.item_totals),
            budget.total,
            budget.ceiling_total,
            "",
        ],
        money_columns=money_columns,
    )
    return _to_bytes(workbook)
