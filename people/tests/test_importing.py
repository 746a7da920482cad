"""Schools and accounts imports: a good file imports; one bad row imports nothing and is named."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from people.importing import accounts_import, schools_import
from people.models import AllianceCircle, ExamWeakness, Role, School, User
from people.tests.factories import SchoolFactory, UserFactory
from people.tests.import_files import ACCOUNT_HEADER, SCHOOL_HEADER, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

WEAK = ["待加強_數學_106", "待加強_英語文_107"]
GOOD_SCHOOLS = [
    SCHOOL_HEADER + WEAK,
    ["214503", "市立六甲國中", "六甲區", "國中", "9", "北區策略聯盟工作圈", "52.3", ""],
    ["214601", "市立下營國小", "下營區", "國小", "12", "", "", ""],
    ["213601", "市立忠孝國中", "東區", "國中", "48", "南區策略聯盟工作圈", "12", "50.5"],
]


def import_schools(data: bytes, filename: str = "schools.csv", by=None):
    return schools_import(file=io.BytesIO(data), filename=filename, by=by)


def import_accounts(data: bytes, filename: str = "accounts.csv", by=None):
    return accounts_import(file=io.BytesIO(data), filename=filename, by=by)


def test_good_schools_csv_imports_every_school_with_its_exam_figures():
    result = import_schools(csv_bytes(GOOD_SCHOOLS))
    assert result.ok, result.errors
    assert (result.created, result.updated) == (3, 0)
    liujia = School.objects.get(code="214503")
    assert liujia.name == "市立六甲國中"
    assert liujia.district.name == "六甲區"
    assert liujia.stage.name == "國中"
    assert liujia.class_count == 9
    assert liujia.alliance_circle.name == "北區策略聯盟工作圈"
    figures = {
        (w.school.code, w.domain.name, w.academic_year): w.percent
        for w in ExamWeakness.objects.select_related("school", "domain")
    }
    assert figures == {
        ("214503", "數學", 106): Decimal("52.30"),
        ("213601", "數學", 106): Decimal("12.00"),
        ("213601", "英語文", 107): Decimal("50.50"),
    }
    assert School.objects.get(code="214601").alliance_circle is None
    assert set(AllianceCircle.objects.values_list("name", flat=True)) == {
        "北區策略聯盟工作圈",
        "南區策略聯盟工作圈",
    }
    assert any("北區策略聯盟工作圈" in note for note in result.notes)


def test_good_schools_xlsx_imports_numbers_and_percent_cells():
    rows = [
        SCHOOL_HEADER + ["待加強_數學_107"],
        [214503, "市立六甲國中", "六甲區", "國中", 9, "北區策略聯盟工作圈", 0.523],
        [214601, "市立下營國小", "下營區", "國小", 12.0, None, None],
    ]
    result = import_schools(xlsx_bytes(rows, percent_columns=(6,)), "schools.xlsx")
    assert result.ok, result.errors
    assert result.created == 2
    assert School.objects.get(code="214601").class_count == 12
    weakness = ExamWeakness.objects.get(school__code="214503")
    assert weakness.percent == Decimal("52.30")


def test_big5_csv_from_an_old_excel_is_read():
    result = import_schools(csv_bytes(GOOD_SCHOOLS, encoding="cp950"))
    assert result.ok, result.errors
    assert School.objects.get(code="213601").name == "市立忠孝國中"


def test_csv_without_bom_is_read():
    result = import_schools(csv_bytes(GOOD_SCHOOLS, encoding="utf-8"))
    assert result.ok, result.errors
    assert School.objects.count() == 3


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_one_bad_row_imports_nothing_and_names_the_row_and_column(fmt):
    rows = [list(r) for r in GOOD_SCHOOLS]
    rows[2][2] = "台北區"  # row 3 of the sheet: an unknown district
    data = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows)
    result = import_schools(data, f"schools.{fmt}")
    assert not result.ok
    assert School.objects.count() == 0
    assert ExamWeakness.objects.count() == 0
    assert AllianceCircle.objects.count() == 0
    assert [(e.row, e.column) for e in result.errors] == [(3, "行政區")]
    assert "台北區" in result.errors[0].message
    assert (result.created, result.updated) == (0, 0)


def test_every_bad_row_is_reported_with_its_reason():
    rows = [
        SCHOOL_HEADER + ["待加強_數學_106"],
        ["214503", "市立六甲國中", "六甲區", "國中", "9", "", "52.3"],
        ["214503", "市立六甲國中", "六甲區", "國中", "9", "", ""],
        ["214604", "", "大內區", "高中", "0", "", "120"],
        ["214605", "市立某國小", "大內區", "國小", "六", "", "abc"],
    ]
    result = import_schools(csv_bytes(rows))
    reported = {(e.row, e.column): e.message for e in result.errors}
    assert "與第 2 列重複" in reported[(3, "學校代碼")]
    assert reported[(4, "學校名稱")] == "此欄必填。"
    assert "國小、國中" in reported[(4, "學習階段")]
    assert reported[(4, "班級數")] == "班級數須為正整數。"
    assert "0 到 100" in reported[(4, "待加強_數學_106")]
    assert reported[(5, "班級數")] == "班級數須為正整數。"
    assert (5, "待加強_數學_106") in reported
    assert result.bad_rows == [3, 4, 5]
    assert School.objects.count() == 0


def test_missing_column_and_unknown_domain_are_reported_on_the_header_row():
    rows = [
        ["學校代碼", "學校名稱", "行政區", "學習階段", "待加強_物理_106"],
        ["214503", "市立六甲國中", "六甲區", "國中", "10"],
    ]
    result = import_schools(csv_bytes(rows))
    reported = {(e.row, e.column): e.message for e in result.errors}
    assert reported[(1, "班級數")] == "缺少必要欄位。"
    assert "查無領域「物理」" in reported[(1, "待加強_物理_106")]
    assert School.objects.count() == 0


@pytest.mark.parametrize(
    ("filename", "data", "reason"),
    [
        ("schools.xls", b"whatever", "只接受 CSV"),
        ("schools.xlsx", b"this is not a zip file", "無法讀取 Excel"),
        ("schools.csv", b"", "檔案是空的"),
        ("schools.csv", "學校代碼".encode("utf-16"), "文字編碼"),
    ],
)
def test_unreadable_files_are_refused_with_the_reason(filename, data, reason):
    result = import_schools(data, filename)
    assert not result.ok
    assert result.errors[0].row is None
    assert reason in result.errors[0].message


def test_existing_school_is_updated_by_code_and_a_blank_figure_clears_the_old_one():
    import_schools(csv_bytes(GOOD_SCHOOLS))
    rows = [
        SCHOOL_HEADER + WEAK,
        ["214503", "市立六甲國中", "六甲區", "國中", "10", "", "", ""],
    ]
    result = import_schools(csv_bytes(rows))
    assert result.ok, result.errors
    assert (result.created, result.updated) == (0, 1)
    school = School.objects.get(code="214503")
    assert school.class_count == 10
    assert school.alliance_circle is None
    assert not ExamWeakness.objects.filter(school=school).exists()
    assert School.objects.count() == 3


# Accounts ------------------------------------------------------------------------------------


@pytest.fixture
def schools():
    return [SchoolFactory(code="214501"), SchoolFactory(code="214602", elementary=True)]


GOOD_ACCOUNTS = [
    ACCOUNT_HEADER,
    ["teacher9", "曾鼎育", "teacher9@example.tw", "教師", "214501", "Strong-pass-109"],
    ["school9", "李承辦", "school9@example.tw", "學校承辦人", "214501", ""],
    ["center9", "林中心", "center9@example.tw", "中心承辦", "", ""],
    ["reviewer9", "陳審查", "reviewer9@example.tw", "reviewer", "214602", ""],
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_good_accounts_file_creates_accounts_with_roles_and_schools(schools, fmt):
    data = csv_bytes(GOOD_ACCOUNTS) if fmt == "csv" else xlsx_bytes(GOOD_ACCOUNTS)
    result = import_accounts(data, f"accounts.{fmt}")
    assert result.ok, result.errors
    assert result.created == 4
    teacher = User.objects.get(username="teacher9")
    assert (teacher.name, teacher.email, teacher.role) == (
        "曾鼎育",
        "teacher9@example.tw",
        "teacher",
    )
    assert teacher.school.code == "214501"
    assert teacher.check_password("Strong-pass-109")
    assert not teacher.is_staff
    school_admin = User.objects.get(username="school9")
    assert school_admin.role == Role.SCHOOL_ADMIN
    assert not school_admin.has_usable_password()
    center = User.objects.get(username="center9")
    assert center.is_staff and center.groups.filter(name="中心承辦").exists()
    assert User.objects.get(username="reviewer9").role == Role.REVIEWER
    assert any("3 個新帳號未提供密碼" in note for note in result.notes)


def test_existing_account_is_updated_and_keeps_its_password(schools):
    user = UserFactory(username="teacher9", school=schools[0])
    rows = [ACCOUNT_HEADER, ["teacher9", "新名字", "new@example.tw", "學校承辦人", "214602", ""]]
    result = import_accounts(csv_bytes(rows))
    assert result.ok, result.errors
    assert (result.created, result.updated) == (0, 1)
    user.refresh_from_db()
    assert (user.name, user.email, user.role, user.school.code) == (
        "新名字",
        "new@example.tw",
        "school_admin",
        "214602",
    )
    assert user.check_password("pw-123456")


def test_the_title_column_sets_titles_and_a_file_without_it_keeps_them(schools):
    admin = UserFactory(username="school9", school_admin=True, school=schools[0], title="教務主任")
    header = [*ACCOUNT_HEADER, "職稱"]
    rows = [
        header,
        ["school9", "李承辦", "school9@example.tw", "學校承辦人", "214501", "", "教學組長"],
        ["school8", "王承辦", "school8@example.tw", "學校承辦人", "214602", ""],
    ]
    assert import_accounts(csv_bytes(rows)).ok
    admin.refresh_from_db()
    assert admin.title == "教學組長"
    assert User.objects.get(username="school8").title == ""

    rows = [ACCOUNT_HEADER, ["school9", "李承辦", "school9@example.tw", "學校承辦人", "214501", ""]]
    result = import_accounts(csv_bytes(rows))
    assert result.ok and not result.notes
    admin.refresh_from_db()
    assert admin.title == "教學組長"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_one_bad_account_row_imports_no_account(schools, fmt):
    rows = [list(r) for r in GOOD_ACCOUNTS]
    rows[4][4] = "999999"  # row 5: a school that does not exist
    data = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows)
    result = import_accounts(data, f"accounts.{fmt}")
    assert [(e.row, e.column) for e in result.errors] == [(5, "學校代碼")]
    assert "查無學校代碼「999999」" in result.errors[0].message
    assert not User.objects.filter(username__endswith="9").exists()


def test_account_rows_are_checked_in_full(schools):
    rows = [
        ACCOUNT_HEADER,
        ["teacher9", "甲", "a@example.tw", "教師", "214501", ""],
        ["teacher9", "乙", "b@example.tw", "教師", "214501", ""],
        ["bad name!", "丙", "not-an-email", "校長", "", ""],
        ["teacher8", "", "", "教師", "", "123"],
    ]
    result = import_accounts(csv_bytes(rows))
    reported = {(e.row, e.column): e.message for e in result.errors}
    assert "與第 2 列重複" in reported[(3, "帳號")]
    assert "教師、學校承辦人、中心承辦、審查委員" in reported[(4, "角色")]
    assert reported[(5, "姓名")] == "此欄必填。"
    assert reported[(5, "e-mail")] == "此欄必填。"
    assert "必須填寫學校代碼" in reported[(5, "學校代碼")]
    assert User.objects.count() == 0


def test_invalid_email_username_and_weak_password_are_refused(schools):
    rows = [
        ACCOUNT_HEADER,
        ["bad name!", "丙", "not-an-email", "教師", "214501", ""],
        ["teacher7", "丁", "d@example.tw", "教師", "214501", "123"],
    ]
    result = import_accounts(csv_bytes(rows))
    columns = {(e.row, e.column) for e in result.errors}
    assert {(2, "帳號"), (2, "e-mail"), (3, "密碼")} <= columns
    assert User.objects.count() == 0


def test_a_superuser_cannot_be_changed_by_import(schools):
    UserFactory(username="root", is_superuser=True)
    rows = [ACCOUNT_HEADER, ["root", "誰", "x@example.tw", "教師", "214501", ""]]
    result = import_accounts(csv_bytes(rows))
    assert [(e.row, e.column) for e in result.errors] == [(2, "帳號")]
    assert User.objects.get(username="root").is_superuser


# Management commands ---------------------------------------------------------------------


def test_import_schools_command_imports_and_reports_counts(tmp_path):
    path = tmp_path / "schools.csv"
    path.write_bytes(csv_bytes(GOOD_SCHOOLS))
    out = io.StringIO()
    call_command("import_schools", str(path), stdout=out)
    assert "新增 3 筆" in out.getvalue()
    assert School.objects.count() == 3


def test_import_schools_command_fails_with_the_row_errors(tmp_path):
    rows = [list(r) for r in GOOD_SCHOOLS]
    rows[3][4] = "-3"
    path = tmp_path / "schools.xlsx"
    path.write_bytes(xlsx_bytes(rows))
    err = io.StringIO()
    with pytest.raises(CommandError, match="未匯入任何資料"):
        call_command("import_schools", str(path), stderr=err)
    assert "第 4 列「班級數」：班級數須為正整數。" in err.getvalue()
    assert School.objects.count() == 0


@pytest.mark.audit
def test_import_accounts_command_records_the_actor(tmp_path, schools):
    center = UserFactory(center=True, username="boss")
    path = tmp_path / "accounts.csv"
    path.write_bytes(csv_bytes(GOOD_ACCOUNTS))
    call_command("import_accounts", str(path), "--by", "boss", stdout=io.StringIO())
    from auditlog.models import LogEntry

    entry = LogEntry.objects.get_for_object(User.objects.get(username="teacher9")).first()
    assert entry.actor == center


def test_import_commands_exit_non_zero_from_the_shell(tmp_path):
    import subprocess
    import sys

    from django.conf import settings

    missing = subprocess.run(
        [sys.executable, "manage.py", "import_accounts", str(tmp_path / "nope.csv")],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert missing.returncode != 0
    assert "找不到檔案" in missing.stderr
