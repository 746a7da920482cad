"""The dashboard's 實支 is what each 成果報告書 stored when it was sent (Report.spent_total),
summed in SQL; a report sent before it was stored has its sheet computed."""

import pytest

from center.yearreport import year_report, year_spending
from communities import workflow
from outcomes.models import Report
from outcomes.selectors import report_view
from people.tests.factories import SchoolFactory
from testsupport.flow import advance, complete_application
from testsupport.reports import bulk_reports

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("stored", [True, False])
def test_the_dashboards_spent_is_each_reports_sheet_stored_or_not(program, stored):
    """實支 on the dashboard sums what each report stored when it was sent; a report sent before
    that was stored has its sheet computed: the same figures as the year report either way."""
    from summaries.tests.builders import bulk_applications

    bulk_applications(program=program, school=SchoolFactory(), partner=SchoolFactory(), count=4)
    bulk_reports(program, store_spent=stored)

    spending, report = year_spending(program=program), year_report(program=program)

    assert spending.total.spent == report.total.spent > 0
    assert spending.total.approved == report.total.approved == 4 * 3000
    assert spending.total.communities == spending.total.reported == spending.total.closed == 4
    assert [(t.label, t.spent) for t in spending.by_type] == [
        (t.label, t.spent) for t in report.by_type
    ]


def test_sending_a_report_stores_its_spent(program):
    """report_submit stores the sheet's 實支 with the report (the dashboard reads it)."""
    application = advance(
        complete_application(program, school=SchoolFactory(), requests_budget=True),
        workflow.REPORT_REVIEW,
    )

    report = Report.objects.get(application=application)
    assert report.spent_total == report_view(report=report).sheet.total
    assert year_spending(program=program).total.spent == report.spent_total
