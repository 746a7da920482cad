"""The school's 申請總表 and 經費總表 print like the forms, for the school's admins and the center."""

import re

import pytest
from django.urls import reverse

from communities import workflow
from communities.tests.builders import realistic_application, upload_signed_copies
from documents.codes import find_document_code, parse_document_code
from people.tests.factories import SchoolFactory, UserFactory
from printing.models import PrintRecord
from programs.models import CommunityType
from testsupport.shared import fresh, open_program, shared_data

from .conftest import pdf_text

pytestmark = pytest.mark.django_db

FORMS = ["school_applications", "school_budget"]
MAX_QUERIES = 18  # session, user, messages, school, year, the summary, the print record


@pytest.fixture(scope="class")
def school_once(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        program = open_program()
        school = SchoolFactory(name="市立下營國中")
        type_1 = CommunityType.objects.get(program=program, number=1)
        for name, status, community_type in [
            ("數學領域共備社群", workflow.SCHOOL_ACCEPTED, type_1),
            ("國語文素養閱讀社群", workflow.SUBMITTED, None),
            ("英語文尚未送出社群", workflow.DRAFT, None),
        ]:
            extra = {"community_type": community_type} if community_type else {}
            realistic_application(
                name=name,
                status=status,
                convenor=UserFactory(teacher=True, school=school, name=f"{name[:2]}老師"),
                **extra,
            )
        yield school


@pytest.fixture
def school(school_once, program):
    """A 國中 with an accepted, a submitted and a draft application: built once per class."""
    return fresh(school_once)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


class TestSchoolPrint:
    """Tests on one school's applications, built once for the class (each test's changes rolled back)."""

    def test_school_admin_prints_the_application_summary(self, client, school):
        admin = UserFactory(school_admin=True, school=school)
        client.force_login(admin)
        response = client.get(reverse("printing:school_applications"))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        text = flat(pdf_text(response.content))
        for expected in [
            "教育部補助辦理教師專業學習社群申請總表",
            "109學年度",
            "臺南市",
            "市立下營國中",
            "數學領域共備社群",
            "國語文素養閱讀社群",
            "1.學年領域學習社群",
            "合計2個社群",
            "13,401",  # each community's request, premium included
            "26,802",
            "規定檢核",
            "未列入彙整的申請",
            "英語文尚未送出社群",
            "承辦人",
            "承辦主任",
            "會(主)計主任",
            "校長",
        ]:
            assert expected in text, expected
        code = find_document_code(text)
        assert parse_document_code(code)[:2] == ("S", school.pk)
        record = PrintRecord.objects.get()
        assert (record.school, record.application, record.form, record.code, record.printed_by) == (
            school,
            None,
            "school_applications",
            code,
            admin,
        )

    def test_school_admin_prints_the_budget_summary(self, client, school):
        client.force_login(UserFactory(school_admin=True, school=school))
        response = client.get(reverse("printing:school_budget", args=[school.pk]))
        assert response.status_code == 200
        text = flat(pdf_text(response.content))
        assert "教育部補助辦理教師專業學習社群經費總表" in text
        assert "1.外聘講座鐘點費(節)" in text
        # Two counted communities: 2 × 3,200 for item 1, 2 × 13,401 in all.
        assert "6,400" in text and "26,802" in text
        assert "英語文尚未送出社群" not in text
        assert "另有1件本校申請尚未列入" in text
        for title in ["承辦人", "承辦主任", "會(主)計主任", "校長"]:
            assert title in text

    @pytest.mark.parametrize("form", FORMS)
    def test_center_prints_any_schools_summary(self, client, school, form):
        client.force_login(UserFactory(center=True))
        response = client.get(reverse(f"printing:{form}", args=[school.pk]))
        assert response.status_code == 200
        assert "市立下營國中" in pdf_text(response.content)
        # The center has no school of its own: the school must be named.
        assert client.get(reverse(f"printing:{form}")).status_code == 404

    @pytest.mark.parametrize("form", FORMS)
    def test_another_schools_admin_is_refused(self, client, school, form):
        client.force_login(UserFactory(school_admin=True))
        assert client.get(reverse(f"printing:{form}", args=[school.pk])).status_code == 403
        assert not PrintRecord.objects.exists()

    @pytest.mark.parametrize("form", FORMS)
    @pytest.mark.parametrize("role", ["teacher", "reviewer"])
    def test_teachers_and_reviewers_are_refused(self, client, school, form, role):
        client.force_login(UserFactory(school=school, **{role: True}))
        for url in [
            reverse(f"printing:{form}"),
            reverse(f"printing:{form}") + "?format=html",
            reverse(f"printing:{form}", args=[school.pk]),
        ]:
            response = client.get(url)
            assert response.status_code == 403
            assert "沒有權限" in response.content.decode()
        assert not PrintRecord.objects.exists()

    @pytest.mark.parametrize("form", FORMS)
    def test_anonymous_visitors_are_sent_to_log_in(self, client, school, form):
        for url in [
            reverse(f"printing:{form}"),
            reverse(f"printing:{form}") + f"?school={school.pk}&format=html",
            reverse(f"printing:{form}", args=[school.pk]),
        ]:
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("login"))
        assert not PrintRecord.objects.exists()

    def test_an_unknown_year_is_404(self, client, school):
        client.force_login(UserFactory(school_admin=True, school=school))
        url = reverse("printing:school_applications")
        assert client.get(url + "?year=99").status_code == 404
        assert client.get(url + "?year=abc").status_code == 404
        assert client.get(url + "?year=109").status_code == 200

    @pytest.mark.parametrize("form", FORMS)
    def test_school_print_friendly_page(self, client, school, form, django_assert_max_num_queries):
        client.force_login(UserFactory(school_admin=True, school=school))
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(reverse(f"printing:{form}") + "?format=html")
        page = response.content.decode()
        assert "市立下營國中" in page and "數學領域共備社群" in page
        assert "data-print" in page and "printing/print.js" in page
        assert PrintRecord.objects.get().code in page
        for role in ["承辦人", "承辦主任", "會(主)計主任", "校長"]:
            assert f"<th>{role}</th>" in page  # the signature block

    @pytest.mark.parametrize("form", FORMS)
    def test_the_summaries_pages_query_string_works_for_the_center(self, client, school, form):
        client.force_login(UserFactory(center=True))
        response = client.get(reverse(f"printing:{form}") + f"?year=109&school={school.pk}")
        assert response.status_code == 200
        assert "市立下營國中" in pdf_text(response.content)
        page = client.get(reverse(f"printing:{form}") + f"?year=109&school={school.pk}&format=html")
        assert (
            f"school={school.pk}" in page.content.decode()
        )  # 關閉 goes back to that school's page
        assert client.get(reverse(f"printing:{form}") + "?school=abc").status_code == 404

    def test_a_school_admin_cannot_print_another_school_by_query(self, client, school):
        client.force_login(UserFactory(school_admin=True))
        url = reverse("printing:school_applications") + f"?school={school.pk}"
        assert client.get(url).status_code == 403

    def test_school_code_changes_when_the_summary_changes(self, client, school, program):
        from communities.models import Application
        from communities.services import application_submit
        from summaries.printed import school_document_code

        before = school_document_code(school=school, program=program, form="school_applications")
        budget_before = school_document_code(school=school, program=program, form="school_budget")
        client.force_login(UserFactory(school_admin=True, school=school))
        text = pdf_text(client.get(reverse("printing:school_applications")).content)
        assert find_document_code(text) == before
        draft = Application.objects.get(school=school, name="英語文尚未送出社群")
        upload_signed_copies(draft)
        application_submit(application=draft, by=draft.convenor)
        assert school_document_code(school=school, program=program, form="school_applications") != (
            before
        )
        assert school_document_code(school=school, program=program, form="school_budget") != (
            budget_before
        )
