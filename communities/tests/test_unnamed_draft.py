"""A draft whose 社群名稱 is still empty (the teacher pressed 開始申請 and saved nothing yet) is
listed and printed with the placeholder name on every page of every role, never a server error."""

from urllib.parse import unquote

import pytest
from django.urls import reverse

from communities.models import UNNAMED, Application
from communities.tests.helpers import Page, teacher_with_application
from people.tests.factories import UserFactory

PLACEHOLDER = str(UNNAMED)


@pytest.fixture
def draft(program) -> Application:
    application = teacher_with_application(program)
    assert application.name == ""
    return application


def test_an_unnamed_draft_reads_as_the_placeholder(draft):
    assert str(draft) == PLACEHOLDER
    assert type(str(draft)) is str
    assert draft.display_name == PLACEHOLDER


def _get(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response


def _shows_placeholder(response):
    assert PLACEHOLDER in Page(response).visible_text()


def test_the_teacher_sees_the_placeholder_on_every_page(client, draft):
    for name in ("communities:progress", "communities:detail"):
        _shows_placeholder(_get(client, draft.convenor, reverse(name, args=[draft.pk])))
    _shows_placeholder(_get(client, draft.convenor, reverse("communities:my_applications")))
    for name in ("communities:application_form", "communities:budget_form"):
        _get(client, draft.convenor, reverse(name, args=[draft.pk]))


@pytest.mark.parametrize("form", ["plan", "budget"])
def test_the_teacher_prints_an_unnamed_draft(client, draft, form):
    url = reverse(f"printing:{form}", args=[draft.pk])
    response = _get(client, draft.convenor, url)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert PLACEHOLDER in unquote(response["Content-Disposition"])
    page = _get(client, draft.convenor, url + "?format=html")
    assert "文件編號" in page.content.decode()


def test_the_school_lists_and_prints_a_school_holding_an_unnamed_draft(client, draft):
    admin = UserFactory(school_admin=True, school=draft.school)
    _shows_placeholder(_get(client, admin, reverse("summaries:application_summary")))
    _shows_placeholder(_get(client, admin, reverse("summaries:case_query")))
    _get(client, admin, reverse("summaries:budget_summary"))
    for name in ("summaries:application_summary_xlsx", "summaries:budget_summary_xlsx"):
        assert _get(client, admin, reverse(name)).content[:2] == b"PK"
    for name in ("printing:school_applications", "printing:school_budget"):
        assert _get(client, admin, reverse(name)).content.startswith(b"%PDF-")
        _get(client, admin, reverse(name) + "?format=html")


def test_the_center_lists_a_school_holding_an_unnamed_draft(client, draft):
    center = UserFactory(center=True)
    _shows_placeholder(_get(client, center, reverse("summaries:case_query")))
    school = f"?school={draft.school_id}"
    _shows_placeholder(_get(client, center, reverse("summaries:case_query") + school))
    _shows_placeholder(_get(client, center, reverse("summaries:application_summary") + school))
    _get(client, center, reverse("summaries:budget_summary") + school)
    _get(client, center, reverse("center:applications"))
    _shows_placeholder(_get(client, center, reverse("communities:detail", args=[draft.pk])))
    assert _get(
        client, center, reverse("printing:school_applications", args=[draft.school_id])
    ).content.startswith(b"%PDF-")


def test_a_reviewer_pages_answer_while_a_draft_has_no_name(client, draft):
    reviewer = UserFactory(reviewer=True)
    _get(client, reviewer, reverse("reviews:queue"))
