"""The center's application list: filtered in SQL, sorted, paginated, exported; 指定審查 and 移除
on the rows chosen or on every application the filter matches."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from communities import workflow
from communities.models import Application, Transition
from communities.tests.helpers import NS, Page
from notifications.models import Message
from people.models import District
from people.tests.factories import SchoolFactory, UserFactory
from reviews.models import ReviewAssignment
from reviews.services import review_assign
from testsupport.flow import application_in, complete_application, submit_review
from testsupport.shared import open_program, shared_data

pytestmark = pytest.mark.django_db

LIST = reverse("center:applications")
ASSIGN = reverse("center:assign")


@pytest.fixture
def center(db):
    return UserFactory(center=True, name="林中心")


@pytest.fixture
def center_client(client, center):
    client.force_login(center)
    return client


def rows(response) -> str:
    return Page(response).text("applications")


def test_the_list_shows_every_application_of_the_year(center_client, program):
    draft = complete_application(program, name="草稿社群")
    sent = application_in(workflow.SENT_TO_CENTER, program, name="已送中心社群")

    page = Page(center_client.get(LIST))

    text = page.text("applications")
    assert "草稿社群" in text and "已送中心社群" in text
    assert "符合條件 2 件" in page.visible_text()
    assert "學校已彙整送中心" in page.text(f"application-{sent.pk}")
    assert draft.school.name in page.text(f"application-{draft.pk}")


@pytest.fixture(scope="class")
def three_applications(django_db_setup, django_db_blocker):
    """A draft of 王小明's, an application sent to the center and a cross-school draft: built
    once for the class's tests."""
    with shared_data(django_db_blocker):
        program = open_program()
        complete_application(program, name="草稿社群", convenor_name="王小明")
        application_in(workflow.SENT_TO_CENTER, program, name="已送中心社群")
        complete_application(program, name="跨校社群", cross=True, partners=[SchoolFactory()])
        yield


class TestFilters:
    @pytest.mark.parametrize(
        ("params", "shown", "hidden"),
        [
            ({"status": "sent_to_center"}, "已送中心社群", "草稿社群"),
            ({"scope": "cross"}, "跨校社群", "草稿社群"),
            ({"scope": "same"}, "草稿社群", "跨校社群"),
            ({"q": "跨校"}, "跨校社群", "草稿社群"),
            ({"q": "王小明"}, "草稿社群", "跨校社群"),
        ],
    )
    def test_narrow_the_list(
        self, center_client, program, three_applications, params, shown, hidden
    ):
        text = rows(center_client.get(LIST, {"year": 109, **params}))

        assert shown in text and hidden not in text


def test_filter_by_district_school_type_and_reviewer(center_client, program):
    east = District.objects.get(name="東區")
    north = District.objects.get(name="下營區")
    in_east = complete_application(program, name="東區社群", school=SchoolFactory(district=east))
    in_north = application_in(
        workflow.UNDER_REVIEW,
        program,
        name="下營社群",
        type_number=2,
        school=SchoolFactory(district=north, code="214599"),
    )
    reviewer = in_north.review_assignments.get().reviewer

    assert "下營社群" not in rows(center_client.get(LIST, {"district": east.pk}))
    assert "東區社群" not in rows(center_client.get(LIST, {"school": "214599"}))
    assert "東區社群" not in rows(
        center_client.get(LIST, {"school": f"214599 {in_north.school.name}"})
    )
    assert "東區社群" not in rows(center_client.get(LIST, {"type": in_north.community_type_id}))
    by_reviewer = rows(center_client.get(LIST, {"reviewer": reviewer.pk}))
    assert "下營社群" in by_reviewer and "東區社群" not in by_reviewer
    assert in_east.pk


def test_the_pages_a_school_filtered_list_leads_to_keep_its_school(center_client, program):
    """Its export, its 寄通知信 and its paging name the school by its code, as the field does:
    a school's database id read as a code would name another school, or none and so all."""
    ours = complete_application(program, name="本校社群", school=SchoolFactory(code="214501"))
    for number in range(3):  # codes that begin with the digits of the school's id
        complete_application(
            program,
            name=f"他校社群{number}",
            school=SchoolFactory(code=f"{ours.school_id}{number}9"),
        )

    page = Page(center_client.get(LIST, {"school": "214501"}))
    export = page.root.find(".//h:a[.='匯出 .xlsx']", NS).get("href")
    message = page.root.find(".//h:a[.='寄通知信給這些召集人或學校']", NS).get("href")

    assert "school=214501" in export and "school=214501" in message
    sheet = load_workbook(io.BytesIO(center_client.get(export).content)).active
    assert [row[4].value for row in sheet.iter_rows(min_row=2)] == ["本校社群"]
    assert "召集人（1 人）" in Page(center_client.get(message)).visible_text()


def test_an_unknown_school_is_said_at_its_field_and_nothing_is_hidden(center_client, program):
    complete_application(program, name="某社群")

    page = Page(center_client.get(LIST, {"school": "不存在的學校"}))

    assert "找不到符合的學校" in page.text("f-school")
    assert page.value("school") == "不存在的學校"
    assert "某社群" in page.text("applications")


def test_sorting_by_a_column_and_back(center_client, program):
    complete_application(program, name="乙社群")
    complete_application(program, name="甲社群")

    ascending = rows(center_client.get(LIST, {"sort": "name"}))
    descending = rows(center_client.get(LIST, {"sort": "-name"}))

    assert ascending.index("乙社群") < ascending.index("甲社群")
    assert descending.index("甲社群") < descending.index("乙社群")


def test_the_list_is_paginated_and_its_size_does_not_grow(center_client, program):
    for n in range(55):
        complete_application(program, name=f"社群{n:02d}", requests_budget=False)

    first = center_client.get(LIST)
    second = center_client.get(LIST, {"page": 2})

    assert Page(first).html.count('name="applications"') == 50
    assert Page(second).html.count('name="applications"') == 5
    assert "第 1 / 2 頁" in Page(first).visible_text()


def test_the_export_holds_the_filtered_list_with_text_as_text(center_client, program):
    complete_application(program, name='=HYPERLINK("http://evil.example/","x")')
    complete_application(program, name="其他社群", cross=True, partners=[SchoolFactory()])

    response = center_client.get(reverse("center:applications_xlsx"), {"scope": "same"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[4] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in names] == ['=HYPERLINK("http://evil.example/","x")']
    assert names[0].data_type == "s"
    requested = sheet.cell(row=2, column=11)
    assert requested.data_type == "n" and requested.value > 0


# 指定審查 from the list --------------------------------------------------------------------------


def test_assigning_the_chosen_rows(center_client, program, center):
    first = application_in(workflow.SENT_TO_CENTER, program, name="甲社群")
    second = application_in(workflow.SENT_TO_CENTER, program, name="乙社群")
    reviewers = [UserFactory(reviewer=True), UserFactory(reviewer=True)]

    response = center_client.post(
        ASSIGN,
        {
            "applications": [first.pk],
            "reviewers": [r.pk for r in reviewers],
            "back": LIST,
            "confirm": "1",
        },
        follow=True,
    )

    assert ReviewAssignment.objects.filter(application=first).count() == 2
    assert not ReviewAssignment.objects.filter(application=second).exists()
    assert Application.objects.get(pk=first.pk).status == workflow.UNDER_REVIEW
    assert Transition.objects.get(application=first, action="start_review").by == center
    text = Page(response).visible_text()
    assert "已指定 2 組審查" in text and "1 件申請狀態變更為「審查中」" in text
    for reviewer in reviewers:
        message = Message.objects.get(recipient=reviewer, event="review.assigned")
        assert "甲社群" in message.body


def test_assigning_asks_first_and_changes_nothing_until_confirmed(center_client, program):
    application = application_in(workflow.SENT_TO_CENTER, program, name="甲社群")
    reviewer = UserFactory(reviewer=True, name="外校委員")
    data = {"applications": [application.pk], "reviewers": [reviewer.pk], "back": LIST}

    page = Page(center_client.post(ASSIGN, data))

    assert "甲社群" in page.text("confirm-pairs") and "外校委員" in page.text("confirm-pairs")
    assert "學校已彙整送中心 → 審查中" in page.text("confirm-applications")
    told = page.text("confirm-told")
    assert "外校委員（審查委員）" in told and application.convenor.name in told
    assert not ReviewAssignment.objects.exists()
    assert Application.objects.get(pk=application.pk).status == workflow.SENT_TO_CENTER
    assert not Message.objects.filter(event="review.assigned").exists()

    center_client.post(ASSIGN, {**data, "confirm": "1"})
    again = Page(center_client.post(ASSIGN, {**data, "confirm": "1"}, follow=True))
    assert ReviewAssignment.objects.filter(application=application).count() == 1
    assert Message.objects.filter(event="review.assigned", recipient=reviewer).count() == 1
    assert "已指定過，未重複指定" in again.visible_text()


def test_assigning_every_application_the_filter_matches(center_client, program):
    sent = [application_in(workflow.SENT_TO_CENTER, program, name=f"送中心{n}") for n in range(3)]
    draft = complete_application(program, name="草稿")
    reviewer = UserFactory(reviewer=True)

    center_client.post(
        ASSIGN,
        {
            "all_matching": "1",
            "status": "sent_to_center",
            "reviewers": [reviewer.pk],
            "confirm": "1",
        },
    )

    assert set(ReviewAssignment.objects.values_list("application", flat=True)) == {
        a.pk for a in sent
    }
    assert Application.objects.get(pk=draft.pk).status == workflow.DRAFT


def test_assigning_every_match_of_a_filter_naming_no_school_assigns_nothing(center_client, program):
    application_in(workflow.SENT_TO_CENTER, program, name="送中心")
    reviewer = UserFactory(reviewer=True)
    data = {
        "all_matching": "1",
        "school": "不存在的學校",
        "status": "sent_to_center",
        "reviewers": [reviewer.pk],
    }

    for confirm in ({}, {"confirm": "1"}):
        page = Page(center_client.post(ASSIGN, {**data, **confirm}, follow=True))
        assert "篩選條件有誤，請修正後再指定審查。" in page.visible_text()
        assert "找不到符合的學校" in page.text("f-school")
        assert page.value("school") == "不存在的學校"

    assert not ReviewAssignment.objects.exists()
    assert not Message.objects.filter(event="review.assigned").exists()


def test_reviewers_of_the_lead_and_partner_schools_are_skipped_with_the_reason(
    center_client, program
):
    partner = SchoolFactory(name="合作國中")
    application = application_in(
        workflow.SENT_TO_CENTER, program, name="跨校社群", cross=True, partners=[partner]
    )
    own = UserFactory(reviewer=True, name="同校委員", school=application.school)
    partner_reviewer = UserFactory(reviewer=True, name="合作校委員", school=partner)
    outsider = UserFactory(reviewer=True, name="外校委員")

    response = center_client.post(
        ASSIGN,
        {
            "applications": [application.pk],
            "reviewers": [own.pk, partner_reviewer.pk, outsider.pk],
            "confirm": "1",
        },
        follow=True,
    )

    assert list(ReviewAssignment.objects.values_list("reviewer__name", flat=True)) == ["外校委員"]
    text = Page(response).visible_text()
    assert (
        f"未指定「跨校社群」給 同校委員：審查委員與申請學校（{application.school.name}）同校"
        in text
    )
    assert "未指定「跨校社群」給 合作校委員：審查委員屬合作學校（合作國中），不得審查。" in text


def test_assigning_without_a_choice_says_what_is_missing(center_client, program):
    application = application_in(workflow.SENT_TO_CENTER, program)

    no_reviewer = Page(center_client.post(ASSIGN, {"applications": [application.pk]}, follow=True))
    no_application = Page(
        center_client.post(ASSIGN, {"reviewers": [UserFactory(reviewer=True).pk]}, follow=True)
    )

    assert "請勾選至少一位審查委員。" in no_reviewer.visible_text()
    assert "請勾選至少一件申請。" in no_application.visible_text()
    assert not ReviewAssignment.objects.exists()


def test_each_reviewers_load_is_shown(center_client, program):
    reviewer = UserFactory(reviewer=True, name="忙碌委員")
    for _ in range(2):
        review_assign(
            applications=[application_in(workflow.SENT_TO_CENTER, program)],
            reviewers=[reviewer],
            by=UserFactory(center=True),
        )

    page = Page(center_client.get(LIST))

    assert "忙碌委員" in page.text("f-reviewers") and "待審 2 / 已指定 2" in page.text(
        "f-reviewers"
    )


def test_an_assignment_is_removed_and_the_reviewer_told(center_client, program):
    application = application_in(workflow.UNDER_REVIEW, program, name="移除測試社群")
    assignment = application.review_assignments.get()

    response = center_client.post(
        reverse("center:unassign", args=[assignment.pk]), {"back": LIST}, follow=True
    )

    assert not ReviewAssignment.objects.filter(pk=assignment.pk).exists()
    assert (
        f"已移除「移除測試社群」的審查委員 {assignment.reviewer.name}。"
        in Page(response).visible_text()
    )
    assert Message.objects.filter(recipient=assignment.reviewer, event="review.unassigned").exists()


def test_a_submitted_review_keeps_its_assignment(center_client, program):
    application = application_in(workflow.UNDER_REVIEW, program)
    assignment = application.review_assignments.get()
    submit_review(application, assignment.reviewer, opinion="同意")

    response = center_client.post(reverse("center:unassign", args=[assignment.pk]), follow=True)

    assert ReviewAssignment.objects.filter(pk=assignment.pk).exists()
    assert "已送出審查意見，不能移除。" in Page(response).visible_text()


# Who may use it; what it costs -------------------------------------------------------------------


@pytest.fixture(scope="class")
def sent_once(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        yield application_in(workflow.SENT_TO_CENTER, open_program())


class TestOnlyTheCenter:
    @pytest.mark.parametrize("role", ["teacher", "school_admin", "reviewer"])
    def test_uses_the_list(self, client, program, sent_once, role):
        application = sent_once
        client.force_login(UserFactory(**{role: True}))
        assert client.get(LIST).status_code == 403
        assert client.get(reverse("center:applications_xlsx")).status_code == 403
        response = client.post(
            ASSIGN, {"applications": [application.pk], "reviewers": [UserFactory(reviewer=True).pk]}
        )
        assert response.status_code == 403
        assert not ReviewAssignment.objects.exists()


@pytest.fixture(scope="class")
def ten_applications(django_db_setup, django_db_blocker):
    """10 applications of the bulk kinds (summaries.tests.builders): built once for the class's
    tests, which add to them."""
    from summaries.tests.builders import bulk_applications

    with shared_data(django_db_blocker):
        school, partner = SchoolFactory(), SchoolFactory()
        bulk_applications(program=open_program(), school=school, partner=partner, count=10)
        yield school, partner


class TestTheListsCost:
    @pytest.mark.parametrize("count", [10, 1000])
    def test_is_a_fixed_number_of_queries_and_keeps_its_size(
        self, center_client, program, ten_applications, count, django_assert_max_num_queries
    ):
        from summaries.tests.builders import bulk_applications

        school, partner = ten_applications
        bulk_applications(
            program=program, school=school, partner=partner, count=count - 10, start=10
        )
        with django_assert_max_num_queries(16):
            response = center_client.get(LIST)
        assert Page(response).html.count('name="applications"') == min(count, 50)
        # One page of 50 rows, whatever the year holds (the reviewers and filters aside).
        assert len(response.content) < 150_000


def test_the_list_offers_the_bulk_decision_for_the_ticked_rows(center_client, program):
    application = application_in(workflow.UNDER_REVIEW, program, name="批次社群")
    page = Page(center_client.get(LIST))
    button = next(
        b
        for b in page.root.iterfind(".//h:button", NS)
        if (b.text or "").strip() == "批次決定審查結果"
    )
    assert button.get("formaction") == reverse("reviews:decide_many")

    response = center_client.post(
        reverse("reviews:decide_many"), {"applications": [application.pk], "back": LIST}
    )

    assert "批次社群" in Page(response).visible_text()
