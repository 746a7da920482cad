"""The summary pages cost the same number of SQL queries for 5 or 500 applications."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import Application
from people.tests.factories import SchoolFactory
from summaries.models import SchoolPackage
from summaries.services import package_upload
from testsupport.shared import fresh, open_program, shared_data

from .builders import bulk_applications, pdf_upload, weak

pytestmark = pytest.mark.django_db

PAGES = [
    "summaries:application_summary",
    "summaries:application_summary_xlsx",
    "summaries:budget_summary",
    "summaries:budget_summary_xlsx",
    "summaries:case_query",
]
MAX_QUERIES = 18  # session, user, messages, school, years, the summary itself


def _count(client, url: str) -> int:
    """The queries of a request once the year's rules are read (programs.rulecache keeps them
    per process, after the first request that needs them)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture(scope="class")
def counted(django_db_setup, django_db_blocker):
    """A school (a 會考待加強 domain, a partner school) with 5 applications, each page's query
    count then, and the school grown to 500 applications: built once for the class's tests."""
    from people.tests.factories import UserFactory

    with shared_data(django_db_blocker):
        program = open_program()
        school = SchoolFactory(name="市立下營國中", class_count=14)
        admin = UserFactory(school_admin=True, school=school, name="李承辦")
        weak(school, "數學", 107, "60")
        partner = SchoolFactory()
        client = Client()
        client.force_login(admin)
        bulk_applications(program=program, school=school, partner=partner, count=5)
        few = {name: _count(client, reverse(name)) for name in PAGES}
        bulk_applications(program=program, school=school, partner=partner, count=495, start=5)
        yield school, admin, few


class TestSummaryPages:
    @pytest.mark.parametrize("name", PAGES)
    def test_run_a_constant_number_of_queries(self, client, counted, name):
        school, admin, few = counted
        client.force_login(fresh(admin))
        assert few[name] <= MAX_QUERIES

        assert Application.objects.filter(school=school).count() == 500
        many = _count(client, reverse(name))
        assert many <= MAX_QUERIES

        assert many == few[name]


def test_partner_schools_summary_is_constant_too(client, program):
    from people.tests.factories import UserFactory

    lead = SchoolFactory()
    partner = SchoolFactory()
    partner_admin = UserFactory(school_admin=True, school=partner)
    client.force_login(partner_admin)
    url = reverse("summaries:application_summary")

    bulk_applications(program=program, school=lead, partner=partner, count=14)
    few = _count(client, url)
    bulk_applications(program=program, school=lead, partner=partner, count=486, start=14)
    many = _count(client, url)
    assert many <= MAX_QUERIES

    assert many == few


def test_summary_page_with_a_signed_summary_is_constant_too(admin_client, program, school, admin):
    """The uploaded summary's printed version is matched and compared with a fixed cost."""
    partner = SchoolFactory()
    url = reverse("summaries:application_summary")
    bulk_applications(program=program, school=school, partner=partner, count=5)
    printed = admin_client.get(reverse("printing:school_applications")).content
    package_upload(school=school, program=program, upload=pdf_upload(content=printed), by=admin)
    assert SchoolPackage.objects.get().print_code

    few = _count(admin_client, url)
    assert few <= MAX_QUERIES
    bulk_applications(program=program, school=school, partner=partner, count=495, start=5)
    many = _count(admin_client, url)
    assert many <= MAX_QUERIES

    assert many == few
    assert "本校申請總表於列印後已有變動" in admin_client.get(url).content.decode()
