"""The center's pages for the public content: center staff only (403 for other roles, the login
page for visitors); the public pages for everyone."""

import pytest
from django.urls import reverse

from people.tests.factories import UserFactory
from portal.models import Download, Tutorial
from portal.services import download_save, shown_item_show

from .conftest import announce, pdf_file

pytestmark = pytest.mark.django_db

OTHER_ROLES = ["teacher", "school_admin", "reviewer"]


@pytest.fixture
def rows(center):
    announcement = announce(center, "公告", publish=False)
    download = download_save(
        item=None, title="表單", description="", is_shown=True, by=center, upload=pdf_file()
    )
    tutorial = Tutorial.objects.order_by("pk").first()
    return {"announcement": announcement, "download": download, "tutorial": tutorial}


def management_urls(rows) -> list[tuple[str, str]]:
    a, d, t = rows["announcement"].pk, rows["download"].pk, rows["tutorial"].pk
    return [
        ("GET", reverse("portal:center_announcements")),
        ("GET", reverse("portal:center_announcement_new")),
        ("GET", reverse("portal:center_announcement_edit", args=[a])),
        ("GET", reverse("portal:center_announcement_withdraw", args=[a])),
        ("POST", reverse("portal:center_announcement_withdraw", args=[a])),
        ("POST", reverse("portal:center_announcement_pin", args=[a])),
        ("POST", reverse("portal:center_announcement_unpublish", args=[a])),
        ("POST", reverse("portal:center_approved_list")),
        ("GET", reverse("portal:center_downloads")),
        ("GET", reverse("portal:center_download_new")),
        ("GET", reverse("portal:center_download_edit", args=[d])),
        ("POST", reverse("portal:center_download_move", args=[d])),
        ("POST", reverse("portal:center_download_show", args=[d])),
        ("GET", reverse("portal:center_tutorials")),
        ("GET", reverse("portal:center_tutorial_new")),
        ("GET", reverse("portal:center_tutorial_edit", args=[t])),
        ("POST", reverse("portal:center_tutorial_move", args=[t])),
        ("POST", reverse("portal:center_tutorial_show", args=[t])),
    ]


def call(client, method, url):
    return client.get(url) if method == "GET" else client.post(url, {})


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_are_refused_every_management_page(client, rows, role):
    client.force_login(UserFactory(**{role: True}))
    for method, url in management_urls(rows):
        response = call(client, method, url)
        assert response.status_code == 403, (method, url)
        assert "您的帳號無權使用此頁面。" in response.content.decode()
    assert rows["announcement"].title == "公告"
    assert Download.objects.get().is_shown


def test_visitors_are_sent_to_log_in(client, rows):
    for method, url in management_urls(rows):
        response = call(client, method, url)
        assert response.status_code == 302, (method, url)
        assert response["Location"] == f"{reverse('login')}?next={url}"


def test_the_center_opens_every_management_page(center_client, rows):
    for method, url in management_urls(rows):
        if method == "GET":
            response = center_client.get(url)
            assert response.status_code == 200, url
            assert "中心端" in response.content.decode()


def test_management_pages_carry_the_center_tools_and_link_each_other(center_client):
    html = center_client.get(reverse("portal:center_announcements")).content.decode()
    assert reverse("center:home") in html  # the center's tools menu
    assert reverse("portal:center_announcement_new") in html


@pytest.mark.parametrize("role", [None, *OTHER_ROLES, "center"])
def test_public_pages_are_for_everyone(client, center, role):
    if role:
        client.force_login(UserFactory(**{role: True}))
    for name in ["portal:home", "portal:announcements", "portal:downloads", "portal:tutorials"]:
        assert client.get(reverse(name)).status_code == 200


def test_a_hidden_download_is_served_to_the_center_only(client, center, rows):
    download = rows["download"]
    shown_item_show(item=download, shown=False, by=center)
    url = reverse("portal:download_file", args=[download.pk])
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(teacher=True))
    assert client.get(url).status_code == 404
    client.force_login(center)
    assert client.get(url).status_code == 200


def test_the_center_previews_a_draft_that_visitors_cannot_see(client, center, rows):
    url = reverse("portal:announcement", args=[rows["announcement"].pk])
    assert client.get(url).status_code == 404
    client.force_login(center)
    html = client.get(url).content.decode()
    assert "此公告目前狀態為「草稿」，訪客看不到" in html
