"""Each role's home lists its tasks with counts and links, and the year's deadlines."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from communities import workflow
from communities.tests.helpers import NS, Page
from people.tests.factories import UserFactory
from testsupport.flow import application_in, complete_application, submit_review

pytestmark = pytest.mark.django_db

HOME = reverse("portal:home")


def tasks(client, user) -> Page:
    client.force_login(user)
    return Page(client.get(HOME))


def task_links(page: Page) -> dict[str, str]:
    node = page.by_id("tasks").find(".//h:ul", NS)
    return {
        " ".join("".join(a.itertext()).split()): a.get("href") for a in node.iterfind(".//h:a", NS)
    }


def test_a_teacher_with_an_unsent_draft_is_told(client, program):
    draft = complete_application(program, name="還沒送出的社群")

    links = task_links(tasks(client, draft.convenor))

    assert links == {"「還沒送出的社群」尚未送出": reverse("communities:progress", args=[draft.pk])}


def test_a_returned_application_asks_for_corrections(client, program):
    returned = application_in(workflow.RETURNED, program, name="被退回的社群")

    assert "「被退回的社群」學校退回修正，請修正後重新送出" in task_links(
        tasks(client, returned.convenor)
    )


def test_a_teacher_without_an_application_is_offered_to_apply(client, program):
    links = task_links(tasks(client, UserFactory(teacher=True)))
    assert links == {"尚未申請本學年度社群": reverse("communities:apply")}


def test_the_school_sees_what_waits_for_it_with_counts(client, program):
    first = application_in(workflow.SUBMITTED, program)
    application_in(workflow.SUBMITTED, program, school=first.school)
    application_in(workflow.SCHOOL_ACCEPTED, program, school=first.school)
    admin = UserFactory(school_admin=True, school=first.school)

    page = tasks(client, admin)

    links = task_links(page)
    assert "2 件申請待學校審核" in links and "1 件已審核，待彙整送中心" in links
    assert links["2 件申請待學校審核"].startswith(reverse("summaries:application_summary"))


def test_the_reviewer_sees_the_reviews_owed_and_the_due_date(client, program):
    program.first_review_due = timezone.localdate() + timedelta(days=9)
    program.save()
    owed = application_in(workflow.UNDER_REVIEW, program)
    reviewer = owed.review_assignments.get().reviewer
    done = application_in(workflow.SENT_TO_CENTER, program)
    from reviews.services import review_assign

    review_assign(applications=[done], reviewers=[reviewer], by=UserFactory(center=True))
    submit_review(done, reviewer)

    page = tasks(client, reviewer)

    assert task_links(page) == {"1 件申請待您審查": reverse("reviews:queue")}
    assert "初審期限" in page.text("deadlines") and "剩 9 天" in page.text("deadlines")


def test_the_center_sees_what_waits_for_assignment_and_results(client, program):
    application_in(workflow.SENT_TO_CENTER, program)
    reviewing = application_in(workflow.UNDER_REVIEW, program)
    submit_review(reviewing, reviewing.review_assignments.get().reviewer)
    client.force_login(UserFactory(center=True))

    page = Page(client.get(reverse("center:home")))

    links = task_links(page)
    assert "1 件申請待指定審查" in links and "1 件申請已有初審意見，待決定初審結果" in links


def test_a_visitor_sees_no_tasks(client):
    assert Page(client.get(HOME)).by_id("tasks") is None


def test_the_center_counts_an_application_as_reviewed_for_its_own_stage_only(client, program):
    # 初審通過: its 初審 reviews are in, but no 複審 review yet, so no 複審 result waits.
    passed = application_in(workflow.FIRST_PASSED, program)
    client.force_login(UserFactory(center=True))

    assert not any("複審意見" in text for text in task_links(Page(client.get(HOME))))

    from reviews.services import review_assign

    reviewer = UserFactory(reviewer=True)
    review_assign(applications=[passed], reviewers=[reviewer], by=UserFactory(center=True))
    submit_review(passed, reviewer)
    client.force_login(UserFactory(center=True))

    assert "1 件申請已有複審意見，待決定複審結果" in task_links(Page(client.get(HOME)))
