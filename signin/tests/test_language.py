"""語言 / Language: zh-Hant for everyone, English for whoever chooses it (the header's switch or
帳號安全), never from the browser's Accept-Language."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from communities.tests.helpers import NS, Page, form_url, teacher_with_application
from people.models import User
from people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3400-\u9fff]")
COOKIE = settings.LANGUAGE_COOKIE_NAME


def switch(client, language, next_url="/"):
    """As the header's switch posts: the page to come back to in the address."""
    return client.post(f"{reverse('signin:language')}?next={next_url}", {"language": language})


def header(response) -> str:
    page = Page(response)
    return "".join(page.root.find(".//h:header", NS).itertext())


def field_labels(response, form_id: str) -> list[str]:
    """The labels and legends of the form's own fields: not those of the year's option lists
    (check boxes and radio buttons whose text is the rules' data, in Chinese)."""
    page = Page(response)
    form = page.by_id(form_id)
    assert form is not None, f"no form #{form_id}"
    inputs = {node.get("id"): node for node in form.iterfind(".//h:input", NS)}
    labels = []
    for node in form.iterfind(".//h:label", NS):
        target = inputs.get(node.get("for"))
        nested = node.find(".//h:input", NS)
        choice = target if target is not None else nested
        if choice is not None and choice.get("type") in {"checkbox", "radio"}:
            continue
        labels.append(" ".join("".join(node.itertext()).split()))
    labels += [" ".join("".join(n.itertext()).split()) for n in form.iterfind(".//h:legend", NS)]
    return [label for label in labels if label]


def test_a_teacher_who_chose_english_sees_the_home_page_in_english(client, program):
    teacher = UserFactory(teacher=True, language="en")
    client.force_login(teacher)
    response = client.get(reverse("portal:home"))
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()
    text = header(response) + Page(response).visible_text()
    assert "Home" in text and "Account security" in text and "Sign out" in text
    assert "首頁" not in text and "帳號安全" not in text
    # The switch offers the other language, named in itself.
    assert "繁體中文" in header(response)


def test_the_community_application_form_in_english_has_no_chinese_labels(client, program):
    application = teacher_with_application(program, language="en")
    client.force_login(application.convenor)
    response = client.get(form_url(application))
    assert response.status_code == 200
    text = Page(response).visible_text()
    for words in [
        "Professional Learning Community Application Form",
        "Basic information",
        "Community members",
        "Schedule",
        "Save",
        "Submit",
        "Print",
    ]:
        assert words in text
    labels = field_labels(response, "application-form")
    assert labels, "no labels found"
    assert [label for label in labels if CJK.search(label)] == []
    assert "Community name" in labels


def test_a_default_user_gets_chinese_even_with_an_english_browser(client, program):
    teacher = UserFactory(teacher=True)
    assert teacher.language == ""
    client.force_login(teacher)
    response = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "zh-hant"
    assert '<html lang="zh-Hant">' in response.content.decode()
    assert "首頁" in Page(response).visible_text()
    assert "Home" not in header(response)


def test_a_visitor_gets_chinese_with_an_english_browser(client, db):
    response = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en")
    assert "登入" in header(response)


def test_a_visitor_switches_with_the_header_and_back(client, db):
    response = client.get(reverse("portal:announcements"))
    # The page to come back to is in the form's address, not in a field named next.
    assert (
        f'action="{reverse("signin:language")}?next=/announcements/"' in response.content.decode()
    )
    response = switch(client, "en", reverse("portal:announcements"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:announcements")
    assert client.cookies[COOKIE].value == "en"
    response = client.get(reverse("portal:announcements"))
    assert "Sign in" in header(response)
    assert "Announcements" in Page(response).visible_text()
    assert "Language changed." in Page(response).visible_text()
    switch(client, "zh-hant")
    assert "登入" in header(client.get(reverse("portal:home")))


def test_the_switch_refuses_an_unknown_language_and_an_outside_next(client, db):
    response = switch(client, "fr", "https://evil.example/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert COOKIE not in client.cookies or client.cookies[COOKIE].value == ""
    assert "登入" in header(client.get(reverse("portal:home")))


def test_a_signed_in_choice_is_kept_on_the_account_for_the_next_sign_in(client, program):
    teacher = UserFactory(teacher=True)
    client.force_login(teacher)
    switch(client, "en", reverse("signin:security"))
    teacher.refresh_from_db()
    assert teacher.language == "en"
    # Another browser, no cookie: the account's choice still holds.
    client.cookies.clear()
    client.force_login(teacher)
    assert "Home" in Page(client.get(reverse("portal:home"))).visible_text() + header(
        client.get(reverse("portal:home"))
    )


def test_the_account_language_wins_over_a_cookie(client, program):
    teacher = UserFactory(teacher=True, language="zh-hant")
    client.cookies[COOKIE] = "en"
    client.force_login(teacher)
    assert (
        "首頁"
        in header(client.get(reverse("portal:home")))
        + Page(client.get(reverse("portal:home"))).visible_text()
    )


def test_the_account_security_page_has_the_language_form(client, program):
    teacher = UserFactory(teacher=True)
    client.force_login(teacher)
    response = client.get(reverse("signin:security"))
    page = Page(response)
    assert page.selected("language") == "zh-hant"
    assert "語言" in page.visible_text()
    response = client.post(
        reverse("signin:language"), {"language": "en", "next": reverse("signin:security")}
    )
    assert response["Location"] == reverse("signin:security")
    response = client.get(reverse("signin:security"))
    assert Page(response).selected("language") == "en"
    assert "Language changed." in Page(response).visible_text()
    assert User.objects.get(pk=teacher.pk).language == "en"


def test_the_switch_takes_only_post(client, db):
    assert client.get(reverse("signin:language")).status_code == 405
