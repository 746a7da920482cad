"""The reviewer's 審查表 page costs the same SQL queries for an application of 6 rows or 40 and
for 5 other assignments or 500; saving a review and moving an application read no row again."""

import pytest
from django.urls import reverse

from communities import workflow
from communities.services import application_transition
from people.tests.factories import UserFactory
from reviews.models import ReviewAssignment
from reviews.selectors import criteria_for
from summaries.tests.builders import bulk_applications
from testsupport.flow import application_in, declare_no_conflict, school_admin_of, submit_review

pytestmark = pytest.mark.django_db

# The page's first visit in the process, the year's rules read with it (14 once they are kept).
REVIEW_QUERIES = 25


def _page_queries(client, reviewer, application, max_queries) -> int:
    client.force_login(reviewer)
    client.get(reverse("portal:role_home"))  # the first request's sign-in bookkeeping behind
    with max_queries(REVIEW_QUERIES) as queries:
        response = client.get(reverse("reviews:review", args=[application.pk]))
    assert response.status_code == 200
    assert application.name in response.content.decode()
    return len(queries)


def _assign_others(program, reviewer, count: int, start: int) -> None:
    from people.tests.factories import SchoolFactory

    school, partner = SchoolFactory(), SchoolFactory()
    bulk_applications(program=program, school=school, partner=partner, count=count, start=start)
    others = school.applications.order_by("-pk")[:count]
    ReviewAssignment.objects.bulk_create(
        ReviewAssignment(application=a, program=program, reviewer=reviewer) for a in others
    )


def test_the_review_page_costs_the_same_for_6_rows_or_40(
    client, program, django_assert_max_num_queries
):
    reviewer = UserFactory(reviewer=True)
    counts = []
    for rows in (6, 40):
        application = application_in(
            workflow.UNDER_REVIEW, program, name=f"{rows}列的社群", sessions=rows, members=rows
        )
        ReviewAssignment.objects.filter(application=application).update(reviewer=reviewer)
        declare_no_conflict(application, reviewer)
        counts.append(_page_queries(client, reviewer, application, django_assert_max_num_queries))

    assert counts[0] == counts[1]


def test_the_review_page_costs_the_same_for_5_other_assignments_or_500(
    client, program, django_assert_max_num_queries
):
    reviewer = UserFactory(reviewer=True)
    application = application_in(workflow.UNDER_REVIEW, program, name="審查的社群")
    ReviewAssignment.objects.filter(application=application).update(reviewer=reviewer)
    declare_no_conflict(application, reviewer)

    _assign_others(program, reviewer, 5, start=0)
    few = _page_queries(client, reviewer, application, django_assert_max_num_queries)
    _assign_others(program, reviewer, 495, start=5)
    many = _page_queries(client, reviewer, application, django_assert_max_num_queries)

    assert many == few


# A review saved with its score rows, and a transition, read none of the rows their foreign keys
# point at again (full_clean would: a query each). 送出 of a 審查表 of the 109 初審's criteria,
# its 利益迴避聲明 checked, on SQLite: 15 (it was 30); 審核通過 of the school: 8 (it was 14).
SAVE_REVIEW_QUERIES = 15
TRANSITION_QUERIES = 8


def test_saving_a_review_reads_no_row_it_points_at_again(program, django_assert_max_num_queries):
    application = application_in(workflow.UNDER_REVIEW, program, name="審查的社群")
    reviewer = ReviewAssignment.objects.get(application=application).reviewer
    submit_review(application, reviewer, submit=False)  # the draft: its rows exist

    with django_assert_max_num_queries(SAVE_REVIEW_QUERIES):
        review = submit_review(application, reviewer)

    assert review.is_submitted
    assert review.scores.count() == len(
        criteria_for(program=program, stage=workflow.WORKFLOW[workflow.UNDER_REVIEW].review_stage)
    )


def test_a_transition_reads_no_row_it_points_at_again(program, django_assert_max_num_queries):
    application = application_in(workflow.SUBMITTED, program, name="送出的社群")
    admin = school_admin_of(application)

    with django_assert_max_num_queries(TRANSITION_QUERIES):
        application_transition(application=application, action="school_accept", by=admin)

    application.refresh_from_db()
    assert application.status == workflow.SCHOOL_ACCEPTED
