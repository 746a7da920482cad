"""批次決定: the center picks a stage result for the applications chosen on its list, sees what
will happen to each and who is told, confirms once; the same confirmation posted twice records
the results once."""

import pytest
from django.urls import reverse
from post_office.models import Email

from communities import workflow
from communities.models import Application, Transition
from communities.tests.helpers import Page
from people.tests.factories import UserFactory
from reviews.models import DecisionBatch
from reviews.selectors import approval_cap
from reviews.services import review_assign
from testsupport.flow import application_in, school_admin_of, submit_review
from testsupport.shared import open_program, shared_data

pytestmark = pytest.mark.django_db

URL = reverse("reviews:decide_many")
BACK = reverse("center:applications") + "?status=under_review"


@pytest.fixture(scope="class")
def batch_once(django_db_setup, django_db_blocker):
    """Two applications under review with a submitted review, one without any, one approved:
    built once for the class's tests."""
    with shared_data(django_db_blocker):
        program = open_program()
        yield [a.pk for a in _batch(program)]


@pytest.fixture
def batch(batch_once, program):
    by_pk = Application.objects.in_bulk(batch_once)
    return [by_pk[pk] for pk in batch_once]


def _batch(program):
    first = application_in(workflow.UNDER_REVIEW, program, name="甲社群")
    second = application_in(workflow.UNDER_REVIEW, program, name="乙社群")
    for application in (first, second):
        submit_review(application, application.review_assignments.get().reviewer)
    unreviewed = application_in(workflow.UNDER_REVIEW, program, name="未審社群")
    approved = application_in(workflow.APPROVED, program, name="已核定社群")
    return [Application.objects.get(pk=a.pk) for a in (first, second, unreviewed, approved)]


@pytest.fixture
def center_client(client):
    client.force_login(UserFactory(center=True, name="林中心"))
    return client


def ids(applications) -> list[int]:
    return [a.pk for a in applications]


def decided(applications):
    """The 初審通過 recorded on these applications since they were under review."""
    return Transition.objects.filter(
        application__in=applications, action="first_pass", from_status=workflow.UNDER_REVIEW
    ).exclude(application__status=workflow.APPROVED)


class TestBatch:
    """Tests on one batch (built once for the class; each test's changes rolled back)."""

    def test_the_list_posts_the_chosen_applications_and_the_page_lists_them(
        self, center_client, batch
    ):
        page = Page(center_client.post(URL, {"applications": ids(batch), "back": BACK}))

        chosen = page.text("chosen")
        assert "已選 4 件申請" in chosen
        for name in ("甲社群", "乙社群", "未審社群", "已核定社群"):
            assert name in chosen
        for label in ("初審通過", "初審退回修正", "不通過", "複審通過(核定)"):
            assert label in page.text("f-action")
        assert page.value("back") == BACK

    def test_the_confirmation_says_what_happens_to_which_application_and_who_is_told(
        self, center_client, batch
    ):
        first, second, unreviewed, approved = batch
        data = {"applications": ids(batch), "back": BACK, "action": "first_pass", "step": "preview"}

        page = Page(center_client.post(URL, {**data, "comment": "委員均建議通過。"}))

        assert "將記錄「初審通過」：2 件（共選 4 件）" in page.text("confirm")
        for application in (first, second):
            row = page.text(f"plan-{application.pk}")
            assert "審查中" in row and "→ 初審通過俟複審通過後執行並填寫成果報告書" in row
            assert application.convenor.name in row and school_admin_of(application).name in row
        assert "不會變更：本階段（初審）尚無審查委員送出審查意見" in page.text(
            f"plan-{unreviewed.pk}"
        )
        assert "不會變更：目前狀態為「複審通過(核定)」，不能記錄「初審通過」" in page.text(
            f"plan-{approved.pk}"
        )
        assert "確認記錄 2 件" in page.text("confirm")
        assert not decided(batch)

    def test_a_return_needs_its_reason_and_keeps_the_choice(self, center_client, batch):
        page = Page(
            center_client.post(
                URL,
                {
                    "applications": ids(batch),
                    "action": "first_return",
                    "comment": "",
                    "step": "preview",
                },
            )
        )

        assert "「初審退回修正」請填寫意見，說明原因。" in page.text("f-comment")
        assert page.checked("action") == {"first_return"}
        assert page.by_id("confirm") is None

    def test_confirming_records_each_result_once_and_tells_each_convenor(
        self, center_client, batch
    ):
        first, second, unreviewed, approved = batch
        preview = Page(
            center_client.post(
                URL,
                {
                    "applications": ids(batch),
                    "back": BACK,
                    "action": "first_pass",
                    "comment": "委員均建議通過。",
                    "step": "preview",
                },
            )
        )
        confirm = {
            "applications": ids(batch),
            "back": BACK,
            "action": "first_pass",
            "comment": "委員均建議通過。",
            "key": preview.value("key"),
            "step": "confirm",
        }

        response = center_client.post(URL, confirm, follow=True)

        page = Page(response)
        assert "林中心 於" in page.text(
            "batch"
        ) and "記錄「初審通過」：2 件已記錄（共 4 件）" in page.text("batch")
        assert "審查中 → 初審通過俟複審通過後執行並填寫成果報告書" in page.text(f"item-{first.pk}")
        assert "未記錄：本階段（初審）尚無審查委員送出審查意見" in page.text(
            f"item-{unreviewed.pk}"
        )
        statuses = dict(Application.objects.values_list("pk", "status"))
        assert statuses[first.pk] == statuses[second.pk] == workflow.FIRST_PASSED
        assert statuses[unreviewed.pk] == workflow.UNDER_REVIEW
        assert statuses[approved.pk] == workflow.APPROVED
        for application in (first, second):
            transition = Transition.objects.get(application=application, action="first_pass")
            assert transition.comment == "委員均建議通過。"
            assert Email.objects.filter(
                to=[application.convenor.email], subject__contains="初審通過"
            ).exists()
        mails = Email.objects.count()

        # The same confirmation again (a double click, the back button): nothing more happens.
        again = center_client.post(URL, confirm, follow=True)

        assert "這批審查結果已於" in Page(again).visible_text()
        assert DecisionBatch.objects.count() == 1
        assert decided(batch).count() == 2
        assert Email.objects.count() == mails
        assert f'href="{BACK}"' in Page(again).html.replace("&amp;", "&")

    def test_a_review_submitted_between_two_posts_of_a_confirmation_is_not_decided(
        self, center_client, batch
    ):
        first, _second, unreviewed, _approved = batch
        confirm = {
            "applications": [first.pk, unreviewed.pk],
            "action": "first_pass",
            "comment": "",
            "key": "6b0e3a5c-7a57-4a1e-9f4e-2a5c8c0e1d11",
            "step": "confirm",
        }
        center_client.post(URL, confirm)
        submit_review(unreviewed, unreviewed.review_assignments.get().reviewer)

        center_client.post(URL, confirm)

        assert Application.objects.get(pk=unreviewed.pk).status == workflow.UNDER_REVIEW


@pytest.fixture
def second_stage_pair(program):
    applications = []
    for name, amount in (("丙社群", 1000), ("丁社群", None)):
        application = application_in(workflow.FIRST_PASSED, program, name=name)
        reviewer = UserFactory(reviewer=True)
        review_assign(applications=[application], reviewers=[reviewer], by=UserFactory(center=True))
        submit_review(
            application, reviewer, option="建議核定" if amount else "建議不通過", amount=amount
        )
        applications.append(Application.objects.get(pk=application.pk))
    return applications


def test_bulk_approval_takes_each_amount_at_its_row(center_client, second_stage_pair):
    suggested, without = second_stage_pair
    cap, _ceiling, _requested = approval_cap(application=without)
    data = {"applications": ids(second_stage_pair), "action": "approve", "comment": "核定"}

    page = Page(center_client.post(URL, {**data, "step": "preview"}))

    # The reviewers' average recommended amount, or nothing to take from.
    assert page.value(f"amount-{suggested.pk}") == "1000"
    assert page.value(f"amount-{without.pk}") == ""
    assert "複審通過(核定)須填寫核定金額。" in page.text(f"f-amount-{without.pk}")
    key = page.value("key")

    wrong = {f"amount-{suggested.pk}": "1000", f"amount-{without.pk}": "12.5", "key": key}
    page = Page(center_client.post(URL, {**data, **wrong, "step": "confirm"}))
    assert "金額請填寫整數（元）。" in page.text(f"f-amount-{without.pk}")
    assert page.value(f"amount-{without.pk}") == "12.5"
    over = {**wrong, f"amount-{without.pk}": str(cap + 1)}
    page = Page(center_client.post(URL, {**data, **over, "step": "confirm"}))
    assert f"核定金額 {cap + 1:,} 元超過上限" in page.text(f"f-amount-{without.pk}")
    assert not Transition.objects.filter(action="approve").exists()

    right = {**wrong, f"amount-{without.pk}": str(cap)}
    center_client.post(URL, {**data, **right, "step": "confirm"})

    amounts = dict(Application.objects.values_list("pk", "approved_amount"))
    assert amounts[suggested.pk] == 1000 and amounts[without.pk] == cap
    assert set(Application.objects.values_list("status", flat=True)) == {workflow.APPROVED}


class TestBatchRefused:
    """Batches refused (the batch built once for the class)."""

    def test_all_matching_is_not_taken_for_a_batch(self, center_client, batch):
        response = center_client.post(
            URL, {"applications": [batch[0].pk], "all_matching": "1", "back": BACK}
        )
        page = Page(response)
        assert "批次決定只處理勾選的申請" in page.visible_text()
        assert "已選 1 件申請" in page.text("chosen")

    def test_nothing_chosen_goes_back_to_the_list_with_a_message(self, center_client):
        response = center_client.post(URL, {"back": BACK}, follow=True)
        assert response.redirect_chain[-1][0] == BACK
        assert "請先在申請案件列表勾選" in Page(response).visible_text()

    def test_a_back_link_off_the_site_is_not_followed(self, center_client, batch):
        page = Page(
            center_client.post(URL, {"applications": ids(batch), "back": "https://evil.example/"})
        )
        assert page.value("back") == reverse("center:applications")

    @pytest.mark.parametrize("role", ["teacher", "school_admin", "reviewer"])
    def test_only_the_center_decides_in_bulk(self, client, batch, role):
        client.force_login(UserFactory(**{role: True}))
        data = {
            "applications": ids(batch),
            "action": "first_pass",
            "key": "6b0e3a5c-7a57-4a1e-9f4e-2a5c8c0e1d11",
            "step": "confirm",
        }
        assert client.post(URL, data).status_code == 403
        assert not decided(batch)
        assert client.get(reverse("reviews:decide_batch", args=[1])).status_code == 403
