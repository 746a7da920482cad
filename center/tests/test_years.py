"""年度規則: 複製為下一學年度 with its confirmation, the two years side by side, 開放申請."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.roc import roc_date
from people.tests.factories import UserFactory
from programs.models import CommunityType, Option, ProgramYear
from programs.services import program_year_copy

pytestmark = pytest.mark.django_db


@pytest.fixture
def center_client(client):
    user = UserFactory(center=True)
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def y110(center_client):
    return program_year_copy(
        source=ProgramYear.objects.get(academic_year=109), by=center_client.user
    )


def test_the_years_page_offers_the_copy_of_the_latest_year(center_client):
    page = center_client.get(reverse("center:years")).content.decode()
    assert "複製為110學年度" in page
    assert reverse("center:year_copy", args=[109]) in page


def test_the_copy_is_confirmed_first_then_made_in_one_post(center_client):
    url = reverse("center:year_copy", args=[109])
    page = center_client.get(url).content.decode()
    assert "將109學年度規則複製為110學年度" in page
    assert "確認複製為110學年度" in page
    assert "110/08/01" in page and "110/09/01 08:00" in page  # the dates one year later
    assert re.search(r"社群類型與補助金額</td><td class=\"num\">5<", page)
    assert not ProgramYear.objects.filter(academic_year=110).exists()

    response = center_client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("center:year_compare", args=[110])
    y110 = ProgramYear.objects.get(academic_year=110)
    assert not y110.window_opened
    assert CommunityType.objects.filter(program=y110).count() == 5
    page = center_client.get(response["Location"]).content.decode()
    assert "已將109學年度規則複製為110學年度" in page
    assert "尚未開放" in page

    again = center_client.post(url, follow=True).content.decode()
    assert "110學年度的年度計畫已存在" in again
    assert ProgramYear.objects.filter(academic_year=110).count() == 1


def test_the_compare_page_marks_changed_added_and_removed_rows(center_client, y110):
    CommunityType.objects.filter(program=y110, number=1).update(base_amount=4000)
    Option.objects.filter(program=y110, kind=Option.Kind.GOAL).order_by("order").first().delete()
    Option.objects.create(program=y110, kind=Option.Kind.METHOD, label="線上共備", order=99)
    page = center_client.get(reverse("center:year_compare", args=[110])).content.decode()
    assert "110學年度與109學年度規則對照" in page
    assert "共 3 處不同" in page
    assert '<td class="diff-changed">3,000</td>' in page
    assert '<td class="new-first diff-changed">' not in page  # the number itself did not change
    assert 'diff-changed">4,000</td>' in page
    assert re.search(r'<span class="diff-added">新增</span>.*?線上共備', page, re.S)
    assert '<span class="diff-removed">刪除</span>' in page
    assert "順延一年" in page
    edit = reverse("admin:programs_communitytype_changelist") + f"?program__id__exact={y110.pk}"
    assert edit in page

    only = center_client.get(reverse("center:year_compare", args=[110]), {"changes": "1"})
    text = only.content.decode()
    assert "線上共備" in text
    assert "4,000" in text
    assert "5. 校長專業社群" not in text  # unchanged rows are left out


def test_the_compare_page_costs_the_same_queries_at_few_and_many_rows(
    center_client, y110, django_assert_max_num_queries
):
    url = reverse("center:year_compare", args=[110])
    with django_assert_max_num_queries(30) as few:
        center_client.get(url)
    Option.objects.bulk_create(
        Option(program=y110, kind=Option.Kind.GOAL, label=f"新目標{i}", order=100 + i)
        for i in range(60)
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = center_client.get(url).content.decode()
    assert "新目標59" in page


def _window(**changes):
    today = timezone.localdate()
    data = {
        "opens_date": roc_date(today - timedelta(days=1)),
        "opens_time": "08:00",
        "closes_date": roc_date(today + timedelta(days=30)),
        "closes_time": "17:00",
        "confirmed": "on",
        "action": "open",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_opening_needs_the_confirmation_and_keeps_what_was_typed(center_client, y110):
    url = reverse("center:year_window", args=[110])
    response = center_client.post(url, _window(confirmed=None, closes_date="110/10/15"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "請勾選已核對本學年度規則後再開放申請。" in page
    assert 'value="110/10/15"' in page
    y110.refresh_from_db()
    assert not y110.window_opened


def test_a_window_closing_before_it_opens_is_refused_at_the_closing_date(center_client, y110):
    url = reverse("center:year_window", args=[110])
    response = center_client.post(
        url, _window(opens_date="110/09/30", closes_date="110/09/01", closes_time="08:00")
    )
    assert response.status_code == 400
    page = response.content.decode()
    field = page[page.index('id="f-closes_date"') :]
    assert "申請截止時間必須晚於開始時間" in field[: field.index("</div>")]
    assert 'value="110/09/30"' in page
    page = center_client.post(url, _window(opens_date="110/02/30")).content.decode()
    assert "沒有這一天" in page


def test_opening_the_window_lets_teachers_apply_for_the_new_year(center_client, y110):
    response = center_client.post(reverse("center:year_window", args=[110]), _window())
    assert response.status_code == 302
    y110.refresh_from_db()
    assert y110.window_opened and y110.window_is_open()
    assert ProgramYear.objects.current() == y110
    page = center_client.get(response["Location"]).content.decode()
    assert "110學年度已開放申請" in page
    assert "暫停申請" in page

    center_client.post(reverse("center:year_window", args=[110]), {"action": "close"})
    y110.refresh_from_db()
    assert not y110.window_opened
    assert ProgramYear.objects.current().academic_year == 109


def test_a_year_without_a_previous_one_is_shown_alone(center_client):
    page = center_client.get(reverse("center:year_compare", args=[109])).content.decode()
    assert "沒有108學年度的規則可以對照" in page
    assert "學年領域學習社群" in page
