"""研習時數 as .xlsx: a row per member and session attended (name, school, 社群, date, hours)."""

import io

from django.utils.translation import gettext, gettext_lazy
from openpyxl import Workbook

from core.xlsx import streamed_row
from people.models import School
from programs.models import ProgramYear

from .selectors import iter_attended_sessions

HEADINGS = [
    gettext_lazy("姓名"),
    gettext_lazy("學校"),
    gettext_lazy("社群"),
    gettext_lazy("日期"),
    gettext_lazy("時數"),
    gettext_lazy("狀態"),
]


def hours_workbook(*, program: ProgramYear, school: School | None = None) -> Workbook:
    """Written as it is read (a write-only workbook, the rows read in chunks): every school's
    is a country's attendances, some 200,000 rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(gettext_lazy("研習時數")))
    for letter, width in zip("ABCDEF", (12, 18, 28, 12, 8, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append(streamed_row(sheet, [str(heading) for heading in HEADINGS]))
    for row in iter_attended_sessions(program=program, school=school):
        sheet.append(
            streamed_row(
                sheet,
                # A date is written as a date (yyyy-mm-dd).
                [row.name, row.school, row.community, row.day, float(row.hours), row.status],
            )
        )
    return workbook


def hours_xlsx(*, program: ProgramYear, school: School | None = None) -> tuple[str, bytes]:
    """The .xlsx of ``school``'s 研習時數 (every school's without one) with its file name, as
    the page exports it and 背景產製檔案 makes it."""
    buffer = io.BytesIO()
    hours_workbook(program=program, school=school).save(buffer)
    name = gettext("%(year)s學年度研習時數") % {"year": program.academic_year}
    if school is not None:
        name += f"_{school.name}"
    return f"{name}.xlsx", buffer.getvalue()
