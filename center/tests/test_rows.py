"""The list's rows as the center reads them: every cell, each reviewer with their review's state,
a 移除 button (and its form) only where the review is not submitted, text escaped."""

import pytest
from django.urls import reverse

from communities import workflow
from communities.models import Application
from communities.tests.helpers import NS, Page
from people.tests.factories import SchoolFactory, UserFactory
from reviews.services import review_assign
from testsupport.flow import application_in, complete_application, submit_review

pytestmark = pytest.mark.django_db

LIST = reverse("center:applications")


@pytest.fixture
def center_client(client):
    client.force_login(UserFactory(center=True))
    return client


def cells(page: Page, application) -> dict[str, str]:
    row = page.by_id(f"application-{application.pk}")
    return {
        td.get("data-label"): " ".join("".join(td.itertext()).split())
        for td in row.iterfind("h:td", NS)
        if td.get("data-label")
    }


def test_each_cell_of_a_row(center_client, program):
    application = application_in(
        workflow.UNDER_REVIEW,
        program,
        name="<b>數學</b>社群",
        cross=True,
        partners=[SchoolFactory()],
    )
    application.refresh_from_db()

    page = Page(center_client.get(LIST))
    row = cells(page, application)

    assert row["學校"] == f"{application.school.name}{application.school.district.name}"
    assert row["社群名稱"] == "<b>數學</b>社群 跨校"  # the name as text, not markup
    assert row["類型"] == application.community_type.name
    assert row["召集人"] == application.convenor.name
    assert row["狀態"] == "審查中"
    assert row["申請經費"] == f"{application.requested_total:,}"
    assert row["核定金額"] == "—"
    link = page.by_id(f"application-{application.pk}").find(".//h:td[@class='name']/h:a", NS)
    assert link.get("href") == reverse("reviews:decide", args=[application.pk])
    box = page.by_id(f"app-{application.pk}")
    assert box.get("aria-label") == "勾選「<b>數學</b>社群」"


def test_a_draft_without_a_name_and_without_a_budget(center_client, program):
    draft = complete_application(program, requests_budget=False)
    Application.objects.filter(pk=draft.pk).update(name="")

    row = cells(Page(center_client.get(LIST)), draft)

    assert row["社群名稱"] == "(未命名社群)"
    assert row["申請經費"] == "0"
    assert row["審查委員"] == "(尚未指定)"


def test_a_submitted_review_has_no_remove_button_and_an_open_one_has(center_client, program):
    application = application_in(workflow.UNDER_REVIEW, program)
    done = application.review_assignments.get()
    submit_review(application, done.reviewer)
    open_ = UserFactory(reviewer=True, name="未交委員")
    review_assign(applications=[application], reviewers=[open_], by=UserFactory(center=True))
    waiting = application.review_assignments.get(reviewer=open_)

    page = Page(center_client.get(LIST))

    text = cells(page, application)["審查委員"]
    assert f"{done.reviewer.name}（初審・已送出）" in text and "未交委員（初審） 移除" in text
    buttons = page.by_id(f"application-{application.pk}").findall(".//h:button", NS)
    assert [b.get("form") for b in buttons] == [f"remove-{waiting.pk}"]
    form = page.by_id(f"remove-{waiting.pk}")
    assert form.get("action") == reverse("center:unassign", args=[waiting.pk])
    assert form.find("h:input[@name='csrfmiddlewaretoken']", NS) is not None
    assert page.by_id(f"remove-{done.pk}") is None
