"""Writing .xlsx cells for every export: what a user typed is always text, never a formula.

openpyxl turns any string that begins with "=" into a formula, and a spreadsheet program treats
text beginning with "+", "-", "@", a tab or a carriage return as one when the cell is edited. Every
export writes its rows through ``append_row``, so a 社群名稱 such as ``=HYPERLINK(...)`` is stored as
the characters typed (a text cell, shown with a leading apostrophe in Excel) while numbers and
dates stay numbers and dates.
"""

from collections.abc import Iterable

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

# Characters that make a spreadsheet read the rest of the cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(cell: Cell) -> Cell:
    """Keep a string cell as text whatever it begins with."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def append_row(sheet: Worksheet, values: Iterable) -> int:
    """``Worksheet.append`` with every string stored as text; returns the row's number."""
    values = list(values)
    sheet.append(values)
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            as_text(sheet.cell(row=row, column=column))
    return row
