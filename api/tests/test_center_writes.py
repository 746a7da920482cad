"""The center's writes through the API: 指定審查 as the page does it (the same service, the same
refusals), its reviewer list to find ids, and every other role refused without a write."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from rest_framework.authtoken.models import Token

from communities import workflow
from communities.models import Application
from people.tests.factories import SchoolFactory, UserFactory
from reviews.models import ReviewAssignment
from testsupport.flow import application_in, center_user, school_admin_of

pytestmark = pytest.mark.django_db


def call(user, method: str, url: str, data=None):
    token = Token.objects.get_or_create(user=user)[0].key
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    if method == "get":
        return client.get(url, data or {})
    return client.post(url, data or {}, content_type="application/json")


@pytest.fixture
def sent(program):
    return application_in(workflow.SENT_TO_CENTER, program, name="送中心的數學社群")


@pytest.fixture
def reviewers(sent):
    return {
        "outside": UserFactory(
            reviewer=True, name="甲委員", school=SchoolFactory(name="市立丙國小")
        ),
        "same_school": UserFactory(reviewer=True, name="同校委員", school=sent.school),
    }


@pytest.mark.audit
def test_the_center_assigns_reviewers_and_the_application_moves_to_review(sent, reviewers):
    center = center_user()
    body = {"applications": [sent.pk], "reviewers": [r.pk for r in reviewers.values()]}

    answer = call(center, "post", "/api/assignments/", body)

    assert answer.status_code == 200, answer.content
    result = answer.json()
    assert [(p["application"], p["reviewer"]) for p in result["assigned"]] == [
        (sent.pk, reviewers["outside"].pk)
    ]
    assert result["skipped"] == [
        {
            "application": sent.pk,
            "reviewer": reviewers["same_school"].pk,
            "reason": f"審查委員與申請學校（{sent.school.name}）同校，不得審查。",
        }
    ]
    assert result["started"] == [sent.pk]
    assert Application.objects.get(pk=sent.pk).status == workflow.UNDER_REVIEW
    assignment = ReviewAssignment.objects.get(application=sent)
    assert assignment.reviewer == reviewers["outside"]
    # The audit row names the center's account, though it came with a token.
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(ReviewAssignment), object_pk=assignment.pk
    )
    assert entry.actor == center

    again = call(center, "post", "/api/assignments/", body).json()
    assert again["assigned"] == [] and len(again["already"]) == 1
    assert ReviewAssignment.objects.filter(application=sent).count() == 1


@pytest.mark.parametrize(
    "body, field, message",
    [
        ({"applications": [], "reviewers": [1]}, "applications", "請指定至少一件申請。"),
        ({"applications": [1]}, "reviewers", "請指定至少一位審查委員。"),
        (
            {"applications": [9_999_999], "reviewers": [1]},
            "applications",
            "找不到申請案件：9999999。",
        ),
    ],
)
def test_a_wrong_request_is_told_at_its_field_and_writes_nothing(
    sent, reviewers, body, field, message
):
    if body.get("reviewers") == [1]:
        body["reviewers"] = [reviewers["outside"].pk]

    answer = call(center_user(), "post", "/api/assignments/", body)

    assert answer.status_code == 400
    assert answer.json()[field] == [message]
    assert not ReviewAssignment.objects.exists()


def test_an_account_that_is_no_reviewer_is_refused(sent):
    teacher = UserFactory(teacher=True, name="一位老師")

    answer = call(
        center_user(),
        "post",
        "/api/assignments/",
        {"applications": [sent.pk], "reviewers": [teacher.pk]},
    )

    assert answer.status_code == 400
    assert answer.json()["reviewers"] == ["一位老師 不是審查委員帳號。"]


@pytest.mark.parametrize("role", ["teacher", "school_admin", "reviewer"])
def test_no_other_role_may_assign_or_list_reviewers(sent, reviewers, role):
    user = {
        "teacher": sent.convenor,
        "school_admin": school_admin_of(sent),
        "reviewer": reviewers["outside"],
    }[role]

    answer = call(
        user,
        "post",
        "/api/assignments/",
        {"applications": [sent.pk], "reviewers": [reviewers["outside"].pk]},
    )

    assert answer.status_code == 403
    assert answer.json()["detail"] == "只有教專中心的帳號可以使用。"
    assert call(user, "get", "/api/reviewers/").status_code == 403
    assert not ReviewAssignment.objects.exists()
    assert (
        Client().post("/api/assignments/", {}, content_type="application/json").status_code == 401
    )


def test_the_reviewer_list_searches_and_costs_the_same_for_many(
    reviewers, django_assert_max_num_queries
):
    center = center_user()
    listed = call(center, "get", "/api/reviewers/", {"q": "丙國小"}).json()["results"]
    assert [(r["name"], r["school"]["name"]) for r in listed] == [("甲委員", "市立丙國小")]
    # A NUL typed (or sent) is dropped, not a refusal or an error of the database.
    listed = call(center, "get", "/api/reviewers/", {"q": "丙\x00國小"}).json()["results"]
    assert [r["name"] for r in listed] == ["甲委員"]

    for n in range(30):
        UserFactory(reviewer=True, name=f"委員{n}")
    with django_assert_max_num_queries(6):
        answer = call(center, "get", "/api/reviewers/")
    assert answer.json()["count"] == 32
