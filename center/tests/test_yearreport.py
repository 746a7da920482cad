"""The center's year report (.xlsx per school, per type and per case, each with a 合計 row) and
the dashboard's 核定 vs 實支: the totals are the sum of the cases, which are the approved
communities of the year with what their sent 成果報告書 say."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from center.yearreport import year_report, year_spending
from communities import workflow
from communities.tests.helpers import Page
from outcomes.models import Report
from outcomes.selectors import member_hours, report_view
from outcomes.services import report_save
from people.tests.factories import SchoolFactory, UserFactory
from programs.models import ProgramYear
from testsupport.flow import advance, center_user, complete_application, fill_report
from testsupport.reports import bulk_reports

pytestmark = pytest.mark.django_db

YEAR_REPORT = reverse("center:year_report")
HOME = reverse("center:home")


@pytest.fixture(scope="module")
def cases(django_db_setup, django_db_blocker):
    """Two schools, two types: at 甲校 a closed type-1 case and an approved type-2 case without
    a report; at 乙校 a closed type-1 case with one session not held and its own spending, a
    type-2 case whose report was sent (成果報告審核中), and a case still at the school (not
    counted). Built once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        program = ProgramYear.objects.get(academic_year=109)
        program.application_opens_at = timezone.now() - timedelta(days=1)
        program.application_closes_at = timezone.now() + timedelta(days=30)
        program.save()
        first = SchoolFactory(name="市立甲國中", code="990001")
        second = SchoolFactory(name="市立乙國小", code="990002")
        built = {
            "first_closed": advance(
                complete_application(program, school=first, name="甲校數學社群"),
                workflow.CLOSED,
            ),
            "first_approved": advance(
                complete_application(
                    program,
                    school=first,
                    name="甲校初階社群",
                    type_number=2,
                    lines={2: (2, 800)},
                ),
                workflow.APPROVED,
            ),
        }
        second_closed = advance(
            complete_application(program, school=second, name="乙校閱讀社群", members=4),
            workflow.APPROVED,
        )
        report = fill_report(second_closed, fees={2: 1000})
        last = report.sessions.order_by("-number").first()
        second_closed.community_type.min_sessions = 5
        second_closed.community_type.save()
        report_save(
            application=second_closed,
            reflections=report.reflections,
            sessions={last.pk: {"held": False}},
            fees={},
            spending={},
            by=second_closed.convenor,
        )
        built["second_closed"] = advance(second_closed, workflow.CLOSED)
        built["second_sent"] = advance(
            complete_application(program, school=second, name="乙校初階社群", type_number=2),
            workflow.REPORT_REVIEW,
        )
        built["second_submitted"] = advance(
            complete_application(program, school=second, name="乙校送審中社群"),
            workflow.SUBMITTED,
        )
        yield program, {"first": first, "second": second}, built
        transaction.set_rollback(True)


def _spent(application) -> int:
    """What the case's own 成果報告書 shows as spent (outcomes' own sheet)."""
    report = Report.objects.get(application=application)
    return report_view(report=report).sheet.total


def _workbook(client, program):
    client.force_login(center_user())
    response = client.get(YEAR_REPORT, {"year": program.academic_year})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def _rows(sheet) -> dict[str, dict]:
    """A sheet's rows keyed by the text of the column that names them."""
    rows = list(sheet.iter_rows(values_only=True))
    headers = rows[0]
    key = 1 if headers[0] == "學校代碼" else 0
    if "社群名稱" in headers:
        key = headers.index("社群名稱")
    return {row[key]: dict(zip(headers, row, strict=True)) for row in rows[1:]}


def test_a_case_is_each_approved_community_with_its_reports_figures(cases):
    program, schools, built = cases
    report = year_report(program=program)
    by_name = {case.application.name: case for case in report.cases}

    assert set(by_name) == {"甲校數學社群", "甲校初階社群", "乙校閱讀社群", "乙校初階社群"}
    closed = by_name["甲校數學社群"]
    assert (closed.members, closed.sessions, closed.public_lessons) == (3, 6, 1)
    assert closed.hours == Decimal(36)  # 3 members at 6 sessions of 2 hours
    assert closed.spent == _spent(built["first_closed"]) > 0
    assert closed.balance == built["first_closed"].approved_amount - closed.spent
    # One session was not held; 1,000 of fees at 1.91 % (2020-09-10): 19 of premium.
    reading = by_name["乙校閱讀社群"]
    assert (reading.members, reading.sessions, reading.public_lessons) == (4, 5, 1)
    assert reading.hours == Decimal(40)
    assert reading.spent == _spent(built["second_closed"]) == 1019
    # Approved, no report yet: nothing spent, the whole amount left.
    approved = by_name["甲校初階社群"]
    assert (approved.spent, approved.sessions, approved.hours) == (0, 0, Decimal(0))
    assert approved.balance == built["first_approved"].approved_amount
    sent = by_name["乙校初階社群"]
    assert sent.reported and not sent.closed and sent.sessions == 6


def test_the_totals_are_the_sum_of_the_cases(cases):
    program, schools, built = cases
    report = year_report(program=program)
    funded = [built[k] for k in ("first_closed", "first_approved", "second_closed", "second_sent")]
    spent = sum(_spent(a) for a in funded if a.status != workflow.APPROVED)
    hours = sum((m.hours for m in member_hours(program=program)), Decimal(0))

    total = report.total
    assert total.communities == 4 and total.closed == 2
    assert total.approved == sum(a.approved_amount for a in funded)
    assert total.spent == spent
    assert total.balance == total.approved - spent
    assert total.sessions == 6 + 5 + 6
    assert total.public_lessons == 3
    assert total.hours == hours == Decimal(36 + 40 + 36)
    assert total.members == 3 + 3 + 4 + 3
    # 甲校's two communities share 成員1 and 成員2 (same names, same school): 4 teachers.
    by_school = {row.label: row for row in report.by_school}
    assert by_school["市立甲國中"].teachers == 4
    assert by_school["市立甲國中"].members == 6
    for field in ("communities", "approved", "spent", "sessions", "public_lessons", "hours"):
        assert sum(getattr(row, field) for row in report.by_school) == getattr(total, field)
        assert sum(getattr(row, field) for row in report.by_type) == getattr(total, field)
    by_type = {row.label: row for row in report.by_type}
    assert by_type["1. 學年領域學習社群"].communities == 2
    assert by_type["2. 初階學習社群"].communities == 2
    assert by_type["3. 進階學習社群"].communities == 0


def test_the_workbook_has_a_sheet_per_school_type_and_case_with_totals(client, cases):
    program, schools, built = cases
    workbook = _workbook(client, program)
    assert workbook.sheetnames == ["各校", "各類型", "各社群", "說明"]
    report = year_report(program=program)

    schools_sheet = _rows(workbook["各校"])
    assert schools_sheet["市立甲國中"]["社群數"] == 2
    assert schools_sheet["市立甲國中"]["學校代碼"] == "990001"
    assert schools_sheet["市立乙國小"]["實支金額(元)"] == report.by_school[1].spent
    total = schools_sheet["合計"]
    assert total["核定金額(元)"] == report.total.approved
    assert total["實支金額(元)"] == report.total.spent
    assert total["結餘(元)"] == report.total.balance
    assert total["研習時數"] == 112
    for column in ("社群數", "核定金額(元)", "實支金額(元)", "結餘(元)", "辦理場次", "公開授課"):
        assert total[column] == sum(
            r[column] for name, r in schools_sheet.items() if name != "合計"
        )

    types_sheet = _rows(workbook["各類型"])
    assert types_sheet["合計"]["實支金額(元)"] == report.total.spent
    assert types_sheet["2. 初階學習社群"]["社群數"] == 2

    case_sheet = _rows(workbook["各社群"])
    assert "乙校送審中社群" not in case_sheet
    assert case_sheet["乙校閱讀社群"]["實支金額(元)"] == 1019
    assert case_sheet["乙校閱讀社群"]["狀態"] == "結案_可彙整"
    assert case_sheet["合計"]["結餘(元)"] == sum(
        r["結餘(元)"] for name, r in case_sheet.items() if name != "合計"
    )


def test_typed_names_stay_text_in_the_workbook(client, program):
    advance(
        complete_application(program, name='=HYPERLINK("x")', school=SchoolFactory()),
        workflow.APPROVED,
    )
    workbook = _workbook(client, program)
    cell = next(
        c for row in workbook["各社群"].iter_rows() for c in row if c.value == '=HYPERLINK("x")'
    )
    assert cell.data_type == "s"


def test_the_dashboard_shows_approved_against_spent_by_type(client, cases):
    program, schools, built = cases
    spending = year_spending(program=program)
    report = year_report(program=program)
    assert spending.total.spent == report.total.spent
    assert spending.total.approved == report.total.approved

    client.force_login(center_user())
    page = Page(client.get(HOME, {"year": program.academic_year}))
    text = page.text("spending")
    assert f"{report.total.spent:,}" in page.text("spent-total")
    assert f"{report.total.approved:,}" in page.text("spending-approved-total")
    assert f"{report.total.balance:,}" in page.text("balance-total")
    assert "1. 學年領域學習社群" in text and "2. 初階學習社群" in text
    # Its 產製 buttons ask for the year's files in the background (背景產製檔案).
    asks = {
        (
            form.get("action"),
            tuple(
                sorted(
                    (i.get("name"), i.get("value"))
                    for i in form.iter()
                    if i.get("type") == "hidden" and i.get("name") != "csrfmiddlewaretoken"
                )
            ),
        )
        for form in page.by_id("spending").iter()
        if str(form.tag).endswith("form")
    }
    files = reverse("center:files")
    assert asks == {
        (files, (("kind", "year_report"), ("year", "109"))),
        (files, (("kind", "compendium"), ("year", "109"))),
    }


@pytest.mark.parametrize("count", [5, 60])
def test_the_year_report_and_the_dashboard_run_a_fixed_number_of_queries(
    client, program, count, django_assert_max_num_queries
):
    from summaries.tests.builders import bulk_applications

    bulk_applications(program=program, school=SchoolFactory(), partner=SchoolFactory(), count=count)
    bulk_reports(program)
    client.force_login(UserFactory(center=True))
    with django_assert_max_num_queries(18):
        response = client.get(YEAR_REPORT, {"year": 109})
    rows = _rows(load_workbook(io.BytesIO(response.content))["各社群"])
    bulk = [row for name, row in rows.items() if name.startswith("大量社群")]
    assert len(bulk) == count
    assert all(row["核定金額(元)"] == 3000 and row["辦理場次"] == 2 for row in bulk)
    assert all(row["研習時數"] > 0 and row["實支金額(元)"] > 0 for row in bulk)
    total = year_report(program=program).total
    assert rows["合計"]["實支金額(元)"] == total.spent
    # The dashboard's own figures and, for 核定 vs 實支, the year report's cases without people.
    with django_assert_max_num_queries(31):
        response = client.get(HOME, {"year": 109})
    assert f"{total.spent:,}" in Page(response).text("spent-total")
