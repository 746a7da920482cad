"""指定審查's reviewer picker and the dashboard's reviewers: a bounded number of reviewers, found
by name or school as the center types (htmx) or through a plain search field (no JavaScript),
in the same queries for 5 reviewers or 60."""

import pytest
from django.urls import reverse

from communities import workflow
from communities.tests.helpers import NS, Page
from people.tests.factories import SchoolFactory, UserFactory
from reviews.services import review_assign
from testsupport.flow import advance, application_in

pytestmark = pytest.mark.django_db

LIST = reverse("center:applications")
OPTIONS = reverse("center:reviewer_options")
HOME = reverse("center:home")


@pytest.fixture
def center_client(client):
    client.force_login(UserFactory(center=True))
    return client


def inputs(page: Page, name: str = "reviewers") -> list:
    return list(page.root.iterfind(f".//h:input[@name='{name}']", NS))


def listed(response) -> str:
    return Page(response).text("reviewer-list")


def reviewers(count: int, *, prefix: str = "委員") -> list:
    return [UserFactory(reviewer=True, name=f"{prefix}{n:03d}") for n in range(count)]


def test_without_javascript_the_search_field_lists_the_matching_reviewers(center_client, program):
    application_in(workflow.SENT_TO_CENTER, program)
    school = SchoolFactory(name="市立搜尋國中")
    UserFactory(reviewer=True, name="王大明")
    UserFactory(reviewer=True, name="李小華", school=school)
    UserFactory(reviewer=True, name="陳其他")

    by_name = listed(center_client.get(LIST, {"reviewer_q": "大明"}))
    by_school_name = listed(center_client.get(LIST, {"reviewer_q": "搜尋國中"}))
    nothing = listed(center_client.get(LIST, {"reviewer_q": "查無此人"}))

    assert "王大明" in by_name and "陳其他" not in by_name and "李小華" not in by_name
    assert "李小華" in by_school_name and "王大明" not in by_school_name
    assert "找不到姓名或學校含「查無此人」的審查委員。" in nothing


def test_the_search_form_keeps_the_lists_filter(center_client, program):
    application_in(workflow.SENT_TO_CENTER, program)
    page = Page(center_client.get(LIST, {"status": workflow.SENT_TO_CENTER, "q": "社群"}))

    form = page.by_id("reviewer-search")
    hidden = {(el.get("name"), el.get("value")) for el in form.iter() if el.get("type") == "hidden"}
    assert ("status", workflow.SENT_TO_CENTER) in hidden and ("q", "社群") in hidden
    assert form.get("method") == "get" and form.get("action").endswith("#f-reviewers")
    search = page.by_id("id_reviewer_q")
    assert search.get("form") == "reviewer-search"
    assert search.get("hx-get") == OPTIONS


def test_the_picker_lists_at_most_20_reviewers_and_says_so(center_client, program):
    application_in(workflow.SENT_TO_CENTER, program)
    reviewers(30)

    page = Page(center_client.get(LIST))

    assert len(inputs(page)) == 20
    assert "只列出前 20 位，請輸入姓名或學校搜尋其他委員。" in page.text("reviewer-list")


def test_as_you_type_the_ticked_reviewers_stay_ticked_at_the_top(center_client, program):
    ticked = UserFactory(reviewer=True, name="已勾選委員")
    reviewers(25, prefix="王委員")

    response = center_client.get(
        OPTIONS, {"reviewer_q": "王委員", "reviewers": [ticked.pk], "year": program.academic_year}
    )

    page = Page(response)
    assert "<html" not in response.content.decode()  # the list alone
    boxes = inputs(page)
    assert boxes[0].get("value") == str(ticked.pk) and boxes[0].get("checked") is not None
    assert len(boxes) == 21  # the ticked one and 20 found
    assert all(el.get("checked") is None for el in boxes[1:])


def test_the_picker_shows_each_reviewers_load(center_client, program):
    busy = UserFactory(reviewer=True, name="忙碌委員")
    review_assign(
        applications=[application_in(workflow.SENT_TO_CENTER, program)],
        reviewers=[busy],
        by=UserFactory(center=True),
    )

    text = listed(center_client.get(OPTIONS, {"reviewer_q": "忙碌"}))

    assert "忙碌委員" in text and "待審 1 / 已指定 1" in text


@pytest.mark.parametrize("url", [LIST, OPTIONS])
def test_the_picker_costs_the_same_for_5_reviewers_or_60(
    center_client, program, url, django_assert_max_num_queries
):
    application_in(workflow.SENT_TO_CENTER, program)
    sizes, counts = [], []
    for count in (5, 55):
        reviewers(count, prefix=f"委員{count}-")
        with django_assert_max_num_queries(16) as queries:
            response = center_client.get(url)
        counts.append(len(queries))
        sizes.append(Page(response).html.count('name="reviewers"'))

    assert counts[0] == counts[1]
    assert sizes == [5, 20]  # 5; then at most 20 of 60


def test_the_lists_reviewer_filter_offers_the_chosen_reviewer_only(center_client, program):
    application = application_in(workflow.UNDER_REVIEW, program, name="有委員的社群")
    reviewer = application.review_assignments.get().reviewer
    reviewers(10)

    page = Page(center_client.get(LIST, {"reviewer": reviewer.pk}))

    options = [
        el.get("value") for el in page.by_id("id_reviewer").iter() if el.tag.endswith("option")
    ]
    assert options == ["", str(reviewer.pk)]
    assert "有委員的社群" in page.text("applications")


def test_the_dashboard_lists_the_busiest_reviewers_first(center_client, program):
    center = UserFactory(center=True)
    idle = UserFactory(reviewer=True, name="閒委員")
    busy = UserFactory(reviewer=True, name="忙委員")
    review_assign(
        applications=[application_in(workflow.SENT_TO_CENTER, program)],
        reviewers=[idle, busy],
        by=center,
    )
    review_assign(
        applications=[application_in(workflow.SENT_TO_CENTER, program)], reviewers=[busy], by=center
    )

    text = Page(center_client.get(HOME)).text("reviewers")

    assert text.index("忙委員") < text.index("閒委員")
    assert "共 3 件待審" in text


def test_the_dashboard_lists_20_reviewers_and_says_how_many_have_assignments(
    center_client, program, django_assert_max_num_queries
):
    counts = []
    for count in (3, 25):
        group = reviewers(count, prefix=f"委員{count}-")
        review_assign(
            applications=[application_in(workflow.SENT_TO_CENTER, program)],
            reviewers=group,
            by=UserFactory(center=True),
        )
        with django_assert_max_num_queries(31) as queries:
            page = Page(center_client.get(HOME))
        counts.append(len(queries))
    text = page.text("reviewers")

    assert counts[0] == counts[1]
    assert len(page.by_id("reviewers").findall(".//{*}tbody/{*}tr")) == 20
    assert "列出待審最多的 20 位（共 28 位委員已有指定）" in text


def test_a_review_of_a_stage_already_decided_is_no_longer_owed(center_client, program):
    application = application_in(workflow.UNDER_REVIEW, program)
    late = UserFactory(reviewer=True, name="未交委員")
    review_assign(applications=[application], reviewers=[late], by=UserFactory(center=True))
    # The other reviewer's 初審 review is in and the center records 初審通過.
    advance(application, workflow.FIRST_PASSED)

    text = listed(center_client.get(OPTIONS, {"reviewer_q": "未交"}))

    assert "未交委員" in text and "待審 0 / 已指定 1" in text
    assert "共 0 件待審" in Page(center_client.get(HOME)).text("reviewers")
