"""On PostgreSQL, the school's summaries read only the school's rows: at a few thousand
applications of many schools, the plan of every query of 申請總表 and 經費總表 (the scope's UNION
first) touches the applications and budget lines by index, never by a scan of them all."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.tests.factories import SchoolFactory
from summaries.selectors import school_budget_summary, school_summary, scope_ids

from .builders import bulk_applications

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the plans of PostgreSQL's planner"
    ),
]
SCHOOLS = 100
PER_SCHOOL = 30  # 3,000 applications, 9,000 budget lines
# A sequential scan of either of these tables reads every school's rows.
WHOLE_TABLE_SCAN = re.compile(
    r"Seq Scan on (communities_application|communities_budgetline)\b(?!_)"
)


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def _scans_of_whole_tables(plan: str) -> list[str]:
    return [line.strip() for line in plan.splitlines() if WHOLE_TABLE_SCAN.search(line)]


@pytest.fixture
def national(program):
    schools = [SchoolFactory() for _ in range(SCHOOLS)]
    for index, school in enumerate(schools):
        bulk_applications(
            program=program,
            school=school,
            partner=schools[(index + 1) % SCHOOLS],
            count=PER_SCHOOL,
            start=index * PER_SCHOOL,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return schools


def test_the_summaries_read_the_school_by_index(program, national):
    school = national[7]
    with CaptureQueriesContext(connection) as scope_queries:
        ids = scope_ids(school=school, program=program)
    assert len(ids) > PER_SCHOOL  # its own and those naming it as a partner
    scope_plan = _plan(scope_queries[-1]["sql"])
    assert "communities_application" in scope_plan
    assert _scans_of_whole_tables(scope_plan) == [], scope_plan

    with CaptureQueriesContext(connection) as queries:
        school_summary(school=school, program=program)
        school_budget_summary(school=school, program=program)
    scans = {
        query["sql"]: _scans_of_whole_tables(plan) + [plan]
        for query in queries
        if query["sql"].lstrip().upper().startswith(("SELECT", "(SELECT"))
        for plan in [_plan(query["sql"])]
        if _scans_of_whole_tables(plan)
    }

    assert scans == {}
