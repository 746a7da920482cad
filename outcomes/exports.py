"""研習時數 as .xlsx: a row per member and session attended (name, school, 社群, date, hours)."""

from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from core.xlsx import append_row
from people.models import School
from programs.models import ProgramYear

from .selectors import attended_sessions

HEADINGS = [
    gettext_lazy("姓名"),
    gettext_lazy("學校"),
    gettext_lazy("社群"),
    gettext_lazy("日期"),
    gettext_lazy("時數"),
    gettext_lazy("狀態"),
]


def hours_workbook(*, program: ProgramYear, school: School | None = None) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(gettext_lazy("研習時數"))
    append_row(sheet, [str(heading) for heading in HEADINGS])
    for row in attended_sessions(program=program, school=school):
        append_row(
            sheet,
            [row.name, row.school, row.community, row.day, float(row.hours), row.status],
        )
        sheet.cell(row=sheet.max_row, column=4).number_format = "yyyy-mm-dd"
    for letter, width in zip("ABCDEF", (12, 18, 28, 12, 8, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    return workbook
