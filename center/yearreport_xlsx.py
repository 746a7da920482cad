"""The year report as .xlsx (center.yearreport): a sheet per school, one per community type,
each with its 合計 row, and the cases themselves, so that each total can be checked against the
rows it sums. Cells are written through core.xlsx (typed text stays text, numbers numbers)."""

import io

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.roc import roc_date
from core.xlsx import append_row
from programs.models import ProgramYear

from .yearreport import Case, Tally, year_report

MONEY = "#,##0"
HOURS = "0.0"
HEADING_FILL = PatternFill("solid", fgColor="EEF2F7")


def _figure_headers() -> list[tuple[str, int, str]]:
    """(title, width, number format) of the figures every sheet shows."""
    return [
        (_("社群數"), 8, "0"),
        (_("結案數"), 8, "0"),
        (_("成員人次"), 9, "0"),
        (_("參與教師(不重複)"), 11, "0"),
        (_("核定金額(元)"), 13, MONEY),
        (_("實支金額(元)"), 13, MONEY),
        (_("結餘(元)"), 12, MONEY),
        (_("辦理場次"), 9, "0"),
        (_("公開授課"), 9, "0"),
        (_("研習時數"), 10, HOURS),
    ]


def _figures(row: Tally) -> list:
    return [
        row.communities,
        row.closed,
        row.members,
        row.teachers,
        row.approved,
        row.spent,
        row.balance,
        row.sessions,
        row.public_lessons,
        float(row.hours),
    ]


def _sheet(workbook: Workbook, title: str, program: ProgramYear, headers: list) -> Worksheet:
    sheet = workbook.create_sheet(title)
    sheet.oddHeader.center.text = _(
        "%(city)s %(year)s學年度 教師專業學習社群年度報告 %(title)s"
    ) % {
        "city": settings.PLATFORM_CITY,
        "year": program.academic_year,
        "title": title,
    }
    sheet.oddFooter.center.text = "&P / &N"
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.freeze_panes = "A2"
    append_row(sheet, [header[0] for header in headers])
    for index, (_title, width, _format) in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = HEADING_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    return sheet


def _write(sheet: Worksheet, headers: list, values: list, *, bold: bool = False) -> None:
    row = append_row(sheet, values)
    for index, (_title, _width, number_format) in enumerate(headers, start=1):
        cell = sheet.cell(row=row, column=index)
        if number_format:
            cell.number_format = number_format
        if bold:
            cell.font = Font(bold=True)
            cell.fill = HEADING_FILL


def _case_values(case: Case) -> list:
    application = case.application
    return [
        application.school.code,
        application.school.name,
        application.display_name,
        str(application.community_type) if application.community_type else "",
        application.convenor.name or application.convenor.username,
        str(application.status_label),
        case.members,
        case.approved,
        case.spent,
        case.balance,
        case.sessions,
        case.public_lessons,
        float(case.hours),
    ]


def year_report_xlsx(*, program: ProgramYear) -> bytes:
    report = year_report(program=program)
    figures = _figure_headers()
    workbook = Workbook()
    workbook.remove(workbook.active)

    school_headers = [(_("學校代碼"), 10, ""), (_("學校"), 20, ""), *figures]
    sheet = _sheet(workbook, _("各校"), program, school_headers)
    for row in report.by_school:
        _write(sheet, school_headers, [row.code, row.label, *_figures(row)])
    _write(sheet, school_headers, ["", report.total.label, *_figures(report.total)], bold=True)

    type_headers = [(_("社群類型"), 28, ""), *figures]
    sheet = _sheet(workbook, _("各類型"), program, type_headers)
    for row in report.by_type:
        _write(sheet, type_headers, [row.label, *_figures(row)])
    _write(sheet, type_headers, [report.total.label, *_figures(report.total)], bold=True)

    case_headers = [
        (_("學校代碼"), 10, ""),
        (_("學校"), 18, ""),
        (_("社群名稱"), 30, ""),
        (_("社群類型"), 22, ""),
        (_("召集人"), 10, ""),
        (_("狀態"), 24, ""),
        (_("成員人數"), 9, "0"),
        (_("核定金額(元)"), 13, MONEY),
        (_("實支金額(元)"), 13, MONEY),
        (_("結餘(元)"), 12, MONEY),
        (_("辦理場次"), 9, "0"),
        (_("公開授課"), 9, "0"),
        (_("研習時數"), 10, HOURS),
    ]
    sheet = _sheet(workbook, _("各社群"), program, case_headers)
    for case in report.cases:
        _write(sheet, case_headers, _case_values(case))
    total = report.total
    _write(
        sheet,
        case_headers,
        [
            "",
            "",
            total.label,
            "",
            "",
            "",
            total.members,
            total.approved,
            total.spent,
            total.balance,
            total.sessions,
            total.public_lessons,
            float(total.hours),
        ],
        bold=True,
    )

    notes = workbook.create_sheet(_("說明"))
    for line in (
        _("%(city)s %(year)s學年度 教師專業學習社群年度報告（%(day)s 產生）")
        % {
            "city": settings.PLATFORM_CITY,
            "year": program.academic_year,
            "day": roc_date(timezone.localdate()),
        },
        _(
            "社群：複審通過(核定)以後的申請（含成果報告審核中與結案_可彙整），依主辦學校與社群類型合計。"
        ),
        _(
            "實支、辦理場次、公開授課與研習時數取自已送出的成果報告書；尚未送出者實支以 0 計，結餘即核定金額。"
        ),
        _("結餘＝核定金額－實支金額；實支含依場次日期費率計算的二代健保補充保費。"),
        _(
            "研習時數：每位成員出席之已辦理場次時數合計；參與教師以同校同名者為同一人（不重複計算）。"
        ),
    ):
        append_row(notes, [line])
    notes.column_dimensions["A"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
