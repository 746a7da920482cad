"""The 成果報告書 and the lists of reports cost a fixed number of queries whatever the number of
sessions, members and reports: the form (GET), 儲存 (the form posted back as loaded: nothing
changed, nothing written), the school's and the center's lists and 研習時數."""

import pytest
from django.urls import reverse

from communities import workflow
from outcomes.models import Report
from outcomes.services import report_add_session, report_start
from people.tests.factories import UserFactory
from testsupport.flow import application_in, center_user
from testsupport.html import form_values
from testsupport.reports import bulk_reports

pytestmark = pytest.mark.django_db

# On SQLite, the test's savepoints included: the form 12 (it was 18 before an opened report was
# read without a transaction and with its application, the 實支 once, and the budget items and
# 補充保費 rates from the year's kept rules), 儲存 24 (it was 32).
REPORT_QUERIES = 12
SAVE_QUERIES = 24


def _report_of(program, *, members: int, extra_sessions: int):
    application = application_in(workflow.APPROVED, program, members=members)
    report_start(application=application, by=application.convenor)
    for _n in range(extra_sessions):
        report_add_session(application=application, by=application.convenor)
    return application


def _costs(client, application, django_assert_max_num_queries) -> tuple[int, int]:
    client.force_login(application.convenor)
    url = reverse("outcomes:report", args=[application.pk])
    client.get(url)  # the sign-in's own first-request bookkeeping behind
    with django_assert_max_num_queries(REPORT_QUERIES) as shown:
        page = client.get(url)
    data = {**form_values(page.content.decode(), form_id="report-form"), "action": "save"}
    with django_assert_max_num_queries(SAVE_QUERIES) as saved:
        response = client.post(url, data)
    assert response.status_code == 302
    return len(shown.captured_queries), len(saved.captured_queries)


def test_the_form_and_its_save_cost_the_same_for_6_sessions_or_40(
    client, program, django_assert_max_num_queries
):
    small = _report_of(program, members=3, extra_sessions=0)
    large = _report_of(program, members=12, extra_sessions=34)
    assert Report.objects.get(application=large).sessions.count() == 40

    shown_large, saved_large = _costs(client, large, django_assert_max_num_queries)
    shown_small, saved_small = _costs(client, small, django_assert_max_num_queries)
    assert shown_large <= shown_small
    assert saved_large <= saved_small


LISTS = ["outcomes:reports", "outcomes:hours", "outcomes:hours_xlsx"]


def _list_costs(client, user, django_assert_max_num_queries) -> dict[str, int]:
    client.force_login(user)
    client.get(reverse("portal:role_home"))  # the sign-in's own first-request bookkeeping behind
    costs = {}
    for name in LISTS:
        with django_assert_max_num_queries(20) as done:
            assert client.get(reverse(name)).status_code == 200
        costs[name] = len(done.captured_queries)
    return costs


def test_the_lists_cost_the_same_for_5_closed_cases_or_60(
    client, program, django_assert_max_num_queries
):
    few = bulk_reports(program, count=5, prefix="few")
    center = center_user()
    center_few = _list_costs(client, center, django_assert_max_num_queries)
    school_few = _list_costs(
        client, UserFactory(school_admin=True, school=few), django_assert_max_num_queries
    )

    many = bulk_reports(program, count=60, prefix="many")
    assert Report.objects.count() == 65

    assert _list_costs(client, center, django_assert_max_num_queries) == center_few
    assert (
        _list_costs(
            client, UserFactory(school_admin=True, school=many), django_assert_max_num_queries
        )
        == school_few
    )


def test_the_reports_list_is_counted_over_the_applications_alone(
    client, program, django_assert_max_num_queries
):
    """Its pages are counted without the schools' join the rows' order needs: at a country's
    size the joined count took 8 ms, the plain one under one."""
    bulk_reports(program, count=5, prefix="few")
    client.force_login(center_user())

    with django_assert_max_num_queries(20) as done:
        client.get(reverse("outcomes:reports"), {"status": "closed"})

    counts = [q["sql"] for q in done.captured_queries if "COUNT(*)" in q["sql"]]
    counted = [sql for sql in counts if "communities_application" in sql]
    assert counted and all("JOIN" not in sql for sql in counted)


# 審核結案 (the center's check of a report sent on by its school), on SQLite: 12 (13 before the
# report was read with its application).
CHECK_QUERIES = 12


def test_the_centers_check_costs_the_same_for_6_sessions_or_20(
    client, program, django_assert_max_num_queries
):
    center = center_user()
    costs = []
    for members, sessions in ((3, 6), (12, 20)):
        application = application_in(
            workflow.REPORT_FORWARDED, program, members=members, sessions=sessions
        )
        client.force_login(center)
        url = reverse("outcomes:decide", args=[application.pk])
        client.get(url)  # the sign-in's own first-request bookkeeping behind
        with django_assert_max_num_queries(CHECK_QUERIES) as shown:
            page = client.get(url)
        assert application.name in page.content.decode()
        costs.append(len(shown.captured_queries))
    assert costs[0] == costs[1]
