"""以教育雲端帳號登入 in a browser: the login page's button, the provider, and back, signed in."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from people.tests.factories import UserFactory
from signin.tests.oidc_provider.harness import provider_start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def provider(tmp_path_factory, live_server):
    running = provider_start(tmp_path_factory.mktemp("oidc-provider"), origins=(live_server.url,))
    yield running
    running.stop()


@pytest.mark.parametrize("width", [390, 1366])
def test_a_teacher_signs_in_with_the_button(browser_page, provider, settings, width):
    settings.OIDC_PROVIDERS = {"edu": provider.settings("edu")}
    cache.clear()
    UserFactory(username="t1", name="曾鼎育", email="lin@school.edu.tw")
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    claims = '{"sub": "edu-1001", "email": "lin@school.edu.tw", "email_verified": true}'
    page.goto(f"{provider.origin}/sign-in-as/lin/?claims={claims}")

    page.goto("/accounts/login/")
    button = page.get_by_role("link", name="以教育雲端帳號登入")
    expect(button).to_be_visible()
    button.click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", name="您的待辦")).to_be_visible()
    expect(page.get_by_text("曾鼎育").first).to_be_visible()


def test_an_unknown_person_reads_whom_to_ask(browser_page, provider, settings):
    settings.OIDC_PROVIDERS = {"edu": provider.settings("edu")}
    cache.clear()
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 900})
    claims = '{"sub": "edu-3001", "email": "new@school.edu.tw", "email_verified": true}'
    page.goto(f"{provider.origin}/sign-in-as/new/?claims={claims}")
    page.goto("/accounts/login/")
    page.get_by_role("link", name="以教育雲端帳號登入").click()
    expect(page.get_by_role("heading", name="找不到您的平台帳號")).to_be_visible()
    expect(page.get_by_text("請洽貴校的學校承辦人")).to_be_visible()
    expect(page.get_by_text("new@school.edu.tw")).to_be_visible()


def test_the_sign_in_pages_fit_a_phone_and_pass_axe(chromium, live_server, provider, settings):
    """The login page with its buttons, the unknown person's page and a refused sign-in's page,
    swept as test_every_page_browser sweeps every page of the access table."""
    from config.tests.test_every_page_browser import PHONE, _problems

    settings.OIDC_PROVIDERS = {
        "edu": provider.settings("edu"),
        "tainan": provider.settings("tainan"),
    }
    cache.clear()
    context = chromium.new_context(
        base_url=live_server.url, viewport=PHONE, locale="zh-TW", bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems = []
    page.goto("/accounts/login/")
    problems += _problems(page, "login", axe=True)
    claims = '{"sub": "edu-3001", "email": "new@school.edu.tw", "email_verified": true}'
    page.goto(f"{provider.origin}/sign-in-as/new/?claims={claims}")
    page.goto("/accounts/oidc/edu/")
    expect(page.get_by_role("heading", name="找不到您的平台帳號")).to_be_visible()
    problems += _problems(page, "unknown", axe=True)
    page.goto("/accounts/oidc/edu/callback/?code=x&state=not-the-state")
    expect(page.get_by_role("heading", name="登入未完成")).to_be_visible()
    problems += _problems(page, "refused", axe=True)
    context.close()
    assert problems == []
