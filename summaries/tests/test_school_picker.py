"""The center's 學校 picker on 案件查詢, 申請總表 and 經費總表: a search field (suggestions as the
user types, from center:school_options), never a list of every school; without JavaScript 查詢
takes what was typed."""

import pytest
from django.urls import reverse

from people.tests.factories import SchoolFactory

from .builders import make_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def center_client(client, center):
    client.force_login(center)
    client.get(reverse("portal:role_home"))  # the first request's sign-in bookkeeping behind
    return client


def test_the_picker_lists_no_school_until_one_is_searched(center_client, school, other_school):
    SchoolFactory.create_batch(30, name="市立大量國小")

    page = center_client.get(reverse("summaries:case_query")).content.decode()

    assert 'name="school_q"' in page
    assert "市立大量國小" not in page
    assert reverse("center:school_options") in page


def test_the_suggestions_are_the_schools_matching_what_was_typed(center_client, school):
    SchoolFactory.create_batch(30, name="市立大量國小")

    page = center_client.get(reverse("center:school_options"), {"school_q": "下營"})

    assert page.content.decode().count("<option") == 1
    assert f"{school.code} 市立下營國中" in page.content.decode()


def test_typing_a_school_s_code_shows_its_cases(center_client, school, other_school):
    make_application(school=school, name="下營的社群")
    make_application(school=other_school, name="麻豆的社群")

    page = center_client.get(
        reverse("summaries:case_query"), {"school_q": f"{school.code} {school.name}"}
    ).content.decode()

    assert "下營的社群" in page
    assert "麻豆的社群" not in page
    assert f'value="{school.code} {school.name}"' in page


def test_a_part_of_one_school_s_name_is_enough(center_client, school, other_school):
    page = center_client.get(reverse("summaries:application_summary"), {"school_q": "下營"})

    assert page.context["school"] == school


def test_a_name_several_schools_share_lists_them_to_choose(center_client, school, other_school):
    page = center_client.get(reverse("summaries:case_query"), {"school_q": "市立"}).content.decode()

    assert "符合的學校不只一所，請選擇：" in page
    assert f"school={school.pk}" in page and f"school={other_school.pk}" in page


def test_a_name_no_school_has_says_so_and_keeps_what_was_typed(center_client, school):
    make_application(school=school, name="下營的社群")
    page = center_client.get(
        reverse("summaries:case_query"), {"school_q": "不存在"}
    ).content.decode()

    assert "找不到符合的學校，請輸入學校代碼或名稱。" in page
    assert 'value="不存在"' in page
    assert "下營的社群" not in page  # no school's cases until one is named


def test_the_case_query_costs_the_same_queries_for_5_or_500_schools(
    center_client, program, django_assert_max_num_queries
):
    SchoolFactory.create_batch(5)
    with django_assert_max_num_queries(12) as few:
        center_client.get(reverse("summaries:case_query"))
    SchoolFactory.create_batch(495)
    with django_assert_max_num_queries(12) as many:
        center_client.get(reverse("summaries:case_query"))

    assert len(many) == len(few)
