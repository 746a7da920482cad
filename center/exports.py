"""The center's filtered application list as .xlsx: one row per application, numbers as numbers,
typed text as text (core.xlsx), the filter it was made with in the header."""

import io

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.xlsx import append_row

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


def applications_xlsx(filters: ApplicationFilter) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("申請案件")
    sheet.oddHeader.center.text = _("%(city)s %(year)s學年度 教師專業學習社群申請案件") % {
        "city": settings.PLATFORM_CITY,
        "year": filters.program.academic_year,
    }
    sheet.oddFooter.center.text = "&P / &N"
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.freeze_panes = "A2"
    append_row(sheet, [title for title, _width in HEADERS])
    for index, (_title, width) in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEF2F7")
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = width

    applications = (
        filtered_applications(filters)
        .select_related("school", "school__district", "community_type", "convenor", "domain")
        .prefetch_related("review_assignments__reviewer")
    )
    for number, application in enumerate(applications.iterator(chunk_size=2000), start=1):
        row = append_row(
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
        for column in (11, 12):
            sheet.cell(row=row, column=column).number_format = MONEY
        sheet.cell(row=row, column=14).number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
