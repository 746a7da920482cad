"""Who may read and who may change an application, page by page."""

import pytest
from django.urls import reverse

from communities import workflow
from communities.permissions import applications_readable_by, roles_of
from communities.services import application_submit
from communities.tests.helpers import (
    OUTSIDERS,
    Page,
    form_post_data,
    people_around,
    ready_application,
    teacher_with_application,
)
from people.tests.factories import SchoolFactory, UserFactory
from reviews.models import ReviewAssignment
from reviews.services import review_declare
from testsupport.flow import advance

pytestmark = pytest.mark.django_db

READ_PAGES = ["progress", "detail", "application_form"]
HTMX_PAGES = ["member_row", "session_row", "content_items", "domain_field"]


@pytest.fixture
def draft(program):
    application = teacher_with_application(program)
    application.name = "草稿社群"
    application.save()
    return application


@pytest.mark.parametrize("kind", OUTSIDERS)
@pytest.mark.parametrize("page", READ_PAGES)
def test_outsiders_cannot_read_a_draft(client, draft, kind, page):
    client.force_login(people_around(draft)[kind])
    response = client.get(reverse(f"communities:{page}", args=[draft.pk]))
    assert response.status_code == 404
    assert "草稿社群" not in response.content.decode()


@pytest.mark.parametrize("kind", OUTSIDERS)
@pytest.mark.parametrize("page", HTMX_PAGES)
def test_outsiders_cannot_use_the_forms_row_endpoints(client, draft, kind, page):
    client.force_login(people_around(draft)[kind])
    response = client.get(
        reverse(f"communities:{page}", args=[draft.pk]),
        {"members-TOTAL_FORMS": "1", "sessions-TOTAL_FORMS": "1"},
    )
    assert response.status_code == 404


@pytest.mark.parametrize("kind", OUTSIDERS)
def test_outsiders_cannot_change_or_submit_a_draft(client, draft, kind):
    client.force_login(people_around(draft)[kind])
    url = reverse("communities:application_form", args=[draft.pk])
    assert client.post(url, form_post_data(draft, name="竄改", action="save")).status_code == 404
    assert client.post(reverse("communities:submit", args=[draft.pk])).status_code == 404
    draft.refresh_from_db()
    assert (draft.name, draft.status) == ("草稿社群", workflow.DRAFT)


@pytest.mark.parametrize("page", READ_PAGES + ["submit"])
def test_anonymous_visitor_is_sent_to_login(client, draft, page):
    url = reverse(f"communities:{page}", args=[draft.pk])
    response = client.post(url) if page == "submit" else client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_convenor_reads_and_edits_the_draft(client, draft):
    client.force_login(draft.convenor)
    for page in READ_PAGES:
        response = client.get(reverse(f"communities:{page}", args=[draft.pk]))
        assert response.status_code == 200
        assert "草稿社群" in response.content.decode()
    url = reverse("communities:session_row", args=[draft.pk])
    assert client.get(url, {"sessions-TOTAL_FORMS": "0"}).status_code == 200


def test_own_schools_admin_reads_but_cannot_edit_or_submit(client, draft):
    admin = UserFactory(school_admin=True, school=draft.school)
    client.force_login(admin)
    progress = Page(client.get(reverse("communities:progress", args=[draft.pk])))
    assert "草稿社群" in progress.visible_text()
    assert progress.by_id("checklist") is None  # no 送出 for someone who cannot edit
    assert client.get(reverse("communities:detail", args=[draft.pk])).status_code == 200
    response = client.get(reverse("communities:application_form", args=[draft.pk]))
    assert response.status_code == 302
    assert response.url == reverse("communities:detail", args=[draft.pk])
    url = reverse("communities:application_form", args=[draft.pk])
    assert client.post(url, form_post_data(draft, name="竄改", action="save")).status_code == 403
    assert client.post(reverse("communities:submit", args=[draft.pk])).status_code == 403
    url = reverse("communities:member_row", args=[draft.pk])
    assert client.get(url, {"members-TOTAL_FORMS": "1"}).status_code == 403
    draft.refresh_from_db()
    assert draft.name == "草稿社群"


def test_partner_schools_admin_reads_the_application(client, draft):
    partner = SchoolFactory()
    draft.partner_schools.add(partner)
    client.force_login(UserFactory(school_admin=True, school=partner))
    assert client.get(reverse("communities:detail", args=[draft.pk])).status_code == 200


def test_assigned_reviewer_and_center_read_the_application(client, program):
    application = ready_application(program, requests_budget=True)
    application_submit(application=application, by=application.convenor)
    reviewer = UserFactory(reviewer=True)
    ReviewAssignment.objects.create(application=application, reviewer=reviewer)
    review_declare(application=application, reviewer=reviewer, has_conflict=False)
    for user in (reviewer, UserFactory(center=True)):
        client.force_login(user)
        page = Page(client.get(reverse("communities:detail", args=[application.pk])))
        assert application.name in page.visible_text()
        assert "第1次共同備課" in page.visible_text()
        assert "2.內聘講座鐘點費 2 節 800 1,600" in page.visible_text()
        assert "合計 1,631" in page.visible_text()
        for form in ("plan", "budget"):
            download = reverse("communities:document_download", args=[application.pk, form])
            assert f'href="{download}"' in page.html
        response = client.get(reverse("communities:application_form", args=[application.pk]))
        assert response.url == reverse("communities:detail", args=[application.pk])


# Lists


def test_my_applications_lists_the_teachers_own_with_status_labels(client, program):
    mine = ready_application(program)
    application_submit(application=mine, by=mine.convenor)
    someone_elses = teacher_with_application(program)
    someone_elses.name = "別人的社群"
    someone_elses.save()
    client.force_login(mine.convenor)
    page = Page(client.get(reverse("communities:my_applications")))
    text = page.visible_text()
    assert "老師名稱 狀態 學年度 社群名稱 類型" in text
    assert f"{mine.convenor.name} 已送出待學校審核 109 數學素養共備社群 學年領域學習社群" in text
    assert "別人的社群" not in text
    assert reverse("communities:progress", args=[mine.pk]) in page.html


def test_my_applications_shows_the_slides_status_words(client, program):
    application = advance(ready_application(program), workflow.FIRST_PASSED)
    client.force_login(application.convenor)
    text = Page(client.get(reverse("communities:my_applications"))).visible_text()
    assert "初審通過俟複審通過後執行並填寫成果報告書" in text


@pytest.mark.parametrize("role", ["school_admin", "reviewer", "center"])
def test_my_applications_is_for_teachers(client, role):
    client.force_login(UserFactory(**{role: True}))
    assert client.get(reverse("communities:my_applications")).status_code == 403


def test_review_list_shows_only_assigned_applications(client, program):
    assigned = ready_application(program)
    application_submit(application=assigned, by=assigned.convenor)
    other = teacher_with_application(program)
    other.name = "未指派的社群"
    other.save()
    reviewer = UserFactory(reviewer=True)
    ReviewAssignment.objects.create(application=assigned, reviewer=reviewer)
    client.force_login(reviewer)
    page = Page(client.get(reverse("reviews:queue")))
    assert assigned.name in page.visible_text()
    assert "未指派的社群" not in page.visible_text()
    assert reverse("reviews:review", args=[assigned.pk]) in page.html


@pytest.mark.parametrize("role", ["teacher", "school_admin", "center"])
def test_review_list_is_for_reviewers(client, role):
    client.force_login(UserFactory(**{role: True}))
    assert client.get(reverse("reviews:queue")).status_code == 403


def test_lists_send_anonymous_visitors_to_login(client):
    for name in ("communities:my_applications", "reviews:queue"):
        response = client.get(reverse(name))
        assert response.url.startswith(reverse("login"))


def test_an_application_read_for_a_reviewer_names_their_role_without_asking_again(
    program, django_assert_num_queries
):
    application = ready_application(program)
    application_submit(application=application, by=application.convenor)
    reviewer, other = UserFactory(reviewer=True), UserFactory(reviewer=True)
    ReviewAssignment.objects.create(application=application, reviewer=reviewer)
    review_declare(application=application, reviewer=reviewer, has_conflict=False)

    read = applications_readable_by(reviewer).get(pk=application.pk)
    with django_assert_num_queries(0):
        assert workflow.REVIEWER in roles_of(reviewer, read)
    # What the row says holds for the reviewer it was read for only: another reviewer, not
    # assigned, is asked about in the database, and is no reviewer of it.
    with django_assert_num_queries(1):
        assert workflow.REVIEWER not in roles_of(other, read)
    assert not applications_readable_by(other).filter(pk=application.pk).exists()
