"""Error pages are Chinese, in the site's layout, and say what happened and what to do next."""

import pytest
from django.template.loader import get_template
from django.test import Client, override_settings
from django.urls import reverse

from people.tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("portal.tests.error_urls"),
]


@pytest.fixture
def client(client):
    # Errors become their pages, as for a visitor, instead of propagating into the test.
    client.raise_request_exception = False
    return client


def page(response, status: int) -> str:
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


def in_site_layout(html: str) -> bool:
    return 'class="site-header"' in html and "教師專業學習社群申辦平台" in html


@override_settings(DEBUG=False)
def test_a_bad_request_gets_the_chinese_400_page(client):
    html = page(client.get("/fail/400/"), 400)

    assert "<title>無法處理此要求</title>" in html
    assert "網址或送出的資料不完整或格式有誤" in html
    assert "請回上一頁重新操作" in html
    assert f'href="{reverse("portal:home")}">回首頁' in html
    assert in_site_layout(html)


@override_settings(DEBUG=False)
def test_a_visitor_refused_a_page_is_asked_to_sign_in(client):
    html = page(client.get("/fail/403/"), 403)

    assert "<title>沒有權限</title>" in html
    assert "您的帳號無權使用此頁面。" in html
    assert "請先登入後再使用此頁面。" in html
    assert f'href="{reverse("login")}?next=/fail/403/">登入' in html
    assert f'href="{reverse("portal:home")}">回首頁' in html
    assert in_site_layout(html)


@override_settings(DEBUG=False)
def test_a_signed_in_user_refused_a_page_is_told_which_account_and_where_to_go(client):
    client.force_login(UserFactory(teacher=True, name="曾鼎育"))

    html = page(client.get("/fail/403/"), 403)

    assert "您的帳號無權使用此頁面。" in html
    assert "目前登入的是「教師」帳號" in html
    assert f'href="{reverse("portal:role_home")}">回我的首頁' in html
    assert "曾鼎育" in html  # the layout's header with the account
    assert "請先登入" not in html


@override_settings(DEBUG=False)
def test_a_missing_page_gets_the_chinese_404_page(client):
    html = page(client.get("/fail/404/"), 404)

    assert "<title>找不到頁面</title>" in html
    assert "您要找的頁面不存在或已移除" in html
    assert "請確認網址是否正確，或由首頁的選單進入。" in html
    assert f'href="{reverse("portal:home")}">回首頁' in html
    assert "回我的首頁" not in html
    assert in_site_layout(html)


@override_settings(DEBUG=False)
def test_a_signed_in_user_on_a_missing_page_is_offered_their_home(client):
    client.force_login(UserFactory(teacher=True))

    html = page(client.get("/no-such-page/"), 404)

    assert "找不到頁面" in html
    assert f'href="{reverse("portal:role_home")}">回我的首頁' in html


@override_settings(DEBUG=False)
def test_an_error_in_a_view_gets_the_chinese_500_page(client):
    html = page(client.get("/fail/500/"), 500)

    assert "<title>系統發生錯誤</title>" in html
    assert "您剛才的操作可能沒有完成" in html
    assert "請稍後再試一次" in html and "請聯絡教師專業發展中心" in html
    assert 'href="/">回首頁' in html
    assert 'class="site-header"' in html
    assert "bug" not in html  # no technical detail for the visitor


@override_settings(DEBUG=False, ROOT_URLCONF="portal.tests.broken_urls")
def test_the_500_page_renders_even_when_the_sites_addresses_cannot_be_resolved(client):
    html = page(client.get("/fail/500/"), 500)

    assert "系統發生錯誤" in html


def test_the_500_page_renders_with_an_empty_context():
    html = get_template("500.html").render()

    assert "系統發生錯誤" in html and "回首頁" in html


@override_settings(DEBUG=False)
def test_an_expired_form_gets_the_chinese_csrf_page():
    browser = Client(enforce_csrf_checks=True)

    html = page(browser.post(reverse("login"), {"username": "t1", "password": "x"}), 403)

    assert "<title>頁面已過期</title>" in html
    assert "請回上一頁，重新整理後再送出一次" in html
    assert f'href="{reverse("portal:home")}">回首頁' in html
