"""送出: every rule, its message next to its field, and nothing typed lost."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from communities import workflow
from communities.models import Application, SignedDocument, Transition
from communities.services import application_problems, application_submit, application_transition
from communities.tests.helpers import (
    Page,
    complete_plan,
    form_post_data,
    form_url,
    other_school_in_circle,
    ready_application,
    save_budget,
    teacher_with_application,
    upload_documents,
)
from notifications.models import Message
from people.tests.factories import SchoolFactory, UserFactory
from programs.models import BudgetItem, ContentItem, Option
from testsupport.flow import advance
from testsupport.shared import fresh, open_program, shared_data

pytestmark = pytest.mark.django_db


def send(client, application, **overrides):
    """Press 送出 on the form with the stored values, ``overrides`` typed over them, then
    確認送出 on the confirmation when it comes."""
    client.force_login(application.convenor)
    data = form_post_data(application, action="submit", **overrides)
    response = client.post(form_url(application), data, follow=True)
    assert response.status_code == 200
    confirm_url = reverse("communities:submit", args=[application.pk])
    if response.redirect_chain and response.redirect_chain[-1][0] == confirm_url:
        response = client.post(confirm_url, {"confirm": "1"}, follow=True)
    return Page(response)


def assert_typed_values_survived(page: Page, **typed) -> None:
    for name, value in typed.items():
        assert page.value(name) == value, name


@pytest.fixture(scope="class")
def ready_once(django_db_setup, django_db_blocker):
    with shared_data(django_db_blocker):
        yield ready_application(open_program())


@pytest.fixture
def ready(ready_once, program):
    """A draft that passes every 送出 rule: built once for a class's tests."""
    return fresh(ready_once)


class TestSending:
    """Tests on one ready draft, built once for the class (each test's changes rolled back)."""

    def test_complete_application_moves_to_waiting_for_the_school(self, client, ready):
        page = send(client, ready)
        ready.refresh_from_db()
        assert ready.status == workflow.SUBMITTED
        assert ready.status_label == "已送出待學校審核"
        assert ready.submitted_at is not None
        assert "已送出，狀態為「已送出待學校審核」" in page.visible_text()
        transition = Transition.objects.get(application=ready)
        assert (transition.action, transition.by) == ("submit", ready.convenor)

    def test_submitting_tells_the_convenor_and_the_schools_admin(self, client, ready):
        admin = UserFactory(school_admin=True, school=ready.school)
        send(client, ready)
        titles = set(Message.objects.filter(recipient=admin).values_list("title", flat=True))
        assert "社群申請狀態通知：已送出待學校審核" in titles
        assert Message.objects.filter(recipient=ready.convenor).exists()


def test_fewer_sessions_than_the_types_minimum_is_refused_at_the_schedule(client, program):
    application = ready_application(program, sessions=5)
    page = send(client, application, name="五場的社群")
    assert "「學年領域學習社群」每學年至少運作 6 次，目前規劃 5 次" in page.field_text("sessions")
    assert "進度規劃" in page.summary()
    assert_typed_values_survived(page, name="五場的社群", **{"sessions-4-content": "第5次共同備課"})
    application.refresh_from_db()
    assert application.status == workflow.DRAFT


def test_minimum_sessions_is_read_from_the_type_rule(client, program):
    application = ready_application(program, sessions=6)
    application.community_type.min_sessions = 8
    application.community_type.save()
    page = send(client, application)
    assert "每學年至少運作 8 次，目前規劃 6 次" in page.field_text("sessions")


class TestPlanRules:
    """Tests on one ready draft, built once for the class (each test's changes rolled back)."""

    def test_no_public_lesson_is_refused_at_the_schedule(self, client, ready):
        page = send(client, ready, **{"sessions-0-is_public_lesson": ""})
        assert "至少須規劃 1 次公開授課" in page.field_text("sessions")
        assert page.checked("sessions-0-is_public_lesson") == set()
        assert_typed_values_survived(page, **{"sessions-0-content": "第1次共同備課"})

    def test_a_session_outside_the_academic_year_is_refused_at_its_date(self, client, ready):
        page = send(
            client, ready, **{"sessions-2-date": "109/08/01", "sessions-3-date": "110/08/01"}
        )
        assert "日期須在109學年度內（109/08/01 至 110/07/31）" in page.field_text("sessions-3-date")
        assert "日期須在" not in page.field_text("sessions-2-date")
        assert_typed_values_survived(page, **{"sessions-3-date": "110/08/01", "name": ready.name})

    def test_a_session_ending_before_it_starts_is_refused_at_its_end_time(self, client, ready):
        page = send(
            client, ready, **{"sessions-1-start_time": "15:00", "sessions-1-end_time": "14:00"}
        )
        assert "結束時間須晚於開始時間" in page.field_text("sessions-1-end_time")
        assert_typed_values_survived(
            page, **{"sessions-1-start_time": "15:00", "sessions-1-end_time": "14:00"}
        )

    def test_a_session_without_date_time_or_content_is_refused_at_each_field(self, client, ready):
        page = send(
            client,
            ready,
            **{
                "sessions-5-date": "",
                "sessions-5-start_time": "",
                "sessions-5-end_time": "",
                "sessions-5-content": "",
                "sessions-5-method": "",
                "sessions-5-host": "仍保留的講座",
            },
        )
        assert "請填寫日期" in page.field_text("sessions-5-date")
        assert "請填寫開始時間" in page.field_text("sessions-5-start_time")
        assert "請填寫結束時間" in page.field_text("sessions-5-end_time")
        assert "請填寫實施內容" in page.field_text("sessions-5-content")
        assert "請填寫實施方式" in page.field_text("sessions-5-method")
        assert "進度規劃第6場 日期" in page.summary()
        assert_typed_values_survived(page, **{"sessions-5-host": "仍保留的講座"})

    def test_missing_required_content_is_refused_at_the_content_list(self, client, ready):
        required = ContentItem.objects.filter(
            variant=ready.community_type.content_variant, required=True
        ).order_by("order")
        kept = required.first()
        optional = ContentItem.objects.filter(
            variant=ready.community_type.content_variant, required=False
        ).first()
        page = send(client, ready, content_items=[str(kept.pk), str(optional.pk)])
        assert "必須勾選必要內容：備觀議課" in page.field_text("content_items")
        assert page.checked("content_items") == {str(kept.pk), str(optional.pk)}

    def test_other_content_without_its_text_is_refused_at_the_text(self, client, ready):
        items = ContentItem.objects.filter(variant=ready.community_type.content_variant)
        chosen = [str(i.pk) for i in items if i.required or i.allows_text]
        page = send(client, ready, content_items=chosen, content_other_text="")
        assert "勾選「其他」時請說明內容" in page.field_text("content_other_text")

    def test_other_goal_and_method_need_their_text(self, client, ready):
        other_goal = Option.objects.get(program=ready.program, kind="goal", label="其他")
        other_method = Option.objects.get(program=ready.program, kind="method", label="其他")
        page = send(client, ready, goals=[str(other_goal.pk)], methods=[str(other_method.pk)])
        assert "勾選「其他」時請說明內容" in page.field_text("goal_other_text")
        assert "勾選「其他」時請說明內容" in page.field_text("method_other_text")
        assert page.checked("goals") == {str(other_goal.pk)}


def test_fewer_members_than_the_minimum_is_refused_at_the_member_list(client, program):
    application = ready_application(program, extra_members=1)
    page = send(client, application, convenor_phone="06-1112222")
    assert "社群成員至少 3 人（含召集人），目前 2 人" in page.field_text("members")
    assert_typed_values_survived(page, convenor_phone="06-1112222", **{"members-1-name": "成員1"})


def test_empty_plan_fields_are_each_refused_at_their_field(client, program):
    application = teacher_with_application(program)
    page = send(client, application, convenor_subject="自然科學")
    for name, message in [
        ("name", "請填寫社群名稱"),
        ("community_type", "請選擇社群類型"),
        ("is_cross_school", "請選擇同校或跨校"),
        ("is_continuation", "請選擇續辦或非續辦"),
        ("domain", "請選擇學年/學科/領域"),
        ("requests_budget", "請選擇是否申請經費"),
        ("invites_experts", "請選擇是否邀請專家諮詢"),
        ("convenor_position", "請填寫召集人職任"),
        ("convenor_trained", "請選擇是否曾參與召集人培訓"),
        ("convenor_phone", "請填寫召集人聯絡電話"),
        ("competencies", "請至少勾選一項社群欲培養學生之核心素養"),
        ("goals", "請至少勾選一項社群運作目標"),
        ("methods", "請至少勾選一項社群進行方式"),
    ]:
        assert message in page.field_text(name), name
    assert_typed_values_survived(page, convenor_subject="自然科學")


class TestSchoolRules:
    """Tests on one ready draft, built once for the class (each test's changes rolled back)."""

    def test_continuation_without_its_year_is_refused_there(self, client, ready):
        page = send(client, ready, is_continuation="True", continuation_year="")
        assert "續辦社群請填寫續辦第幾年" in page.field_text("is_continuation")
        assert page.checked("is_continuation") == {"True"}

    def test_cross_school_without_partner_school_is_refused_at_the_partner_list(
        self, client, ready
    ):
        page = send(client, ready, is_cross_school="True", partner_schools=[])
        assert "跨校社群請勾選至少一所合作學校" in page.field_text("partner_schools")
        assert page.checked("is_cross_school") == {"True"}

    def test_partner_school_without_a_member_from_it_is_refused(self, client, ready):
        partner = other_school_in_circle(ready)
        page = send(client, ready, is_cross_school="True", partner_schools=[str(partner.pk)])
        assert f"合作學校「{partner.name}」尚無社群成員" in page.field_text("partner_schools")
        assert page.checked("partner_schools") == {str(partner.pk)}

    def test_same_school_community_with_a_member_of_another_school_is_refused_at_that_row(
        self, client, ready
    ):
        neighbour = other_school_in_circle(ready)
        page = send(client, ready, **{"members-2-school": str(neighbour.pk)})
        assert "同校社群的成員須為本校教師" in page.field_text("members-2-school")
        assert page.selected("members-2-school") == str(neighbour.pk)


def test_cross_school_community_with_its_partner_members_is_accepted(client, program):
    application = teacher_with_application(program)
    partner = other_school_in_circle(application)
    complete_plan(application, cross_school=True, partners=[partner])
    upload_documents(application)
    send(client, application)
    application.refresh_from_db()
    assert application.status == workflow.SUBMITTED
    assert application.ceiling() == 5000


def test_budget_over_a_cap_is_refused_with_a_link_to_the_budget_form(client, program):
    application = ready_application(program, requests_budget=True)
    save_budget(application, {1: (1, 2600)})  # 外聘講座鐘點費
    page = send(client, application, name="超過上限的社群")
    budget_box = page.field_text("budget")
    assert "外聘講座鐘點費單價 2,600 元超過講座鐘點費支給表每節上限 2,400 元" in budget_box
    assert "編輯經費概算表" in budget_box
    assert "經費概算表" in page.summary()
    assert_typed_values_survived(page, name="超過上限的社群")
    application.refresh_from_db()
    assert application.status == workflow.DRAFT


def test_budget_over_the_ceiling_is_refused(client, program):
    application = ready_application(program, requests_budget=True)
    save_budget(application, {2: (4, 800)})  # 內聘講座鐘點費
    page = send(client, application)
    assert "超過本社群補助上限 3,000 元" in page.field_text("budget")


WITHOUT_EXPERTS = (
    "外聘諮詢費以外聘學者專家為限：社群申請書「是否邀請專家諮詢」為「否」，不可編列此項。"
    "請清除本列，或在社群申請書改選「是」。"
)


def test_consultation_fee_without_inviting_experts_is_refused_at_the_budget_row(client, program):
    application = ready_application(program, requests_budget=True, invites_experts=False)
    save_budget(application, {2: (2, 800), 3: (1, 1000)})  # within the ceiling of 3,000

    page = send(client, application, name="沒有專家的社群")

    assert WITHOUT_EXPERTS in page.field_text("budget")
    assert "編輯經費概算表" in page.field_text("budget")
    assert "經費概算表" in page.summary()
    assert_typed_values_survived(page, name="沒有專家的社群")
    assert page.checked("invites_experts") == {"False"}
    application.refresh_from_db()
    assert application.status == workflow.DRAFT
    assert application_problems(application=application) == {"budget": [WITHOUT_EXPERTS]}
    # On the 經費概算表 the message stands at the 外聘諮詢費 row.
    budget_page = Page(client.get(reverse("communities:budget_form", args=[application.pk])))
    assert WITHOUT_EXPERTS in budget_page.field_messages("item_3_quantity")


def test_changing_to_no_experts_on_the_form_refuses_a_budgeted_consultation_fee(client, program):
    application = ready_application(program, requests_budget=True, invites_experts=True)
    save_budget(application, {2: (2, 800), 3: (1, 1000)})

    page = send(client, application, invites_experts="False")

    assert WITHOUT_EXPERTS in page.field_text("budget")
    application.refresh_from_db()
    assert application.invites_experts is False  # what was typed is kept
    assert application.status == workflow.DRAFT


def test_consultation_fee_with_experts_invited_is_accepted(client, program):
    application = ready_application(program, requests_budget=True, invites_experts=True)
    save_budget(application, {2: (2, 800), 3: (1, 1000)})
    send(client, application)
    application.refresh_from_db()
    assert application.status == workflow.SUBMITTED


def test_inviting_experts_without_a_consultation_fee_is_accepted(client, program):
    application = ready_application(program, requests_budget=True, invites_experts=True)
    assert not application.budget_lines.filter(item__kind=BudgetItem.Kind.CONSULTATION).exists()
    send(client, application)
    application.refresh_from_db()
    assert application.status == workflow.SUBMITTED


def test_budget_rules_are_skipped_when_no_money_is_requested(ready):
    assert "budget" not in application_problems(application=ready)


def test_missing_signed_plan_is_refused_at_the_documents(client, program):
    application = teacher_with_application(program)
    complete_plan(application)
    page = send(client, application)
    assert "請上傳「教師專業學習社群申請表」的核章完成文件（PDF）" in page.field_text("documents")


def test_missing_signed_budget_is_refused_when_money_is_requested(client, program):
    application = ready_application(program, requests_budget=True)
    SignedDocument.objects.filter(application=application, form="budget").delete()
    page = send(client, application)
    text = page.field_text("documents")
    assert "「教師專業學習社群經費概算表」的核章完成文件" in text
    assert "「教師專業學習社群申請表」" not in text


class TestWindow:
    """Tests on one ready draft, built once for the class (each test's changes rolled back)."""

    def test_outside_the_application_window_is_refused(self, client, ready):
        program = ready.program
        program.application_opens_at = timezone.now() - timedelta(days=30)
        program.application_closes_at = timezone.now() - timedelta(days=1)
        program.save()
        page = send(client, ready, name="截止後的社群")
        assert "目前不在申請期間，無法送出" in page.summary()
        assert_typed_values_survived(page, name="截止後的社群")
        ready.refresh_from_db()
        assert ready.status == workflow.DRAFT

    def test_a_returned_application_may_be_sent_again_after_the_window(self, client, ready):
        application_submit(application=ready, by=ready.convenor)
        admin = UserFactory(school_admin=True, school=ready.school)
        application_transition(
            application=ready, action="school_return", by=admin, comment="請補充公開授課內容"
        )
        program = ready.program
        program.application_closes_at = timezone.now() - timedelta(days=1)
        program.application_opens_at = timezone.now() - timedelta(days=30)
        program.save()
        send(client, ready)
        ready.refresh_from_db()
        assert ready.status == workflow.SUBMITTED

    def test_a_first_review_return_is_resubmitted_to_review(self, ready):
        ready = advance(ready, workflow.FIRST_RETURNED)
        earlier = list(ready.transitions.values_list("pk", flat=True))
        application_submit(application=ready, by=ready.convenor)
        ready.refresh_from_db()
        assert ready.status == workflow.UNDER_REVIEW
        assert ready.transitions.exclude(pk__in=earlier).get().action == "resubmit"


def test_service_raises_every_problem_by_field(program):
    application = teacher_with_application(program)
    with pytest.raises(ValidationError) as raised:
        application_submit(application=application, by=application.convenor)
    problems = raised.value.message_dict
    assert {"name", "community_type", "documents"} <= set(problems)


def test_only_the_convenor_may_submit(client, ready):
    colleague = UserFactory(teacher=True, school=ready.school)
    client.force_login(colleague)
    response = client.post(reverse("communities:submit", args=[ready.pk]))
    assert response.status_code == 404
    admin = UserFactory(school_admin=True, school=ready.school)
    client.force_login(admin)
    response = client.post(reverse("communities:submit", args=[ready.pk]))
    assert response.status_code == 403
    ready.refresh_from_db()
    assert ready.status == workflow.DRAFT


def test_submit_from_the_progress_page_lists_problems_on_the_form(client, program):
    application = teacher_with_application(program)
    client.force_login(application.convenor)
    response = client.post(
        reverse("communities:submit", args=[application.pk]), {"confirm": "1"}, follow=True
    )
    page = Page(response)
    assert response.redirect_chain[-1][0].endswith("?check=1")
    assert "請填寫社群名稱" in page.field_text("name")
    assert "尚有" in page.visible_text()


class TestAfterSending:
    """Tests on one ready draft, built once for the class (each test's changes rolled back)."""

    def test_after_submit_the_form_is_read_only_for_the_convenor(self, client, ready):
        application_submit(application=ready, by=ready.convenor)
        client.force_login(ready.convenor)
        response = client.get(form_url(ready), follow=True)
        assert response.redirect_chain[-1][0] == reverse("communities:detail", args=[ready.pk])
        assert "僅供檢視" in Page(response).visible_text()
        response = client.post(
            form_url(ready), form_post_data(ready, name="改名", action="save"), follow=True
        )
        assert response.redirect_chain[-1][0] == reverse("communities:progress", args=[ready.pk])
        assert (
            "此申請目前狀態為「已送出待學校審核」，已不能修改，剛才的修改未儲存。"
            in Page(response).visible_text()
        )
        assert Application.objects.get(pk=ready.pk).name != "改名"

    def test_a_returned_application_is_editable_again_and_shows_the_schools_comment(
        self, client, ready
    ):
        application_submit(application=ready, by=ready.convenor)
        admin = UserFactory(school_admin=True, school=ready.school)
        application_transition(
            application=ready, action="school_return", by=admin, comment="請補充公開授課內容"
        )
        client.force_login(ready.convenor)
        page = Page(client.get(reverse("communities:progress", args=[ready.pk])))
        assert "學校退回修正" in page.text("school-comment")
        assert "請補充公開授課內容" in page.text("school-comment")
        response = client.post(form_url(ready), form_post_data(ready, name="修正後", action="save"))
        assert response.status_code == 302
        assert Application.objects.get(pk=ready.pk).name == "修正後"


def test_progress_checklist_lists_problems_and_links_to_the_field(client, program):
    application = teacher_with_application(program)
    client.force_login(application.convenor)
    page = Page(client.get(reverse("communities:progress", args=[application.pk])))
    checklist = page.text("checklist")
    assert "社群名稱：請填寫社群名稱。" in checklist
    assert f'href="{form_url(application)}?check=1#f-name"' in page.html


def test_progress_checklist_says_ready_when_every_rule_holds(client, ready):
    client.force_login(ready.convenor)
    page = Page(client.get(reverse("communities:progress", args=[ready.pk])))
    assert "所有檢查均已通過，可以送出" in page.text("checklist")


def test_session_rule_uses_the_years_dates(program):
    program.start_date = date(2020, 8, 1)
    program.end_date = date(2020, 12, 31)
    program.save()
    application = ready_application(program)
    session = application.sessions.last()
    session.date = date(2021, 1, 4)
    session.start_time, session.end_time = time(9), time(10)
    session.save()
    problems = application_problems(application=application)
    assert problems["sessions-5-date"] == ["日期須在109學年度內（109/08/01 至 109/12/31）。"]


def test_a_member_of_a_school_outside_the_partners_is_refused_for_cross_school(client, program):
    application = teacher_with_application(program)
    partner = other_school_in_circle(application)
    complete_plan(application, cross_school=True, partners=[partner])
    upload_documents(application)
    stranger = SchoolFactory(alliance_circle=partner.alliance_circle)
    page = send(client, application, **{"members-2-school": str(stranger.pk)})
    assert "成員的學校須為本校或勾選的合作學校" in page.field_text("members-2-school")
