"""登入紀錄: the center reads every account's sign-in rows, paginated and filtered."""

import pytest
from django.urls import reverse

from people.models import Role
from people.tests.factories import UserFactory
from signin.models import SignInEvent
from signin.services import event_record

pytestmark = pytest.mark.django_db

Kind = SignInEvent.Kind


@pytest.fixture
def center_client(client):
    client.force_login(UserFactory(username="c1", role=Role.CENTER))
    return client


def test_the_center_filters_by_event_and_account(center_client):
    teacher = UserFactory(username="t1", name="王小明")
    UserFactory(username="t2")
    event_record(kind=Kind.SIGN_IN_FAILED, username="ghost", address="203.0.113.9")
    event_record(kind=Kind.PASSWORD_CHANGED, user=teacher)
    url = reverse("signin:events")

    page = center_client.get(url, {"kind": Kind.SIGN_IN_FAILED}).content.decode()
    assert "ghost" in page and "203.0.113.9" in page
    assert "王小明" not in page
    by_name = center_client.get(url, {"account": "小明"}).content.decode()
    assert "變更密碼" in by_name and "ghost" not in by_name
    wrong = center_client.get(url, {"kind": "nope"}).content.decode()
    assert "請從清單中選擇事件" in wrong


def test_the_list_is_paged_at_a_fixed_cost(center_client, django_assert_max_num_queries):
    teacher = UserFactory(username="t1")
    for _ in range(120):
        event_record(kind=Kind.SIGNED_IN, user=teacher, by=teacher)
    url = reverse("signin:events")
    center_client.get(url)  # the session's first request stamps it
    with django_assert_max_num_queries(8):
        first = center_client.get(url).content.decode()
    assert "第 1 / 3 頁" in first
    assert "第 3 / 3 頁" in center_client.get(url, {"page": 3}).content.decode()
