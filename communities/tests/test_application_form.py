"""The 社群申請書 editor: what it offers, 儲存 of a draft, bad input, htmx rows and lists."""

from datetime import date, time
from datetime import timedelta as td

import pytest
from django.urls import reverse

from communities.models import Application, Member, Session
from communities.services import application_prefill_from, application_start
from communities.tests.helpers import (
    Page,
    complete_plan,
    form_post_data,
    form_url,
    other_school_in_circle,
    teacher_with_application,
    type_of,
)
from people.tests.factories import SchoolFactory, UserFactory
from programs.models import ContentItem, Domain, Option, ProgramYear, Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(program):
    return teacher_with_application(program)


def save(client, application, **overrides):
    data = form_post_data(application, action="save", **overrides)
    return client.post(form_url(application), data)


# What the form offers


def test_form_header_and_sections_follow_the_paper_form(convenor_client, application):
    page = Page(convenor_client.get(form_url(application)))
    text = page.visible_text()
    assert f"109學年度 臺南市 {application.school.name}" in text
    order = [
        "基本資料",
        "補助社群實施之內容",
        "社群召集人",
        "社群成員",
        "社群欲培養學生之核心素養",
        "社群運作目標",
        "社群進行方式",
        "進度規劃",
        "經費概算表",
        "上傳核章完成文件",
    ]
    positions = [text.index(title) for title in order]
    assert positions == sorted(positions)
    for button in ["取消", "儲存", "送出", "列印", "關閉"]:
        assert button in page.text("application-form")
    assert reverse("printing:plan", args=[application.pk]) in page.html


def test_types_offered_are_the_years_rows(convenor_client, application, program):
    page = Page(convenor_client.get(form_url(application)))
    text = page.text("f-community_type")
    for community_type in program.community_types.all():
        assert str(community_type) in text


def test_stage_defaults_to_the_schools_and_domains_follow_it(convenor_client, application):
    page = Page(convenor_client.get(form_url(application)))
    junior = Stage.objects.get(code="junior")
    assert page.selected("stage") == str(junior.pk)
    domains = page.text("f-domain")
    assert "科技" in domains
    assert "生活課程" not in domains
    assert "三年級" not in domains


def test_elementary_school_is_offered_grades(client, program):
    school = SchoolFactory(elementary=True)
    application = teacher_with_application(program, school=school)
    client.force_login(application.convenor)
    domains = Page(client.get(form_url(application))).text("f-domain")
    assert "三年級" in domains
    assert "生活課程" in domains
    assert "科技" not in domains


def test_required_content_items_of_the_type_are_pre_checked(convenor_client, application):
    application.community_type = type_of(application.program, 1)
    application.save()
    page = Page(convenor_client.get(form_url(application)))
    required = ContentItem.objects.filter(
        variant=application.community_type.content_variant, required=True
    )
    assert page.checked("content_items") == {str(i.pk) for i in required}
    assert "必要" in page.text("f-content_items")


def test_without_a_type_the_content_list_asks_for_one(convenor_client, application):
    text = Page(convenor_client.get(form_url(application))).text("content-items")
    assert "請先選擇社群類型" in text


def test_option_lists_are_the_years_rows_with_other_texts(convenor_client, application, program):
    page = Page(convenor_client.get(form_url(application)))
    competencies = page.text("f-competencies")
    assert "A.自主行動" in competencies and "C3多元文化與國際理解" in competencies
    goals = Option.objects.filter(program=program, kind="goal")
    assert len(page.root.findall(".//*[@name='goals']")) == goals.count() == 14
    assert page.by_id("f-goal_other_text") is not None
    assert page.by_id("f-method_other_text") is not None


def test_partner_schools_are_grouped_by_circle_without_the_lead_school(
    convenor_client, application
):
    neighbour = other_school_in_circle(application)
    far = SchoolFactory(name="市立遠方國中")
    text = Page(convenor_client.get(form_url(application))).text("f-partner_schools")
    assert neighbour.name in text
    assert "本校所屬工作圈" in text
    assert application.school.name not in text
    # Schools outside the circle are a search away, not thousands of boxes on the page.
    assert far.name not in text


def test_a_school_outside_the_circle_is_found_by_search_and_kept_once_ticked(
    convenor_client, application
):
    neighbour = other_school_in_circle(application)
    far = SchoolFactory(name="市立遠方國中")
    url = reverse("communities:partner_search", args=[application.pk])

    def search(**params) -> str:
        return convenor_client.get(url, params).content.decode()

    found = search(partner_search="遠方")
    assert "市立遠方國中" in found and neighbour.name not in found
    assert "找不到符合的學校" in search(partner_search="不存在")

    save(convenor_client, application, is_cross_school="True", partner_schools=[str(far.pk)])
    text = Page(convenor_client.get(form_url(application))).text("f-partner_schools")
    assert "市立遠方國中" in text
    assert far.name not in search(partner_search="遠方", partner_schools=[far.pk])


def test_without_javascript_the_search_button_lists_the_schools_and_keeps_the_text(
    convenor_client, application
):
    SchoolFactory(name="市立遠方國中")
    data = form_post_data(application, action="search_partners", name="還沒儲存的名稱")
    data["partner_search"] = "遠方"

    page = Page(convenor_client.post(form_url(application), data))

    assert "市立遠方國中" in page.text("f-partner_schools")
    assert page.value("name") == "還沒儲存的名稱"
    assert Application.objects.get(pk=application.pk).name != "還沒儲存的名稱"


def test_blank_rows_are_offered_up_to_the_types_minimums(convenor_client, application):
    page = Page(convenor_client.get(form_url(application)))
    assert page.value("sessions-TOTAL_FORMS") == "6"
    assert page.value("members-TOTAL_FORMS") == "3"
    assert page.value("members-0-name") == application.convenor.name


# 儲存


def test_saving_an_incomplete_draft_keeps_what_was_typed(convenor_client, application):
    response = save(
        convenor_client,
        application,
        name="只填了名稱",
        convenor_phone="06-1234567",
        **{
            "sessions-TOTAL_FORMS": "1",
            "sessions-0-date": "109/10/01",
            "sessions-0-content": "第一次聚會",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.name == "只填了名稱"
    assert application.convenor_phone == "06-1234567"
    session = application.sessions.get()
    assert (session.number, session.date, session.content) == (1, date(2020, 10, 1), "第一次聚會")
    page = Page(convenor_client.get(form_url(application)))
    assert "已儲存草稿。送出前尚有" in page.visible_text()
    assert page.value("sessions-0-date") == "109/10/01"


def test_saving_every_field_stores_it(convenor_client, application, program):
    partner = other_school_in_circle(application)
    community_type = type_of(program, 1)
    items = ContentItem.objects.filter(variant=community_type.content_variant)
    other_item = items.get(allows_text=True)
    goal = Option.objects.get(program=program, kind="goal", label="其他")
    method = Option.objects.get(program=program, kind="method", order=0)
    competency = Option.objects.get(program=program, code="B2")
    domain = Domain.objects.get(kind="domain", name="數學")
    response = save(
        convenor_client,
        application,
        name="跨校數學社群",
        community_type=str(community_type.pk),
        is_cross_school="True",
        partner_schools=[str(partner.pk)],
        is_continuation="True",
        continuation_year="3",
        domain=str(domain.pk),
        requests_budget="True",
        invites_experts="False",
        content_items=[str(other_item.pk)],
        content_other_text="十二年國教議題融入",
        convenor_position="教學組長",
        convenor_subject="數學",
        convenor_trained="True",
        convenor_email="lead@example.tw",
        convenor_phone="06-5550000",
        competencies=[str(competency.pk)],
        goals=[str(goal.pk)],
        goal_other_text="自訂目標",
        methods=[str(method.pk)],
        **{
            "members-TOTAL_FORMS": "2",
            "members-1-name": "夥伴老師",
            "members-1-school": str(partner.pk),
            "members-1-position": "導師",
            "members-1-subject": "數學",
            "sessions-TOTAL_FORMS": "1",
            "sessions-0-date": "1091015",
            "sessions-0-start_time": "13:30",
            "sessions-0-end_time": "15:30",
            "sessions-0-content": "公開授課",
            "sessions-0-method": "觀課議課",
            "sessions-0-host": "召集人",
            "sessions-0-location": "301教室",
            "sessions-0-is_public_lesson": "on",
        },
    )
    assert response.status_code == 302
    a = Application.objects.get(pk=application.pk)
    assert (a.name, a.community_type, a.is_cross_school) == ("跨校數學社群", community_type, True)
    assert list(a.partner_schools.all()) == [partner]
    assert (a.is_continuation, a.continuation_year, a.domain) == (True, 3, domain)
    assert (a.requests_budget, a.invites_experts, a.convenor_trained) == (True, False, True)
    assert list(a.content_items.all()) == [other_item]
    assert a.content_other_text == "十二年國教議題融入"
    assert set(a.options.all()) == {competency, goal, method}
    assert a.goal_other_text == "自訂目標"
    assert [(m.name, m.school) for m in a.members.all()][1] == ("夥伴老師", partner)
    session = a.sessions.get()
    assert (session.date, session.start_time, session.end_time) == (
        date(2020, 10, 15),
        time(13, 30),
        time(15, 30),
    )
    assert session.is_public_lesson


def test_choosing_same_school_drops_partner_schools(convenor_client, application):
    partner = other_school_in_circle(application)
    save(convenor_client, application, is_cross_school="True", partner_schools=[str(partner.pk)])
    assert application.partner_schools.count() == 1
    save(convenor_client, application, is_cross_school="False", partner_schools=[str(partner.pk)])
    assert application.partner_schools.count() == 0


def test_choosing_non_continuation_clears_the_year(convenor_client, application):
    save(convenor_client, application, is_continuation="True", continuation_year="2")
    save(convenor_client, application, is_continuation="False", continuation_year="2")
    application.refresh_from_db()
    assert (application.is_continuation, application.continuation_year) == (False, None)


def test_changing_type_carries_content_items_over_by_label(convenor_client, application):
    type1, type2 = type_of(application.program, 1), type_of(application.program, 2)
    items1 = {i.label: i for i in ContentItem.objects.filter(variant=type1.content_variant)}
    items2 = {i.label: i for i in ContentItem.objects.filter(variant=type2.content_variant)}
    save(
        convenor_client,
        application,
        community_type=str(type1.pk),
        content_items=[str(i.pk) for i in items1.values()],
    )
    assert application.content_items.count() == len(items1)
    # Without script the list is not swapped: the old list's boxes arrive with the new type.
    response = save(
        convenor_client,
        application,
        community_type=str(type2.pk),
        content_items=[str(items1["備觀議課"].pk), str(items1["素養導向評量工具"].pk)],
    )
    assert response.status_code == 302
    assert list(application.content_items.all()) == [items2["備觀議課"]]


def test_rows_can_be_added_and_deleted_and_are_renumbered(convenor_client, application):
    save(
        convenor_client,
        application,
        **{
            "sessions-TOTAL_FORMS": "3",
            "sessions-0-content": "一",
            "sessions-1-content": "二",
            "sessions-2-content": "三",
        },
    )
    assert [s.content for s in application.sessions.all()] == ["一", "二", "三"]
    save(convenor_client, application, **{"sessions-1-DELETE": "on"})
    assert [(s.number, s.content) for s in application.sessions.all()] == [(1, "一"), (2, "三")]
    save(convenor_client, application, **{"members-0-DELETE": "on"})
    assert not application.members.exists()


def test_a_row_id_of_another_application_is_not_touched(convenor_client, application, program):
    other = teacher_with_application(program)
    foreign = other.members.get()
    save(
        convenor_client,
        application,
        **{"members-0-id": str(foreign.pk), "members-0-name": "竄改"},
    )
    assert Member.objects.get(pk=foreign.pk).name == foreign.name
    assert application.members.get().name == "竄改"


# Bad input: the message at its field, nothing typed lost, nothing saved


def bad_input(client, application, field_id, message, **typed):
    response = save(client, application, name="保留的名稱", convenor_phone="06-7777777", **typed)
    assert response.status_code == 200
    page = Page(response)
    assert message in page.field_text(field_id)
    assert "有欄位格式不正確，資料尚未儲存" in page.visible_text()
    assert page.value("name") == "保留的名稱"
    assert page.value("convenor_phone") == "06-7777777"
    assert Application.objects.get(pk=application.pk).name == ""
    return page


def test_a_date_not_in_roc_form_is_refused_at_its_field(convenor_client, application):
    page = bad_input(
        convenor_client,
        application,
        "sessions-0-date",
        "日期請用民國年月日，例如 109/09/15",
        **{
            "sessions-TOTAL_FORMS": "1",
            "sessions-0-date": "九月十五",
            "sessions-0-content": "共備",
        },
    )
    assert page.value("sessions-0-date") == "九月十五"
    assert page.value("sessions-0-content") == "共備"


def test_an_impossible_date_is_refused_at_its_field(convenor_client, application):
    bad_input(
        convenor_client,
        application,
        "sessions-0-date",
        "沒有這一天",
        **{"sessions-TOTAL_FORMS": "1", "sessions-0-date": "109/02/30"},
    )


def test_a_malformed_time_is_refused_at_its_field(convenor_client, application):
    page = bad_input(
        convenor_client,
        application,
        "sessions-0-start_time",
        "時間格式請用 時:分",
        **{"sessions-TOTAL_FORMS": "1", "sessions-0-start_time": "下午兩點"},
    )
    assert page.value("sessions-0-start_time") == "下午兩點"


def test_a_non_numeric_continuation_year_is_refused(convenor_client, application):
    bad_input(
        convenor_client,
        application,
        "is_continuation",
        "請填數字",
        is_continuation="True",
        continuation_year="二",
    )


def test_continuation_year_one_is_refused(convenor_client, application):
    bad_input(
        convenor_client,
        application,
        "is_continuation",
        "續辦請填第2年以上",
        is_continuation="True",
        continuation_year="1",
    )


def test_a_malformed_email_is_refused(convenor_client, application):
    page = bad_input(
        convenor_client, application, "convenor_email", "有效", convenor_email="not-an-address"
    )
    assert page.value("convenor_email") == "not-an-address"


def test_a_member_row_without_a_name_is_refused(convenor_client, application):
    page = bad_input(
        convenor_client,
        application,
        "members-1-name",
        "請填寫成員姓名",
        **{"members-TOTAL_FORMS": "2", "members-1-name": "", "members-1-position": "導師"},
    )
    assert page.value("members-1-position") == "導師"


def test_a_type_of_another_year_is_refused(convenor_client, application, program):
    other_year = ProgramYear.objects.create(
        academic_year=110,
        start_date=date(2021, 8, 1),
        end_date=date(2022, 7, 31),
        application_opens_at=program.application_opens_at,
        application_closes_at=program.application_closes_at,
        exam_weak_year_from=107,
        exam_weak_year_to=108,
    )
    foreign = type_of(program, 1)
    foreign.pk = None
    foreign.program = other_year
    foreign.save()
    bad_input(
        convenor_client,
        application,
        "community_type",
        "請從清單中選擇",
        community_type=str(foreign.pk),
    )


def test_a_member_school_outside_the_offered_list_is_refused(convenor_client, application):
    stranger = SchoolFactory()
    bad_input(
        convenor_client,
        application,
        "members-0-school",
        "請從清單中選擇",
        **{"members-0-school": str(stranger.pk)},
    )


# htmx: rows and lists swap without a reload


def test_add_member_row_returns_the_next_row_and_raises_the_total(convenor_client, application):
    partner = SchoolFactory()
    response = convenor_client.get(
        reverse("communities:member_row", args=[application.pk]),
        {"members-TOTAL_FORMS": "3", "partner_schools": [str(partner.pk)]},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert 'name="members-3-name"' in html
    assert 'aria-label="成員4 姓名"' in html
    assert partner.name in html  # a checked partner school is offered for the new member
    assert 'name="members-TOTAL_FORMS" value="4"' in html
    assert 'hx-swap-oob="true"' in html


def test_add_session_row_returns_the_next_row_and_raises_the_total(convenor_client, application):
    response = convenor_client.get(
        reverse("communities:session_row", args=[application.pk]), {"sessions-TOTAL_FORMS": "6"}
    )
    html = response.content.decode()
    assert 'name="sessions-6-date"' in html
    assert 'aria-label="第7場 公開授課"' in html
    assert 'name="sessions-TOTAL_FORMS" value="7"' in html


def test_a_bad_row_index_is_not_found(convenor_client, application):
    url = reverse("communities:session_row", args=[application.pk])
    assert convenor_client.get(url, {"sessions-TOTAL_FORMS": "x"}).status_code == 404


def test_type_change_swaps_content_items_keeping_same_labels(convenor_client, application):
    type1, type2 = type_of(application.program, 1), type_of(application.program, 2)
    items1 = {i.label: i for i in ContentItem.objects.filter(variant=type1.content_variant)}
    items2 = {i.label: i for i in ContentItem.objects.filter(variant=type2.content_variant)}
    response = convenor_client.get(
        reverse("communities:content_items", args=[application.pk]),
        {
            "community_type": str(type2.pk),
            "content_items": [str(items1["彈性學習課程規劃"].pk)],
            "content_other_text": "保留說明",
        },
    )
    page = Page(response)
    assert page.checked("content_items") == {
        str(items2["素養導向教學設計"].pk),
        str(items2["素養導向評量"].pk),
        str(items2["彈性學習課程規劃"].pk),
    }
    assert page.value("content_other_text") == "保留說明"
    assert "「初階學習社群」的必要內容已預先勾選" in page.text("content-items")


def test_stage_change_swaps_the_domain_list(convenor_client, application):
    elementary = Stage.objects.get(code="elementary")
    math = Domain.objects.get(kind="domain", name="數學")
    response = convenor_client.get(
        reverse("communities:domain_field", args=[application.pk]),
        {"stage": str(elementary.pk), "domain": str(math.pk)},
    )
    page = Page(response)
    assert "三年級" in page.text("f-domain")
    assert page.selected("domain") == str(math.pk)


# 續辦: last year's community prefills this year's


@pytest.fixture
def last_year(program):
    return ProgramYear.objects.create(
        academic_year=108,
        start_date=date(2019, 8, 1),
        end_date=date(2020, 7, 31),
        application_opens_at=program.application_opens_at - td(days=365),
        application_closes_at=program.application_closes_at - td(days=365),
        exam_weak_year_from=105,
        exam_weak_year_to=106,
    )


def test_continuation_prefills_empty_fields_from_last_years_community(client, program, last_year):
    teacher = UserFactory(teacher=True)
    old = Application.objects.create(program=program, convenor=teacher, school=teacher.school)
    complete_plan(old, sessions=6)
    # Moved to last year: its rows are this year's, which is enough to copy by number and label.
    Application.objects.filter(pk=old.pk).update(program=last_year)
    application = application_start(program=program, convenor=teacher)
    client.force_login(teacher)
    page = Page(client.get(form_url(application)))
    assert "108學年度 數學素養共備社群" in page.text("f-previous")
    response = client.post(
        form_url(application),
        form_post_data(
            application,
            action="prefill",
            is_continuation="True",
            previous=str(old.pk),
            convenor_phone="06-0000000",
        ),
        follow=True,
    )
    application.refresh_from_db()
    assert "帶入尚未填寫的欄位" in Page(response).visible_text()
    assert application.previous == old
    assert application.continuation_year == 2
    assert application.name == "數學素養共備社群"
    assert application.convenor_phone == "06-0000000"  # what was typed wins
    assert application.community_type.number == 1
    assert application.members.count() == old.members.count()
    sessions = list(application.sessions.all())
    assert [s.content for s in sessions] == [s.content for s in old.sessions.all()]
    assert all(s.date is None for s in sessions)
    assert set(application.options.all()) == set(old.options.all())


def test_prefill_refuses_someone_elses_community(program, last_year):
    other = Application.objects.create(
        program=last_year, convenor=UserFactory(teacher=True), school=SchoolFactory()
    )
    application = teacher_with_application(program)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        application_prefill_from(application=application, previous=other)


def test_prefill_without_choosing_asks_for_a_community(convenor_client, application):
    response = convenor_client.post(
        form_url(application), form_post_data(application, action="prefill"), follow=True
    )
    assert "請先選擇前一年度社群" in Page(response).visible_text()


def test_check_mode_shows_every_problem_next_to_its_field(convenor_client, application):
    page = Page(convenor_client.get(form_url(application) + "?check=1"))
    assert "請填寫社群名稱" in page.field_text("name")
    assert "送出前尚有" in page.summary()
    assert 'href="#id_name"' in page.html


def test_sessions_table_shows_roc_dates(convenor_client, application):
    Session.objects.create(application=application, number=1, date=date(2020, 9, 15))
    page = Page(convenor_client.get(form_url(application)))
    assert page.value("sessions-0-date") == "109/09/15"
