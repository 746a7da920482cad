"""The year's 核定名單: every application the workflow counts as funded (複審通過(核定) and the
states after it), as rows, as .xlsx and as a PDF, for the center to attach to an announcement."""

import io
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from communities import workflow
from communities.models import Application
from core.roc import roc_date
from core.xlsx import append_row
from printing.rendering import render_pdf
from programs.models import ProgramYear

MONEY = "#,##0"


@dataclass(frozen=True)
class ApprovedRow:
    number: int
    school: str
    name: str
    community_type: str
    convenor: str
    amount: int


@dataclass(frozen=True)
class ApprovedList:
    program: ProgramYear
    rows: list[ApprovedRow]

    @property
    def total(self) -> int:
        return sum(row.amount for row in self.rows)

    @property
    def title(self) -> str:
        return _("%(city)s%(year)s學年度教師專業學習社群核定名單") % {
            "city": settings.PLATFORM_CITY,
            "year": self.program.academic_year,
        }

    @property
    def file_stem(self) -> str:
        return _("%(year)s學年度教師專業學習社群核定名單") % {"year": self.program.academic_year}


def approved_list(*, program: ProgramYear) -> ApprovedList:
    """The year's funded applications, by school code, then type and name (one query)."""
    applications = (
        Application.objects.filter(program=program, status__in=workflow.states_where(funded=True))
        .select_related("school", "community_type", "convenor")
        .order_by("school__code", "community_type__number", "name", "pk")
    )
    rows = [
        ApprovedRow(
            number=number,
            school=application.school.name,
            name=application.display_name,
            community_type=application.community_type.name if application.community_type else "",
            convenor=application.convenor.name or application.convenor.username,
            amount=application.approved_amount or 0,
        )
        for number, application in enumerate(applications, start=1)
    ]
    return ApprovedList(program=program, rows=rows)


HEADERS = [
    (_("序"), 6),
    (_("學校"), 20),
    (_("社群名稱"), 34),
    (_("類型"), 20),
    (_("召集人"), 12),
    (_("核定金額(元)"), 15),
]


def approved_list_xlsx(listing: ApprovedList) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("核定名單")
    sheet.oddFooter.center.text = "&P / &N"
    append_row(sheet, [listing.title])
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    header_row = append_row(sheet, [str(title) for title, _width in HEADERS])
    for index, (_title, width) in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=header_row, column=index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEF2F7")
        cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    for row in listing.rows:
        number = append_row(
            sheet,
            [row.number, row.school, row.name, row.community_type, row.convenor, row.amount],
        )
        sheet.cell(row=number, column=len(HEADERS)).number_format = MONEY
    total = append_row(
        sheet,
        [
            _("合計 %(count)d 個社群") % {"count": len(listing.rows)},
            "",
            "",
            "",
            "",
            listing.total,
        ],
    )
    sheet.merge_cells(start_row=total, start_column=1, end_row=total, end_column=len(HEADERS) - 1)
    for index in range(1, len(HEADERS) + 1):
        sheet.cell(row=total, column=index).font = Font(bold=True)
    sheet.cell(row=total, column=len(HEADERS)).number_format = MONEY
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def approved_list_html(listing: ApprovedList) -> str:
    return render_to_string(
        "portal/approved_list_pdf.html",
        {"listing": listing, "made_on": roc_date(timezone.localdate())},
    )


def approved_list_pdf(listing: ApprovedList) -> bytes:
    """The list laid out by the printing app's renderer, its Noto Sans TC font embedded."""
    return render_pdf(approved_list_html(listing))
