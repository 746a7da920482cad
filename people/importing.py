"""The center's school and account lists (CSV or Excel .xlsx), imported all or nothing.

Every row is checked in full; when any row is bad nothing is imported and each bad row is reported
with its number as the spreadsheet shows it (the header is row 1), the column and the reason.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from programs.models import Domain, Stage

from .auditing import acting_as
from .models import AllianceCircle, District, ExamWeakness, Role, School, User
from .services import user_apply_role

MAX_FILE_BYTES = 5 * 1024 * 1024
ACCEPTED_EXTENSIONS = (".csv", ".xlsx")

# Schools file
SCHOOL_CODE = "學校代碼"
SCHOOL_NAME = "學校名稱"
DISTRICT = "行政區"
STAGE = "學習階段"
CLASSES = "班級數"
CIRCLE = "策略聯盟工作圈"
SCHOOL_COLUMNS = [SCHOOL_CODE, SCHOOL_NAME, DISTRICT, STAGE, CLASSES, CIRCLE]
SCHOOL_REQUIRED = [SCHOOL_CODE, SCHOOL_NAME, DISTRICT, STAGE, CLASSES]
WEAKNESS_PREFIX = "待加強"
WEAKNESS_HEADER = re.compile(r"^待加強_(?P<domain>[^_]+)_(?P<year>\d{2,3})$")
# The words schools use for the 會考 subjects, mapped to the curriculum's domain names.
DOMAIN_ALIASES = {"國文": "國語文", "英語": "英語文", "英文": "英語文"}
SCHOOL_FIELD_COLUMNS = {
    "code": SCHOOL_CODE,
    "name": SCHOOL_NAME,
    "district": DISTRICT,
    "stage": STAGE,
    "class_count": CLASSES,
    "alliance_circle": CIRCLE,
}

# Accounts file
USERNAME = "帳號"
PERSON_NAME = "姓名"
EMAIL = "e-mail"
ROLE = "角色"
PASSWORD = "密碼"
# Optional: 以教育雲端帳號登入 links a school admin by school code and 職稱 (signin.identities).
TITLE = "職稱"
ACCOUNT_COLUMNS = [USERNAME, PERSON_NAME, EMAIL, ROLE, SCHOOL_CODE, PASSWORD, TITLE]
ACCOUNT_REQUIRED = [USERNAME, PERSON_NAME, EMAIL, ROLE, SCHOOL_CODE]
HEADER_ALIASES = {"email": EMAIL, "電子郵件": EMAIL, "電子信箱": EMAIL}
ROLE_ALIASES = {
    "個人帳號": Role.TEACHER,
    "召集人": Role.TEACHER,
    "學校帳號": Role.SCHOOL_ADMIN,
    "學校承辦": Role.SCHOOL_ADMIN,
    "中心端": Role.CENTER,
    "審查": Role.REVIEWER,
}
USER_FIELD_COLUMNS = {
    "username": USERNAME,
    "name": PERSON_NAME,
    "email": EMAIL,
    "role": ROLE,
    "school": SCHOOL_CODE,
    "password": PASSWORD,
    "title": TITLE,
}


@dataclass(frozen=True)
class RowError:
    row: int | None  # as the spreadsheet numbers it (header = 1); None: the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        where = _("檔案") if self.row is None else _("第 %(row)d 列") % {"row": self.row}
        column = f"「{self.column}」" if self.column else ""
        return f"{where}{column}：{self.message}"


@dataclass
class ImportResult:
    filename: str
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors if e.row is not None})


class ImportFileError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row number, header → cell text)


# Reading ------------------------------------------------------------------------------------


def read_table(*, file, filename: str) -> Table:
    """The first sheet (or the CSV) as text cells; row 1 is the header."""
    lower = (filename or "").lower()
    if not lower.endswith(ACCEPTED_EXTENSIONS):
        raise ImportFileError(_("只接受 CSV(.csv)或 Excel(.xlsx)檔案。"))
    data = file.read(MAX_FILE_BYTES + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(_("檔案超過 5MB，請分批匯入。"))
    if not data:
        raise ImportFileError(_("檔案是空的。"))
    raw_rows = _xlsx_rows(data) if lower.endswith(".xlsx") else _csv_rows(data)
    if not raw_rows or not any(cell for cell in raw_rows[0]):
        raise ImportFileError(_("第 1 列必須是欄位名稱。"))
    headers = [_header(cell) for cell in raw_rows[0]]
    while headers and not headers[-1]:
        headers.pop()
    rows = []
    for number, cells in enumerate(raw_rows[1:], start=2):
        if not any(cells):
            continue  # blank lines at the end of a sheet are not rows
        cells = list(cells) + [""] * (len(headers) - len(cells))
        rows.append((number, {h: cells[i] for i, h in enumerate(headers) if h}))
    return Table(headers=headers, rows=rows)


def _header(text: str) -> str:
    text = re.sub(r"\s+", "", text.replace("\ufeff", ""))
    return HEADER_ALIASES.get(text.lower(), EMAIL if text.lower() == EMAIL else text)


def _csv_rows(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp950"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("無法辨識檔案的文字編碼，請另存為 UTF-8 或 Big5 編碼的 CSV。"))
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    except csv.Error as error:
        raise ImportFileError(_("CSV 格式有誤：%(error)s") % {"error": error}) from error


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken or renamed file
        raise ImportFileError(
            _("無法讀取 Excel 檔案，請確認是 .xlsx 格式且未損毀或加密。")
        ) from error
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(cell) for cell in row] for row in sheet.iter_rows()]
    finally:
        workbook.close()


def _cell_text(cell) -> str:
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        if "%" in (getattr(cell, "number_format", "") or ""):
            value = value * 100  # a cell shown as 52.3% holds 0.523
        value = round(value, 6)
        if float(value).is_integer():
            return str(int(value))
        return format(Decimal(str(value)).normalize(), "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


# Checking helpers ---------------------------------------------------------------------------


def _missing_columns(table: Table, required: list[str]) -> list[RowError]:
    return [
        RowError(1, column, _("缺少必要欄位。"))
        for column in required
        if column not in table.headers
    ]


def _duplicate_headers(table: Table) -> list[RowError]:
    seen, errors = set(), []
    for header in table.headers:
        if header and header in seen:
            errors.append(RowError(1, header, _("欄位名稱重複。")))
        seen.add(header)
    return errors


def _unused_columns(table: Table, known: list[str]) -> list[str]:
    return [h for h in table.headers if h and h not in known and not h.startswith(WEAKNESS_PREFIX)]


def _validation_errors(row: int, error: ValidationError, columns: dict[str, str]) -> list[RowError]:
    errors = []
    for name, messages in error.message_dict.items():
        column = "" if name == NON_FIELD_ERRORS else columns.get(name, name)
        errors.extend(RowError(row, column, message) for message in messages)
    return errors


def _key_and_required_errors(
    number: int, row: dict[str, str], *, key: str, required: list[str], first_row_of: dict
) -> list[RowError]:
    """A row's key column repeating an earlier row's, and its empty required columns.
    ``first_row_of`` (key value → row number) is filled as rows are read."""
    errors = []
    value = row.get(key, "")
    if value and value in first_row_of:
        errors.append(
            RowError(
                number,
                key,
                _("%(column)s「%(value)s」與第 %(row)d 列重複。")
                % {"column": key, "value": value, "row": first_row_of[value]},
            )
        )
    elif value:
        first_row_of[value] = number
    errors += [
        RowError(number, column, _("此欄必填。")) for column in required if not row.get(column)
    ]
    return errors


def _positive_int(text: str) -> int | None:
    return int(text) if text.isdigit() and int(text) > 0 else None


def _percent(text: str) -> Decimal | None:
    try:
        value = Decimal(text.rstrip("%").strip())
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0 or value > 100:
        return None
    return value


def _finish(result: ImportResult) -> ImportResult:
    if result.errors:
        # Nothing of a file with a bad row stays: undo the rows already written.
        transaction.set_rollback(True)
        result.created = result.updated = 0
        result.notes = []
    return result


# Schools ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeaknessColumn:
    header: str
    domain: Domain
    academic_year: int


def _weakness_columns(table: Table) -> tuple[list[WeaknessColumn], list[RowError]]:
    domains = {d.name: d for d in Domain.objects.filter(kind=Domain.Kind.DOMAIN)}
    columns, errors = [], []
    for header in table.headers:
        if not header.startswith(WEAKNESS_PREFIX):
            continue
        match = WEAKNESS_HEADER.match(header)
        if not match:
            errors.append(
                RowError(
                    1,
                    header,
                    _("會考待加強欄位名稱應為「待加強_領域_學年度」，例如 待加強_數學_106。"),
                )
            )
            continue
        name = DOMAIN_ALIASES.get(match["domain"], match["domain"])
        if name not in domains:
            errors.append(
                RowError(
                    1,
                    header,
                    _("查無領域「%(name)s」；可用的領域：%(names)s。")
                    % {"name": match["domain"], "names": "、".join(domains)},
                )
            )
            continue
        columns.append(WeaknessColumn(header, domains[name], int(match["year"])))
    return columns, errors


def _read_into(result: ImportResult, *, file, filename: str) -> Table | None:
    """The file's table, or None with the reason it cannot be read recorded in ``result``."""
    try:
        return read_table(file=file, filename=filename)
    except ImportFileError as error:
        result.errors.append(RowError(None, "", error.message))
        return None


@transaction.atomic
def schools_import(*, file, filename: str, by: User | None) -> ImportResult:
    """Create or update schools (by 學校代碼) and their 會考待加強 figures from a list."""
    result = ImportResult(filename=filename)
    table = _read_into(result, file=file, filename=filename)
    if table is None:
        return result
    weakness_columns, header_errors = _weakness_columns(table)
    result.errors += _missing_columns(table, SCHOOL_REQUIRED) + _duplicate_headers(table)
    result.errors += header_errors
    if result.errors:
        return result
    if not table.rows:
        result.errors.append(RowError(None, "", _("檔案中沒有資料列。")))
        return result

    districts = {d.name: d for d in District.objects.all()}
    stages = {}
    stage_list = list(Stage.objects.all())
    for stage in stage_list:
        stages[stage.name] = stages[stage.code] = stage
    stage_names = "、".join(stage.name for stage in stage_list)
    circles = {c.name: c for c in AllianceCircle.objects.all()}
    codes = [row.get(SCHOOL_CODE, "") for _n, row in table.rows]
    existing = {s.code: s for s in School.objects.filter(code__in=codes)}
    first_row_of: dict[str, int] = {}
    new_circles: list[str] = []

    with acting_as(by):
        for number, row in table.rows:
            code = row.get(SCHOOL_CODE, "")
            errors = _key_and_required_errors(
                number, row, key=SCHOOL_CODE, required=SCHOOL_REQUIRED, first_row_of=first_row_of
            )
            district = districts.get(row.get(DISTRICT, ""))
            if row.get(DISTRICT) and district is None:
                errors.append(
                    RowError(
                        number,
                        DISTRICT,
                        _("查無行政區「%(name)s」，請填寫完整名稱，例如 東區、新營區。")
                        % {"name": row[DISTRICT]},
                    )
                )
            stage = stages.get(row.get(STAGE, ""))
            if row.get(STAGE) and stage is None:
                errors.append(
                    RowError(
                        number,
                        STAGE,
                        _("學習階段應為 %(names)s 之一。") % {"names": stage_names},
                    )
                )
            class_count = _positive_int(row.get(CLASSES, ""))
            if row.get(CLASSES) and class_count is None:
                errors.append(RowError(number, CLASSES, _("班級數須為正整數。")))
            figures = []
            for column in weakness_columns:
                text = row.get(column.header, "")
                value = _percent(text) if text else None
                if text and value is None:
                    errors.append(
                        RowError(number, column.header, _("待加強比率須為 0 到 100 之間的數字。"))
                    )
                figures.append((column, value))
            if errors:
                result.errors += errors
                continue

            circle = None
            circle_name = row.get(CIRCLE, "")
            if circle_name:
                circle = circles.get(circle_name)
                if circle is None:
                    circle = AllianceCircle(name=circle_name)
                    try:
                        circle.full_clean()
                    except ValidationError as error:
                        result.errors += _validation_errors(number, error, {"name": CIRCLE})
                        continue
                    circle.save()
                    circles[circle_name] = circle
                    new_circles.append(circle_name)
            school = existing.get(code) or School(code=code)
            created = school.pk is None
            school.name = row[SCHOOL_NAME]
            school.district = district
            school.stage = stage
            school.class_count = class_count
            school.alliance_circle = circle
            try:
                school.full_clean()
            except ValidationError as error:
                result.errors += _validation_errors(number, error, SCHOOL_FIELD_COLUMNS)
                continue
            school.save()
            if created:
                result.created += 1
            else:
                result.updated += 1
            for column, value in figures:
                row_errors = _school_weakness_save(
                    school=school, column=column, value=value, row=number
                )
                result.errors += row_errors

    unused = _unused_columns(table, SCHOOL_COLUMNS)
    if unused:
        result.notes.append(_("未使用的欄位：%(names)s。") % {"names": "、".join(unused)})
    if new_circles:
        result.notes.append(
            _("新增策略聯盟工作圈：%(names)s。") % {"names": "、".join(new_circles)}
        )
    return _finish(result)


def _school_weakness_save(
    *, school: School, column: WeaknessColumn, value: Decimal | None, row: int
) -> list[RowError]:
    """A figure sets the year's share; a blank cell clears a figure recorded before."""
    current = ExamWeakness.objects.filter(
        school=school, domain=column.domain, academic_year=column.academic_year
    ).first()
    if value is None:
        if current is not None:
            current.delete()
        return []
    weakness = current or ExamWeakness(
        school=school, domain=column.domain, academic_year=column.academic_year
    )
    weakness.percent = value
    try:
        weakness.full_clean()
    except ValidationError as error:
        return _validation_errors(row, error, {"percent": column.header})
    weakness.save()
    return []


# Accounts -----------------------------------------------------------------------------------


def _role_lookup() -> dict[str, str]:
    lookup = {str(label): value for value, label in Role.choices}
    lookup.update({value: value for value in Role.values})
    lookup.update({alias: role.value for alias, role in ROLE_ALIASES.items()})
    return lookup


@transaction.atomic
def accounts_import(*, file, filename: str, by: User | None) -> ImportResult:
    """Create or update accounts (by 帳號); a new account without 密碼 cannot sign in yet."""
    result = ImportResult(filename=filename)
    table = _read_into(result, file=file, filename=filename)
    if table is None:
        return result
    result.errors += _missing_columns(table, ACCOUNT_REQUIRED) + _duplicate_headers(table)
    if result.errors:
        return result
    if not table.rows:
        result.errors.append(RowError(None, "", _("檔案中沒有資料列。")))
        return result

    roles = _role_lookup()
    role_names = "、".join(str(label) for _v, label in Role.choices)
    codes = {row.get(SCHOOL_CODE, "") for _n, row in table.rows} - {""}
    schools = {s.code: s for s in School.objects.filter(code__in=codes)}
    usernames = [row.get(USERNAME, "") for _n, row in table.rows]
    existing = {u.username: u for u in User.objects.filter(username__in=usernames)}
    first_row_of: dict[str, int] = {}
    without_password = 0

    with acting_as(by):
        for number, row in table.rows:
            username = row.get(USERNAME, "")
            errors = _key_and_required_errors(
                number,
                row,
                key=USERNAME,
                required=[USERNAME, PERSON_NAME, EMAIL, ROLE],
                first_row_of=first_row_of,
            )
            role = roles.get(row.get(ROLE, ""))
            if row.get(ROLE) and role is None:
                errors.append(
                    RowError(number, ROLE, _("角色應為 %(names)s 之一。") % {"names": role_names})
                )
            code = row.get(SCHOOL_CODE, "")
            school = schools.get(code)
            if code and school is None:
                errors.append(
                    RowError(
                        number,
                        SCHOOL_CODE,
                        _("查無學校代碼「%(code)s」，請先匯入學校。") % {"code": code},
                    )
                )
            elif not code and role is not None and role != Role.CENTER:
                errors.append(
                    RowError(number, SCHOOL_CODE, _("教師、學校承辦人與審查委員必須填寫學校代碼。"))
                )
            user = existing.get(username)
            if user is not None and user.is_superuser:
                errors.append(RowError(number, USERNAME, _("此帳號為系統管理者，不可由匯入修改。")))
            if errors:
                result.errors += errors
                continue

            created = user is None
            user = user or User(username=username)
            user.name = row[PERSON_NAME]
            user.email = row[EMAIL]
            user.role = role
            user.school = school
            # A file without the column leaves the titles the accounts have.
            if TITLE in table.headers:
                user.title = row.get(TITLE, "")
            password = row.get(PASSWORD, "")
            if password:
                try:
                    validate_password(password, user)
                except ValidationError as error:
                    result.errors += [RowError(number, PASSWORD, m) for m in error.messages]
                    continue
                user.set_password(password)
            elif created:
                user.set_unusable_password()
                without_password += 1
            try:
                user.full_clean()
            except ValidationError as error:
                result.errors += _validation_errors(number, error, USER_FIELD_COLUMNS)
                continue
            user.save()
            user_apply_role(user=user)
            if created:
                result.created += 1
            else:
                result.updated += 1

    unused = _unused_columns(table, ACCOUNT_COLUMNS)
    if unused:
        result.notes.append(_("未使用的欄位：%(names)s。") % {"names": "、".join(unused)})
    if without_password:
        result.notes.append(
            _("%(count)d 個新帳號未提供密碼，目前無法登入；請於管理後台「帳號」為其設定密碼。")
            % {"count": without_password}
        )
    return _finish(result)
