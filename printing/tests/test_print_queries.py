"""Printing the 申請表 and 經費概算表 costs the same SQL queries for 6 rows or 40."""

import pytest
from django.urls import reverse

from communities.tests.helpers import ready_application

pytestmark = pytest.mark.django_db

PRINT_QUERIES = 25


@pytest.mark.parametrize("form", ["plan", "budget"])
def test_printing_costs_the_same_for_6_rows_or_40(
    client, program, form, django_assert_max_num_queries
):
    counts = []
    for rows in (6, 40):
        application = ready_application(
            program, requests_budget=True, sessions=rows, extra_members=rows - 1
        )
        client.force_login(application.convenor)
        client.get(reverse("portal:role_home"))  # the first request's sign-in bookkeeping behind
        url = reverse(f"printing:{form}", args=[application.pk]) + "?format=html"
        with django_assert_max_num_queries(PRINT_QUERIES) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
