"""Build the CSV and Excel files the center would upload."""

import csv
import io

from openpyxl import Workbook

SCHOOL_HEADER = ["學校代碼", "學校名稱", "行政區", "學習階段", "班級數", "策略聯盟工作圈"]
ACCOUNT_HEADER = ["帳號", "姓名", "e-mail", "角色", "學校代碼", "密碼"]


def csv_bytes(rows: list[list], *, encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list], *, percent_columns: tuple[int, ...] = ()) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for column in percent_columns:
        for cells in sheet.iter_rows(min_row=2, min_col=column + 1, max_col=column + 1):
            for cell in cells:
                cell.number_format = "0.0%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
