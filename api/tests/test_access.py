"""Every API endpoint asked with each role's token (and with none, and with a wrong one): allowed
and scoped exactly as the pages are, or refused with 401 / 403 / 404."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from communities import workflow
from outcomes.models import SessionFee, Spending
from people.models import User
from people.tests.factories import SchoolFactory
from programs.models import ProgramYear
from testsupport.flow import application_in, center_user, fill_report, school_admin_of

pytestmark = pytest.mark.django_db

ROLES = ("teacher", "school_admin", "reviewer", "center")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """own: the teacher's application at school A, reviewed by the reviewer (初審退回修正);
    same_school: a colleague's at A (已送出待學校審核); other_school: school B's, approved."""
    with django_db_blocker.unblock(), transaction.atomic():
        program = ProgramYear.objects.get(academic_year=109)
        program.application_opens_at = timezone.now() - timedelta(days=1)
        program.application_closes_at = timezone.now() + timedelta(days=30)
        program.save()
        schools = {"A": SchoolFactory(name="市立甲國中"), "B": SchoolFactory(name="市立乙國中")}
        own = application_in(
            workflow.FIRST_RETURNED, program, school=schools["A"], name="自己的數學社群"
        )
        same = application_in(
            workflow.SUBMITTED, program, school=schools["A"], name="同校的英語社群"
        )
        other = application_in(
            workflow.APPROVED, program, school=schools["B"], name="他校的自然社群"
        )
        fill_report(other)  # its 成果報告書 begun: sessions held, money spent
        users = {
            "teacher": own.convenor,
            "school_admin": school_admin_of(own),
            "reviewer": User.objects.get(review_assignments__application=own),
            "center": center_user(),
        }
        tokens = {role: Token.objects.create(user=user).key for role, user in users.items()}
        yield {
            "program": program,
            "schools": schools,
            "applications": {"own": own, "same_school": same, "other_school": other},
            "users": users,
            "tokens": tokens,
        }
        transaction.set_rollback(True)


def ask(world, role, url, **query):
    headers = {}
    if role == "wrong_token":
        headers["HTTP_AUTHORIZATION"] = "Token 0000000000000000000000000000000000000000"
    elif role != "anonymous":
        headers["HTTP_AUTHORIZATION"] = f"Token {world['tokens'][role]}"
    return Client().get(url, query, **headers)


# Which applications each role reads (as communities.permissions says for the pages).
READS = {
    "teacher": {"own"},
    "school_admin": {"own", "same_school"},
    "reviewer": {"own"},
    "center": {"own", "same_school", "other_school"},
}


@pytest.mark.parametrize("role", ["anonymous", "wrong_token"])
@pytest.mark.parametrize(
    "url",
    [
        "/api/years/",
        "/api/years/109/",
        "/api/schools/",
        "/api/schools/1/",
        "/api/schools/1/summary/",
        "/api/applications/",
        "/api/applications/1/",
        "/api/reviewers/",
    ],
)
def test_without_a_valid_token_every_endpoint_answers_401(world, role, url):
    response = ask(world, role, url)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "results" not in response.json()


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_years_and_their_rules(world, role):
    years = ask(world, role, "/api/years/").json()
    rules = ask(world, role, "/api/years/109/").json()

    assert 109 in [year["academic_year"] for year in years["results"]]
    first = rules["community_types"][0]
    assert (first["number"], first["name"], first["base_amount"]) == (1, "學年領域學習社群", 3000)
    assert first["ceiling_cross_school"] == 5000
    assert {rule["stage"] for rule in rules["quota_rules"]} == {"國小", "國中"}
    assert rules["budget_items"][0]["name"] == "外聘講座鐘點費"
    assert ask(world, role, "/api/years/99/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_schools_the_center_all_anyone_else_their_own(world, role):
    user = world["users"][role]
    listed = {school["id"] for school in ask(world, role, "/api/schools/").json()["results"]}

    for school in world["schools"].values():
        answer = ask(world, role, f"/api/schools/{school.pk}/")
        if role == "center" or school.pk == user.school_id:
            assert school.pk in listed
            assert answer.status_code == 200
            assert answer.json()["name"] == school.name
        else:
            assert school.pk not in listed
            assert answer.status_code == 404
    if role != "center":
        assert listed == {user.school_id}


@pytest.mark.parametrize("role", ROLES)
def test_applications_each_role_sees_what_its_pages_show(world, role):
    applications = world["applications"]
    listed = ask(world, role, "/api/applications/").json()

    assert {row["id"] for row in listed["results"]} == {applications[v].pk for v in READS[role]}
    for variant, application in applications.items():
        answer = ask(world, role, f"/api/applications/{application.pk}/")
        if variant in READS[role]:
            assert answer.status_code == 200
            assert answer.json()["name"] == application.name
        else:
            assert answer.status_code == 404
            assert application.name not in answer.content.decode()


def test_an_application_in_figures(world):
    other = world["applications"]["other_school"]
    row = ask(world, "center", f"/api/applications/{other.pk}/").json()

    assert row["status"] == workflow.APPROVED
    assert row["status_label"] == str(workflow.WORKFLOW[workflow.APPROVED].label)
    assert row["school"] == {"id": other.school.pk, "code": other.school.code, "name": "市立乙國中"}
    assert row["community_type"] == {"number": 1, "name": "學年領域學習社群"}
    assert row["academic_year"] == 109
    assert row["requested_amount"] > 0
    assert row["approved_amount"] == other.approved_amount
    assert row["ceiling"] == 3000
    spent = sum(
        SessionFee.objects.filter(session__report__application=other).values_list(
            "amount", flat=True
        )
    ) + sum(Spending.objects.filter(report__application=other).values_list("amount", flat=True))
    assert spent > 0
    assert row["outcome"] == {
        "submitted_at": None,
        "sessions_held": other.sessions.count(),
        "public_lessons_held": 1,
        "spent_before_premium": spent,
    }
    own = world["applications"]["own"]
    assert ask(world, "center", f"/api/applications/{own.pk}/").json()["outcome"] is None


def test_applications_filtered_by_year_status_and_school(world):
    a, b = world["schools"]["A"], world["schools"]["B"]

    def ids(**query):
        return {
            r["id"] for r in ask(world, "center", "/api/applications/", **query).json()["results"]
        }

    applications = world["applications"]
    assert ids(school=b.pk) == {applications["other_school"].pk}
    assert ids(school=a.pk, status=workflow.SUBMITTED) == {applications["same_school"].pk}
    assert ids(year=108) == set()
    bad = ask(world, "center", "/api/applications/", status="nonsense", year="abc")
    assert bad.status_code == 400
    assert set(bad.json()) == {"status", "year"}


def test_lists_come_in_pages(world):
    first = ask(world, "center", "/api/applications/", page_size=2).json()

    assert first["count"] >= 3
    assert len(first["results"]) == 2
    assert first["next"] is not None
    assert ask(world, "center", "/api/applications/", page=999).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_school_summary_for_its_admin_and_the_center_only(world, role):
    for name, school in world["schools"].items():
        answer = ask(world, role, f"/api/schools/{school.pk}/summary/", year=109)
        allowed = role == "center" or (role == "school_admin" and name == "A")
        if not allowed:
            assert answer.status_code == 403, (name, answer.status_code)
            continue
        assert answer.status_code == 200
        summary = answer.json()
        assert summary["school"]["name"] == school.name
        assert summary["academic_year"] == 109
        expected = 2 if name == "A" else 1
        assert summary["applications"] == expected
        assert summary["requested_total"] > 0
        assert any(rule["key"] for rule in summary["rules"])


def test_summary_of_an_unknown_school_or_year(world):
    assert ask(world, "center", "/api/schools/999999/summary/").status_code == 404
    school = world["schools"]["A"]
    assert ask(world, "center", f"/api/schools/{school.pk}/summary/", year=99).status_code == 404


def test_the_signed_in_session_works_too(world, client):
    client.force_login(world["users"]["teacher"])

    listed = client.get("/api/applications/").json()

    assert [row["id"] for row in listed["results"]] == [world["applications"]["own"].pk]


def test_writes_are_refused(world):
    token = world["tokens"]["center"]
    response = Client().post(
        "/api/applications/",
        {},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )

    assert response.status_code == 405


def test_schema_and_doc_page_are_served_from_the_site(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    docs = client.get("/api/docs/")

    assert schema.status_code == 200
    assert "/api/applications/" in schema.json()["paths"]
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower()


def test_a_list_page_costs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    # The token and its account, the count, the page, its partner schools.
    with django_assert_max_num_queries(5):
        listed = ask(world, "center", "/api/applications/")
    assert listed.status_code == 200
    with django_assert_max_num_queries(6):
        assert ask(world, "center", "/api/years/109/").status_code == 200


def test_the_center_issues_a_key_in_the_admin(client):
    from people.services import user_apply_role
    from people.tests.factories import UserFactory

    center = user_apply_role(user=UserFactory(center=True))
    teacher = UserFactory(teacher=True)
    client.force_login(center)

    page = client.get("/admin/authtoken/tokenproxy/add/")
    saved = client.post("/admin/authtoken/tokenproxy/add/", {"user": teacher.pk})

    assert page.status_code == 200
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert Token.objects.filter(user=teacher).exists()
