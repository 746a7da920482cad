"""審查案件: the reviewer's assignments, paginated, soonest due first, with each one's stage, due
date and the state of the reviewer's own review; a fixed number of queries whatever their number."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from communities import workflow
from communities.models import Application
from communities.tests.helpers import NS, Page
from core.roc import roc_date
from people.tests.factories import SchoolFactory, UserFactory
from reviews.models import ConflictDeclaration, Review, ReviewAssignment
from reviews.services import review_assign
from reviews.views import QUEUE_PER_PAGE
from summaries.tests.builders import bulk_applications
from testsupport.flow import application_in, declare_no_conflict, submit_review

pytestmark = pytest.mark.django_db

QUEUE = reverse("reviews:queue")


def rows_of(page: Page) -> list[str]:
    table = page.by_id("assignments")
    return [
        " ".join(t.strip() for t in row.itertext() if t.strip())
        for row in table.iter("{http://www.w3.org/1999/xhtml}tr")
    ][1:]


@pytest.fixture
def three(program):
    """A reviewer with a first-stage assignment of each state of their own review, and a
    second-stage one; the second review is due earlier than the first this year."""
    program.first_review_due = timezone.localdate() + timedelta(days=20)
    program.second_review_due = timezone.localdate() - timedelta(days=1)
    program.save()
    reviewer = UserFactory(reviewer=True)
    center = UserFactory(center=True)
    untouched = application_in(workflow.SENT_TO_CENTER, program, name="未填的社群")
    drafted = application_in(workflow.SENT_TO_CENTER, program, name="草稿的社群")
    sent = application_in(workflow.SENT_TO_CENTER, program, name="已送出的社群")
    review_assign(applications=[untouched, drafted, sent], reviewers=[reviewer], by=center)
    submit_review(drafted, reviewer, submit=False, opinion="草稿")
    submit_review(sent, reviewer)
    second = application_in(workflow.FIRST_PASSED, program, name="複審的社群")
    review_assign(applications=[second], reviewers=[reviewer], by=center)
    return reviewer, program


def test_each_assignment_shows_its_stage_due_date_and_review_state(client, three):
    reviewer, program = three
    client.force_login(reviewer)

    rows = rows_of(Page(client.get(QUEUE)))

    assert len(rows) == 4
    # Soonest due first: the 複審, already late, then the 初審 ones.
    assert "複審的社群" in rows[0] and "複審" in rows[0] and "已逾期" in rows[0]
    assert roc_date(program.second_review_due) in rows[0] and "利益迴避聲明" in rows[0]
    by_name = {
        name: row for row in rows for name in ("未填", "草稿", "已送出") if f"{name}的社群" in row
    }
    assert "初審" in by_name["未填"] and roc_date(program.first_review_due) in by_name["未填"]
    assert by_name["未填"].endswith("未填 利益迴避聲明")
    assert by_name["草稿"].endswith("草稿 審查")
    assert by_name["已送出"].endswith("已送出 檢視")
    assert "已逾期" not in by_name["未填"]


def test_assignments_without_a_due_date_come_last(client, three):
    reviewer, program = three
    program.first_review_due = None
    program.save()
    client.force_login(reviewer)

    rows = rows_of(Page(client.get(QUEUE)))

    assert "複審的社群" in rows[0] and "(未訂)" in rows[-1]


def test_the_queue_is_paginated(client, program):
    reviewer = UserFactory(reviewer=True)
    _assign_many(program, reviewer, QUEUE_PER_PAGE + 5)
    client.force_login(reviewer)

    first = Page(client.get(QUEUE))
    second = Page(client.get(QUEUE, {"page": 2}))

    assert len(rows_of(first)) == QUEUE_PER_PAGE and len(rows_of(second)) == 5
    assert f"共 {QUEUE_PER_PAGE + 5} 件" in first.text("queue")
    assert "第 1 / 2 頁" in first.text("queue") and 'href="?page=2"' in first.html


def test_the_pages_follow_one_order_and_list_each_assignment_once(client, program):
    program.first_review_due = timezone.localdate() + timedelta(days=20)
    program.second_review_due = timezone.localdate() + timedelta(days=5)
    program.save()
    reviewer = UserFactory(reviewer=True)
    _assign_many(program, reviewer, QUEUE_PER_PAGE + 5)
    client.force_login(reviewer)

    pages = [Page(client.get(QUEUE, {"page": n})) for n in (1, 2)]
    ids = [tr.get("id") for page in pages for tr in page.root.iterfind(".//h:tr[@id]", NS)]
    rows = [row for page in pages for row in rows_of(page)]

    assert len(ids) == len(set(ids)) == QUEUE_PER_PAGE + 5
    stages = ["複審" if "複審" in row else "初審" for row in rows]
    assert stages == ["複審"] * 5 + ["初審"] * QUEUE_PER_PAGE  # the sooner 複審 first
    expected = ReviewAssignment.objects.filter(reviewer=reviewer).order_by("assigned_at", "id")
    first = [f"assignment-{a.pk}" for a in expected if a.stage == workflow.SECOND_REVIEW]
    assert ids[:5] == first  # then by when they were assigned


def _assign_many(program, reviewer, count: int) -> None:
    """``count`` assignments of the reviewer, their reviews in every state, in bulk."""
    start = Application.objects.count()
    bulk_applications(
        program=program, school=SchoolFactory(), partner=SchoolFactory(), count=count, start=start
    )
    applications = Application.objects.filter(name__startswith="大量社群").order_by("id")[:count]
    assignments = ReviewAssignment.objects.bulk_create(
        ReviewAssignment(
            application=a,
            program=program,
            reviewer=reviewer,
            stage=workflow.SECOND_REVIEW if i % 5 == 0 else workflow.FIRST_REVIEW,
        )
        for i, a in enumerate(applications)
    )
    ConflictDeclaration.objects.bulk_create(
        ConflictDeclaration(
            application_id=a.application_id, reviewer=reviewer, stage=a.stage, has_conflict=False
        )
        for a in assignments[::2]
    )
    Review.objects.bulk_create(
        Review(
            assignment=a,
            opinion="意見",
            submitted_at=timezone.now() if i % 2 else None,
        )
        for i, a in enumerate(assignments[::3])
    )


# Measured: session, user, the header's unread messages, the count, the page's order, its rows.
QUEUE_QUERIES = 6


@pytest.mark.parametrize("count", [10, 1000])
def test_the_queue_runs_a_fixed_number_of_queries(
    client, program, count, django_assert_max_num_queries
):
    program.first_review_due = date(2020, 11, 30)
    program.save()
    reviewer = UserFactory(reviewer=True)
    _assign_many(program, reviewer, count)
    client.force_login(reviewer)

    with django_assert_max_num_queries(QUEUE_QUERIES):
        response = client.get(QUEUE)

    rows = rows_of(Page(response))
    assert len(rows) == min(count, QUEUE_PER_PAGE)
    assert any("草稿" in row for row in rows) and any("已送出" in row for row in rows)


def test_the_queue_is_counted_and_ordered_over_the_assignments_alone(
    client, program, django_assert_max_num_queries
):
    """Its pages are counted without the joins its due date needs (the reviewer's assignments
    only, by their index), and ordered over the assignments and their year: only the page's
    rows are read with their applications, schools and reviews."""
    reviewer = UserFactory(reviewer=True)
    _assign_many(program, reviewer, QUEUE_PER_PAGE + 3)
    client.force_login(reviewer)

    with django_assert_max_num_queries(QUEUE_QUERIES) as done:
        page = Page(client.get(QUEUE))

    assert f"共 {QUEUE_PER_PAGE + 3} 件" in page.text("queue")
    counts = [q["sql"] for q in done.captured_queries if "reviews_reviewassignment" in q["sql"]]
    counts = [sql for sql in counts if "COUNT(*)" in sql]
    assert counts and all("JOIN" not in sql for sql in counts)
    reads = [q["sql"] for q in done.captured_queries if "communities_application" in q["sql"]]
    assert len(reads) == 1 and "reviews_reviewassignment" in reads[0]
    assert '"reviews_reviewassignment"."id" IN (' in reads[0]  # the page's, by their ids


@pytest.mark.parametrize("role", ["teacher", "school_admin", "center"])
def test_the_queue_is_for_reviewers(client, role):
    client.force_login(UserFactory(**{role: True}))
    assert client.get(QUEUE).status_code == 403


def test_a_reviewer_without_assignments_is_told_so(client):
    client.force_login(UserFactory(reviewer=True))
    assert "目前沒有指派給您的審查案件。" in Page(client.get(QUEUE)).text("queue")


def test_the_declared_reviewer_opens_the_review_from_the_queue(client, program):
    application = application_in(workflow.UNDER_REVIEW, program, name="開啟的社群")
    reviewer = application.review_assignments.get().reviewer
    declare_no_conflict(application, reviewer)
    client.force_login(reviewer)

    page = Page(client.get(QUEUE))

    assert f'href="{reverse("reviews:review", args=[application.pk])}"' in page.html
    assert rows_of(page)[0].endswith("未填 審查")


def test_each_cell_is_text_with_its_label_for_the_phone(client, program):
    application = application_in(workflow.UNDER_REVIEW, program, name="<b>數學</b>社群")
    reviewer = application.review_assignments.get().reviewer
    client.force_login(reviewer)

    page = Page(client.get(QUEUE))
    assignment = application.review_assignments.get()
    row = page.by_id(f"assignment-{assignment.pk}")
    cells = {
        td.get("data-label"): " ".join("".join(td.itertext()).split())
        for td in row.iter("{http://www.w3.org/1999/xhtml}td")
    }

    assert cells == {
        "審查期限": roc_date(program.first_review_due) if program.first_review_due else "(未訂)",
        "階段": "初審",
        "學校": application.school.name,
        "社群名稱": "<b>數學</b>社群",  # the name as text, not markup
        "類型": application.community_type.name,
        "申請狀態": "審查中",
        "我的審查": "未填",
        "操作": "利益迴避聲明",
    }
