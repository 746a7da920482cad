"""What the printed 申請總表 and 經費總表 list and sum, for whom, and at what cost in queries.

The summaries pages' 列印 buttons open these views (?format=html) and their 下載 PDF buttons the
PDF, with the pages' own ?year= / ?school= query."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities import workflow
from communities.models import Application
from people.tests.factories import SchoolFactory, UserFactory
from printing.models import PrintRecord
from summaries.tests.builders import bulk_applications, make_application, weak
from testsupport.shared import fresh, open_program, shared_data

from .conftest import pdf_text

pytestmark = pytest.mark.django_db

FORMS = ["school_applications", "school_budget"]
FORMATS = ["pdf", "html"]
MAX_QUERIES = 18  # session, user, messages, school, year, the summary, the print record


@pytest.fixture
def application(school):
    return make_application(
        school=school,
        name="八年級數學學年社群",
        convenor_name="曾鼎育",
        lines={1: (2, 1600)},
    )


def printed(client, user, form: str, fmt: str, query: str = ""):
    """The text of the PDF or of the print-friendly page, whitespace removed."""
    client.force_login(user)
    url = reverse(f"printing:{form}") + "?" + query
    if fmt == "html":
        url += "&format=html"
    response = client.get(url)
    assert response.status_code == 200
    if fmt == "html":
        assert response["Content-Type"].startswith("text/html")
        text = re.sub(r"<[^>]+>", "", response.content.decode())  # the text, as the PDF's
    else:
        assert response["Content-Type"] == "application/pdf"
        text = pdf_text(response.content)
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("form", FORMS)
def test_school_admin_prints_own_schools_applications(client, admin, application, form, fmt):
    text = printed(client, admin, form, fmt, "year=109")

    assert "八年級數學學年社群" in text
    assert "曾鼎育" in text
    assert PrintRecord.objects.get().school == application.school


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("form", FORMS)
def test_center_prints_a_chosen_schools_applications(client, school, application, form, fmt):
    center = UserFactory(center=True)

    text = printed(client, center, form, fmt, f"year=109&school={school.pk}")

    assert "八年級數學學年社群" in text
    assert "市立下營國中" in text
    record = PrintRecord.objects.get()
    assert (record.school, record.printed_by) == (school, center)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("form", FORMS)
def test_another_schools_applications_never_print(
    client, school, other_school, application, form, fmt
):
    other_admin = UserFactory(school_admin=True, school=other_school)
    client.force_login(other_admin)
    query = f"?school={school.pk}" + ("&format=html" if fmt == "html" else "")

    refused = client.get(reverse(f"printing:{form}") + query)
    own = printed(client, other_admin, form, fmt, "year=109")

    assert refused.status_code == 403
    assert "八年級數學學年社群" not in refused.content.decode()
    assert "八年級數學學年社群" not in own and "曾鼎育" not in own
    assert "市立麻豆國中" in own
    assert list(PrintRecord.objects.values_list("school", flat=True)) == [other_school.pk]


@pytest.mark.parametrize("form", FORMS)
def test_the_center_must_name_a_school(client, program, form):
    client.force_login(UserFactory(center=True))

    assert client.get(reverse(f"printing:{form}") + "?format=html").status_code == 404
    assert client.get(reverse(f"printing:{form}") + "?year=109").status_code == 404


# --- cross-school communities: listed for the partner school, counted by the lead school -------


@pytest.fixture
def shared(school, other_school, no_premium):
    """A cross-school community led by 市立下營國中 with 市立麻豆國中 as its partner school."""
    return make_application(
        school=school,
        name="跨校閱讀社群",
        cross=True,
        partners=[other_school],
        lines={1: (2, 1600), 7: (1, 1000)},
        status=workflow.SCHOOL_ACCEPTED,
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_partner_school_lists_the_shared_community_marked_and_not_counted(
    client, other_school, shared, fmt
):
    partner_admin = UserFactory(school_admin=True, school=other_school)

    applications = printed(client, partner_admin, "school_applications", fmt)
    budget = printed(client, partner_admin, "school_budget", fmt)

    heading = "本校參與之他校跨校社群（跨校・合作學校，由主辦學校彙整，不列入本表合計）"
    for text in (applications, budget):
        assert heading in text
        assert "跨校閱讀社群" in text
    assert "跨校・合作學校（主辦學校：市立下營國中，由主辦學校彙整）" in applications
    assert "4,200" in budget  # its own request is shown in its row…
    assert "合計0個社群" in applications  # …and never summed here
    assert "（尚無列入彙整的申請）" in applications and "（尚無列入彙整的申請）" in budget
    assert "合計0" in budget.replace(",", "")


@pytest.mark.parametrize("fmt", FORMATS)
def test_lead_school_counts_the_shared_community(client, admin, shared, fmt):
    applications = printed(client, admin, "school_applications", fmt)
    budget = printed(client, admin, "school_budget", fmt)

    assert "合計1個社群" in applications
    assert "合作學校：市立麻豆國中" in applications
    assert "本校參與之他校跨校社群" not in applications + budget
    assert "跨校閱讀社群" in budget and "4,200" in budget


# --- query budget ------------------------------------------------------------------------------


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture(scope="class")
def counted(django_db_setup, django_db_blocker):
    """A school (a 會考待加強 domain, a partner school) with 5 applications, each print page's
    query count then, and the school grown to 500 applications: built once for the class."""
    with shared_data(django_db_blocker):
        program = open_program()
        school = SchoolFactory(name="市立下營國中", class_count=14)
        admin = UserFactory(school_admin=True, school=school, name="李承辦")
        weak(school, "數學", 107, "60")
        partner = SchoolFactory()
        client = Client()
        client.force_login(admin)
        bulk_applications(program=program, school=school, partner=partner, count=5)
        few = {form: _count(client, _url(form)) for form in FORMS}
        bulk_applications(program=program, school=school, partner=partner, count=495, start=5)
        yield school, admin, few


def _url(form: str) -> str:
    return reverse(f"printing:{form}") + "?year=109&format=html"


class TestPrintPagesCost:
    @pytest.mark.parametrize("form", FORMS)
    def test_is_a_constant_number_of_queries(
        self, client, program, counted, form, django_assert_max_num_queries
    ):
        school, admin, few = counted
        client.force_login(fresh(admin))
        assert few[form] <= MAX_QUERIES

        assert Application.objects.filter(school=school).count() == 500
        with django_assert_max_num_queries(MAX_QUERIES):
            many = _count(client, _url(form))

        assert many == few[form]


@pytest.fixture(scope="class")
def counted_for_the_partner(django_db_setup, django_db_blocker):
    """A partner school's admin, each print page's query count for them with 14 applications of
    the lead school, and the lead school grown to 500: built once for the class."""
    with shared_data(django_db_blocker):
        program = open_program()
        lead = SchoolFactory()
        partner = SchoolFactory()
        partner_admin = UserFactory(school_admin=True, school=partner)
        client = Client()
        client.force_login(partner_admin)
        bulk_applications(program=program, school=lead, partner=partner, count=14)
        few = {form: _count(client, reverse(f"printing:{form}") + "?format=html") for form in FORMS}
        bulk_applications(program=program, school=lead, partner=partner, count=486, start=14)
        yield partner_admin, few


class TestPartnerSchoolsPrintCost:
    @pytest.mark.parametrize("form", FORMS)
    def test_is_constant_too(
        self, client, program, counted_for_the_partner, form, django_assert_max_num_queries
    ):
        partner_admin, few = counted_for_the_partner
        client.force_login(fresh(partner_admin))
        url = reverse(f"printing:{form}") + "?format=html"

        with django_assert_max_num_queries(MAX_QUERIES):
            many = _count(client, url)

        assert many == few[form]
