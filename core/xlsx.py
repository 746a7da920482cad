"""Writing .xlsx cells for every export: what a user typed is always text, never a formula.

openpyxl turns any string that begins with "=" into a formula, and a spreadsheet program treats
text beginning with "+", "-", "@", a tab or a carriage return as one when the cell is edited. Every
export writes its rows through ``append_row``, so a 社群名稱 such as ``=HYPERLINK(...)`` is stored as
the characters typed (a text cell, shown with a leading apostrophe in Excel) while numbers and
dates stay numbers and dates.
"""

from collections.abc import Iterable

from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.worksheet.worksheet import Worksheet

# What an .xlsx is served as.
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Characters that make a spreadsheet read the rest of the cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(cell: Cell) -> Cell:
    """Keep a string cell as text whatever it begins with."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def text_cells(sheet, values: Iterable) -> list[Cell]:
    """The row's cells, every string stored as text, ready for ``sheet.append``."""
    # A place is given for the cell to name itself by; append moves it to its own.
    return [
        as_text(Cell(sheet, row=1, column=column, value=value))
        for column, value in enumerate(values, start=1)
    ]


def streamed_row(sheet, values: Iterable) -> list:
    """A row for a write-only sheet: the values as they are, but a string openpyxl would read
    as a formula or an error code, which goes as a text cell (a write-only sheet takes a value
    more cheaply than a cell)."""
    return [
        as_text(Cell(sheet, row=1, column=column, value=value))
        if isinstance(value, str) and (value.startswith(FORMULA_STARTS) or value in ERROR_CODES)
        else value
        for column, value in enumerate(values, start=1)
    ]


def append_row(sheet: Worksheet, values: Iterable) -> int:
    """``Worksheet.append`` with every string stored as text; returns the row's number. The
    cells are made first and appended as they are: asking the sheet for its last row
    (``max_row``) looks at every cell written so far, which made a long export quadratic."""
    cells = text_cells(sheet, values)
    sheet.append(cells)
    return cells[0].row if cells else sheet.max_row
