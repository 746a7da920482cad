"""The center's dashboard: where the year stands, each figure a link to the list behind it."""

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from django.utils import timezone

from communities import workflow
from communities.tests.helpers import NS, Page
from core.roc import roc_date
from people.models import District, ExamWeakness
from people.tests.factories import SchoolFactory, UserFactory
from programs.models import Domain
from reviews.services import review_assign
from testsupport.flow import application_in, complete_application

pytestmark = pytest.mark.django_db

HOME = reverse("center:home")


@pytest.fixture
def center_client(client):
    client.force_login(UserFactory(center=True))
    return client


def links(page: Page, element_id: str) -> dict[str, dict]:
    """The links inside an element: their text → their query parameters."""
    node = page.by_id(element_id)
    found = {}
    for anchor in node.iterfind(".//h:a", NS):
        text = " ".join("".join(anchor.itertext()).split())
        found[text] = parse_qs(urlparse(anchor.get("href")).query)
    return found


def test_counts_by_status_link_to_the_list_of_that_status(center_client, program):
    application_in(workflow.SUBMITTED, program)
    application_in(workflow.SUBMITTED, program)
    application_in(workflow.SENT_TO_CENTER, program)

    page = Page(center_client.get(HOME))

    bars = links(page, "by-status")
    submitted = next(params for text, params in bars.items() if text.startswith("已送出待學校審核"))
    assert submitted["status"] == ["submitted"] and submitted["year"] == ["109"]
    assert "已送出待學校審核 2" in page.text("by-status")
    assert "學校已彙整送中心 1" in page.text("by-status")
    assert "共 3 件" in page.text("by-status")


def test_counts_by_type_and_district(center_client, program):
    east = District.objects.get(name="東區")
    application_in(workflow.SUBMITTED, program, type_number=2, school=SchoolFactory(district=east))

    page = Page(center_client.get(HOME))

    assert "2. 初階學習社群 1" in page.text("by-type")
    assert links(page, "by-district")["東區"]["district"] == [str(east.pk)]


def test_requested_and_approved_money_by_type(center_client, program):
    approved = application_in(workflow.APPROVED, program)
    application_in(workflow.SUBMITTED, program, lines={2: (1, 800)})
    complete_application(program, lines={2: (3, 800)})  # a draft: not yet requested

    page = Page(center_client.get(HOME))

    requested = approved.approved_amount + 800 + round(800 * 0.0191)
    assert page.text("requested-total") == f"{requested:,}"
    assert page.text("approved-total") == f"{approved.approved_amount:,}"


def test_schools_short_of_their_quota_or_a_weak_domain_are_named_and_linked(center_client, program):
    short = SchoolFactory(name="市立未達國中", class_count=14)
    weak = SchoolFactory(name="市立待加強國中", class_count=9)
    ExamWeakness.objects.create(
        school=weak,
        domain=Domain.objects.get(kind="domain", name="數學"),
        academic_year=107,
        percent=55,
    )
    for _ in range(3):
        application_in(workflow.SUBMITTED, program, school=weak, domain_name="國語文")

    page = Page(center_client.get(HOME))

    text = page.text("schools-short")
    assert "市立未達國中" in text and "學年領域學習社群 0 個，至少需 4 個" in text
    assert "市立待加強國中" in text and "會考待加強領域「數學」尚無社群" in text
    summary = links(page, "schools-short")[f"{short.code} 市立未達國中"]
    assert summary["school"] == [str(short.pk)]


def test_reviews_outstanding_per_reviewer(center_client, program):
    reviewer = UserFactory(reviewer=True, name="待審委員")
    center = UserFactory(center=True)
    for _ in range(2):
        review_assign(
            applications=[application_in(workflow.SENT_TO_CENTER, program)],
            reviewers=[reviewer],
            by=center,
        )

    page = Page(center_client.get(HOME))

    assert "待審委員" in page.text("reviewers") and "2 2" in page.text("reviewers")
    assert links(page, "reviewers")["待審委員"]["reviewer"] == [str(reviewer.pk)]


def test_deadlines_with_days_left(center_client, program):
    program.first_review_due = timezone.localdate() + timedelta(days=10)
    program.second_review_due = timezone.localdate() - timedelta(days=2)
    program.save()

    text = Page(center_client.get(HOME)).text("deadlines")

    assert f"初審期限 {roc_date(program.first_review_due)} 剩 10 天" in text
    assert "複審期限" in text and "已過 2 天" in text
    assert "申請截止" in text


@pytest.mark.parametrize("count", [10, 1000])
def test_the_dashboard_runs_a_fixed_number_of_queries(
    center_client, program, count, django_assert_max_num_queries
):
    from summaries.tests.builders import bulk_applications

    bulk_applications(program=program, school=SchoolFactory(), partner=SchoolFactory(), count=count)
    # 22, and 9 for 核定 vs 實支 (center.yearreport.year_spending).
    with django_assert_max_num_queries(31):
        response = center_client.get(HOME)
    assert f"共 {count} 件" in Page(response).text("by-status")


@pytest.mark.parametrize("role", ["teacher", "school_admin", "reviewer"])
def test_only_the_center_sees_the_dashboard(client, role):
    client.force_login(UserFactory(**{role: True}))
    assert client.get(HOME).status_code == 403


def test_the_schools_short_chosen_in_sql_are_the_ones_the_rules_name(program):
    """short_schools (SQL, for the count and the pages) picks exactly the schools schools_short
    (the rules read in Python) tells why: quotas by stage and class count, 會考待加強 domains
    covered or not, counted states only."""
    from center.selectors import schools_short, short_schools

    math = Domain.objects.get(kind="domain", name="數學")
    cases = {
        "未達大校": SchoolFactory(class_count=14),
        "小校": SchoolFactory(class_count=3),
        "待加強未辦": SchoolFactory(class_count=9),
        "待加強已辦": SchoolFactory(class_count=9),
        "草稿不算": SchoolFactory(class_count=9),
    }
    for school in (cases["待加強未辦"], cases["待加強已辦"]):
        ExamWeakness.objects.create(school=school, domain=math, academic_year=107, percent=55)
    ExamWeakness.objects.create(  # below the threshold: not weak
        school=cases["小校"], domain=math, academic_year=107, percent=5
    )
    for _ in range(3):
        application_in(workflow.SUBMITTED, program, school=cases["待加強已辦"], domain_name="數學")
    application_in(workflow.SUBMITTED, program, school=cases["待加強未辦"], domain_name="國語文")
    for _ in range(4):
        complete_application(program, school=cases["草稿不算"])

    in_python = [item.school.pk for item in schools_short(program=program)]
    in_sql = list(short_schools(program=program).values_list("pk", flat=True))

    assert in_sql == in_python
    assert cases["未達大校"].pk in in_sql and cases["草稿不算"].pk in in_sql
    page = schools_short(program=program, schools=short_schools(program=program)[:2])
    assert [item.school.pk for item in page] == in_python[:2]


@pytest.mark.parametrize("count", [5, 120])
def test_the_dashboard_names_20_short_schools_and_counts_them_all(
    center_client, program, count, django_assert_max_num_queries
):
    SchoolFactory.create_batch(count, class_count=14)

    with django_assert_max_num_queries(31):
        page = Page(center_client.get(HOME))

    assert len(page.by_id("schools-short").findall(".//{*}li")) == min(count, 20)
    assert f"共 {count} 校" in page.text("short-title")
    if count > 20:
        assert f"看全部 {count} 校" in page.text("schools-short")
