"""The summary pages cost the same number of SQL queries for 5 or 500 applications."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities import workflow
from communities.models import Application, BudgetLine, Member, SignedDocument
from people.models import Role, User
from people.tests.factories import SchoolFactory
from programs.models import BudgetItem, CommunityType, Domain

from .conftest import weak

pytestmark = pytest.mark.django_db

PAGES = [
    "summaries:application_summary",
    "summaries:application_summary_xlsx",
    "summaries:application_summary_print",
    "summaries:budget_summary",
    "summaries:budget_summary_xlsx",
    "summaries:budget_summary_print",
    "summaries:case_query",
]
MAX_QUERIES = 18  # session, user, messages, school, years, the summary itself
STATUSES = [workflow.SUBMITTED, workflow.SCHOOL_ACCEPTED, workflow.DRAFT, workflow.RETURNED]


def bulk_applications(*, program, school, partner, count: int, start: int = 0) -> None:
    convenors = User.objects.bulk_create(
        User(
            username=f"bulk{start + i}",
            name=f"老師{start + i}",
            role=Role.TEACHER,
            school=school,
            password="!",
        )
        for i in range(count)
    )
    types = list(CommunityType.objects.filter(program=program))
    domains = list(Domain.objects.filter(kind=Domain.Kind.DOMAIN))
    applications = Application.objects.bulk_create(
        Application(
            program=program,
            school=school,
            convenor=convenor,
            name=f"大量社群{start + i}",
            community_type=types[i % len(types)],
            domain=domains[i % len(domains)],
            is_cross_school=i % 7 == 0,
            requests_budget=True,
            status=STATUSES[i % len(STATUSES)],
        )
        for i, convenor in enumerate(convenors)
    )
    items = list(BudgetItem.objects.filter(program=program, number__in=[1, 3, 7]))
    Member.objects.bulk_create(
        Member(application=a, order=k, name=f"成員{k}", school=school)
        for a in applications
        for k in range(3)
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(application=a, item=item, quantity=Decimal(1), unit_price=500, total=500)
        for a in applications
        for item in items
    )
    through = Application.partner_schools.through
    through.objects.bulk_create(
        through(application_id=a.pk, school_id=partner.pk)
        for a in applications
        if a.is_cross_school
    )
    SignedDocument.objects.bulk_create(
        SignedDocument(
            application=a,
            form=SignedDocument.Form.PLAN,
            file=f"signed/2020/{a.pk}.pdf",
            original_name="plan.pdf",
            size=1000,
            sha256="0" * 64,
            uploaded_by=a.convenor,
        )
        for a in applications[::3]
    )


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", PAGES)
def test_summary_pages_run_a_constant_number_of_queries(
    admin_client, program, school, name, django_assert_max_num_queries
):
    weak(school, "數學", 107, "60")
    partner = SchoolFactory()
    url = reverse(name)

    bulk_applications(program=program, school=school, partner=partner, count=5)
    with django_assert_max_num_queries(MAX_QUERIES):
        few = _count(admin_client, url)

    bulk_applications(program=program, school=school, partner=partner, count=495, start=5)
    assert Application.objects.filter(school=school).count() == 500
    with django_assert_max_num_queries(MAX_QUERIES):
        many = _count(admin_client, url)

    assert many == few


def test_partner_schools_summary_is_constant_too(client, program, django_assert_max_num_queries):
    from people.tests.factories import UserFactory

    lead = SchoolFactory()
    partner = SchoolFactory()
    partner_admin = UserFactory(school_admin=True, school=partner)
    client.force_login(partner_admin)
    url = reverse("summaries:application_summary")

    bulk_applications(program=program, school=lead, partner=partner, count=14)
    few = _count(client, url)
    bulk_applications(program=program, school=lead, partner=partner, count=486, start=14)
    with django_assert_max_num_queries(MAX_QUERIES):
        many = _count(client, url)

    assert many == few
