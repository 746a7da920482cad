"""The application pages run the same number of queries whatever the number of rows."""

import pytest
from django.urls import reverse

from communities.models import Member, Session
from communities.tests.helpers import ready_application

pytestmark = pytest.mark.django_db

# One bound per page, the same for 6 and for 30 rows (measured: 19, 35 with every rule checked,
# 39 with the budget and the signed documents' print status, 15; the form is the issue's 20).
FORM_QUERIES = 20
CHECK_QUERIES = 38
PROGRESS_QUERIES = 45
DETAIL_QUERIES = 20


def with_rows(program, count: int):
    application = ready_application(program, requests_budget=True, sessions=0, extra_members=0)
    for index in range(count):
        Member.objects.create(
            application=application, order=index + 1, name=f"成員{index}", school=application.school
        )
        Session.objects.create(application=application, number=index + 1, content=f"第{index}場")
    return application


@pytest.mark.parametrize("rows", [6, 30])
def test_form_page_queries_do_not_grow_with_rows(
    client, program, rows, django_assert_max_num_queries
):
    application = with_rows(program, rows)
    client.force_login(application.convenor)
    url = reverse("communities:application_form", args=[application.pk])
    with django_assert_max_num_queries(FORM_QUERIES):
        response = client.get(url)
    assert response.content.decode().count('name="sessions-') >= rows * 8


@pytest.mark.parametrize("rows", [6, 30])
def test_form_check_mode_queries_do_not_grow_with_rows(
    client, program, rows, django_assert_max_num_queries
):
    application = with_rows(program, rows)
    client.force_login(application.convenor)
    url = reverse("communities:application_form", args=[application.pk]) + "?check=1"
    with django_assert_max_num_queries(CHECK_QUERIES):
        response = client.get(url)
    assert "請填寫日期" in response.content.decode()


@pytest.mark.parametrize("rows", [6, 30])
def test_progress_page_queries_do_not_grow_with_rows(
    client, program, rows, django_assert_max_num_queries
):
    application = with_rows(program, rows)
    client.force_login(application.convenor)
    with django_assert_max_num_queries(PROGRESS_QUERIES):
        client.get(reverse("communities:progress", args=[application.pk]))


@pytest.mark.parametrize("rows", [6, 30])
def test_detail_page_queries_do_not_grow_with_rows(
    client, program, rows, django_assert_max_num_queries
):
    application = with_rows(program, rows)
    client.force_login(application.convenor)
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(reverse("communities:detail", args=[application.pk]))
    assert f"第{rows - 1}場" in response.content.decode()
