"""列印 URLs: who may print what, and what they get (a PDF download or a print-friendly page)."""

import pytest
from django.urls import reverse

from communities.printed import application_document_code
from documents.codes import find_document_code
from people.tests.factories import SchoolFactory, UserFactory
from printing.models import PrintRecord
from reviews.models import ReviewAssignment
from reviews.services import review_declare

from .conftest import pdf_text

pytestmark = pytest.mark.django_db

FORMS = ["plan", "budget"]


def url(form, application, **query):
    path = reverse(f"printing:{form}", args=[application.pk])
    return path + ("?format=html" if query.get("html") else "")


def reader_of(application, who: str):
    if who == "convenor":
        return application.convenor
    if who == "school_admin":
        return UserFactory(school_admin=True, school=application.school)
    if who == "partner_school_admin":
        partner = SchoolFactory()
        application.partner_schools.add(partner)
        return UserFactory(school_admin=True, school=partner)
    if who == "center":
        return UserFactory(center=True)
    if who == "assigned_reviewer":
        reviewer = UserFactory(reviewer=True)
        ReviewAssignment.objects.create(application=application, reviewer=reviewer)
        review_declare(application=application, reviewer=reviewer, has_conflict=False)
        return reviewer
    raise AssertionError(who)


def outsider_of(application, who: str):
    if who == "other_teacher":
        return UserFactory(teacher=True, school=application.school)
    if who == "other_school_admin":
        return UserFactory(school_admin=True)
    if who == "unassigned_reviewer":
        return UserFactory(reviewer=True)
    raise AssertionError(who)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(
    "who", ["convenor", "school_admin", "partner_school_admin", "center", "assigned_reviewer"]
)
def test_readers_get_the_pdf_with_its_code_and_the_print_is_recorded(
    client, application, form, who
):
    user = reader_of(application, who)
    client.force_login(user)
    response = client.get(url(form, application))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    code = application_document_code(application=application, form=form)
    assert code in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert find_document_code(text) == code
    assert application.name in text.replace("\n", "")
    record = PrintRecord.objects.get()
    assert (record.application, record.form, record.code, record.printed_by) == (
        application,
        form,
        code,
        user,
    )


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("who", ["other_teacher", "other_school_admin", "unassigned_reviewer"])
def test_those_who_may_not_read_the_application_get_404(client, application, form, who):
    client.force_login(outsider_of(application, who))
    for html in (False, True):
        response = client.get(url(form, application, html=html))
        assert response.status_code == 404
    assert not PrintRecord.objects.exists()


@pytest.mark.parametrize("form", FORMS)
def test_anonymous_visitors_are_sent_to_log_in(client, application, form):
    response = client.get(url(form, application))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not PrintRecord.objects.exists()


def test_printing_a_missing_application_is_404(client, program):
    client.force_login(UserFactory(center=True))
    assert client.get(reverse("printing:plan", args=[999999])).status_code == 404


def test_print_friendly_page_shows_the_form_its_code_and_the_print_button(client, application):
    client.force_login(application.convenor)
    response = client.get(url("plan", application, html=True))
    assert response.status_code == 200
    page = response.content.decode()
    code = application_document_code(application=application, form="plan")
    assert f'文件編號 <span class="code">{code}</span>' in page
    assert "教育部補助辦理 教師專業學習社群申請表" in page
    assert "109學年度" in page and "臺南市" in page and application.school.name in page
    assert application.name in page
    assert "☑2. 初階學習社群" in page
    assert "109/09/15" in page
    assert "data-print" in page and "列印" in page
    assert f'href="{reverse("printing:plan", args=[application.pk])}"' in page  # 下載 PDF
    assert PrintRecord.objects.filter(code=code).count() == 1


def test_budget_print_friendly_page_shows_amounts(client, application):
    client.force_login(application.convenor)
    page = client.get(url("budget", application, html=True)).content.decode()
    assert "教育部補助辦理 教師專業學習社群經費概算表" in page
    assert "1,600" in page and "13,401" in page and "15,000" in page
    for title in ["承辦人", "承辦主任", "會(主)計主任", "校長"]:
        assert title in page


@pytest.mark.parametrize("form", FORMS)
def test_printing_runs_a_bounded_number_of_queries(
    client, application, form, django_assert_max_num_queries
):
    client.force_login(application.convenor)
    with django_assert_max_num_queries(25):
        response = client.get(url(form, application, html=True))
    assert response.status_code == 200


def test_only_get_is_allowed(client, application):
    client.force_login(application.convenor)
    assert client.post(url("plan", application)).status_code == 405
