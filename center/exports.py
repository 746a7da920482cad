"""The center's filtered application list as .xlsx: one row per application, numbers as numbers,
typed text as text (core.xlsx), the filter it was made with in the header."""

import io

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.xlsx import as_text, streamed_row

from .selectors import ApplicationFilter, filtered_applications

HEADERS = [
    (_("序"), 6),
    (_("學校代碼"), 10),
    (_("學校"), 18),
    (_("行政區"), 10),
    (_("社群名稱"), 30),
    (_("社群類型"), 20),
    (_("同校/跨校"), 9),
    (_("學年/學科/領域"), 14),
    (_("召集人"), 10),
    (_("狀態"), 24),
    (_("申請經費(元)"), 13),
    (_("核定金額(元)"), 13),
    (_("審查委員"), 24),
    (_("送出日期"), 12),
]
MONEY = "#,##0"


def applications_filename(program) -> str:
    return _("%(year)s學年度社群申請案件.xlsx") % {"year": program.academic_year}


def applications_xlsx(filters: ApplicationFilter) -> bytes:
    """Written as it is read (a write-only workbook, the rows read in chunks): the whole year is
    a country's 30,000 applications."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("申請案件"))
    sheet.oddHeader.center.text = _("%(city)s %(year)s學年度 教師專業學習社群申請案件") % {
        "city": settings.PLATFORM_CITY,
        "year": filters.program.academic_year,
    }
    sheet.oddFooter.center.text = "&P / &N"
    sheet.page_setup.orientation = "landscape"
    sheet.freeze_panes = "A2"
    for index, (_title, width) in enumerate(HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    header = []
    for index, (title, _width) in enumerate(HEADERS, start=1):
        cell = as_text(Cell(sheet, row=1, column=index, value=str(title)))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEF2F7")
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        header.append(cell)
    sheet.append(header)

    applications = (
        filtered_applications(filters)
        .select_related("school", "school__district", "community_type", "convenor", "domain")
        .prefetch_related("review_assignments__reviewer")
    )
    for number, application in enumerate(applications.iterator(chunk_size=2000), start=1):
        row = streamed_row(
            sheet,
            [
                number,
                application.school.code,
                application.school.name,
                application.school.district.name,
                application.display_name,
                str(application.community_type) if application.community_type else "",
                _("跨校") if application.is_cross_school else _("同校"),
                application.domain.name if application.domain else "",
                application.convenor.name or application.convenor.username,
                str(application.status_label),
                application.requested_total if application.requests_budget is not False else 0,
                application.approved_amount,
                "、".join(
                    f"{a.reviewer.name or a.reviewer.username}({a.get_stage_display()})"
                    for a in application.review_assignments.all()
                ),
                timezone.localtime(application.submitted_at).date()
                if application.submitted_at
                else None,
            ],
        )
        for column in (10, 11):  # 申請經費, 核定金額
            if row[column] is not None:
                row[column] = _formatted(sheet, column + 1, row[column], MONEY)
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _formatted(sheet, column: int, value, number_format: str) -> Cell:
    cell = Cell(sheet, row=1, column=column, value=value)
    cell.number_format = number_format
    return cell
