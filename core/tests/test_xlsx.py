"""Export rows: what a user typed is text, numbers and dates stay what they are, on an ordinary
sheet (append_row) and on a write-only one (streamed_row), and append_row tells the row it
wrote without asking the sheet for its last row."""

import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from core.xlsx import append_row, streamed_row

TYPED = ["=HYPERLINK(1)", "+886", "-1", "@me", "#N/A", "數學社群"]


def _read(workbook) -> list:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return load_workbook(buffer).active


def test_append_row_keeps_what_was_typed_and_says_which_row():
    workbook = Workbook()
    sheet = workbook.active
    assert append_row(sheet, ["標題"]) == 1
    assert append_row(sheet, [*TYPED, 3000, date(2020, 9, 16)]) == 2
    assert append_row(sheet, []) == 2  # nothing written: the last row

    read = _read(workbook)
    row = [read.cell(row=2, column=n) for n in range(1, 9)]
    assert [cell.value for cell in row[:6]] == TYPED
    assert {cell.data_type for cell in row[:6]} == {"s"}
    assert row[6].value == 3000 and row[6].data_type == "n"
    assert row[7].is_date


@pytest.mark.parametrize("value", TYPED)
def test_a_streamed_row_keeps_what_was_typed(value):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("研習時數")
    sheet.append(streamed_row(sheet, [value, 2.0, date(2020, 9, 16)]))

    read = _read(workbook)
    typed, hours, day = (read.cell(row=1, column=n) for n in (1, 2, 3))
    assert typed.value == value and typed.data_type == "s"
    assert hours.value == 2.0 and day.is_date and day.number_format == "yyyy-mm-dd"
