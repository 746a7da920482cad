"""Every page of every role, in a phone's width (390 px) in Chromium, in Chinese and in English:
the document is no wider than the screen (a wide table scrolls inside its own box), the buttons
and links of its forms are at least 44 px tall, it has a title, a breadcrumb and a 「跳至主要內容」
link, and axe-core finds no serious or critical accessibility violation.

The pages are those the every-URL access table (test_url_access.ACCESS) grants each role as a
page (HTML, not a redirect, not a POST-only URL), with the same objects: a new URL declared
there is swept here too. One browser page per role is reused across its URLs."""

import os
from pathlib import Path

import axe_playwright_python
import pytest
from django.conf import settings
from django.utils.http import urlencode
from playwright.sync_api import Error as PlaywrightError

from config.tests.test_url_access import (
    ACCESS,
    CHOOSE_SCHOOL,
    HTML,
    OWN_SCHOOL,
    ROLES,
    ROUTES,
    SHOWN,
    _url,
    build_world,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
# What fails the sweep (axe-core's impacts: minor, moderate, serious, critical).
FAILING_IMPACTS = {"serious", "critical"}
TAP = 44

# The form controls a thumb presses, visible ones only.
TAP_TARGETS = """() => [...document.querySelectorAll(
    "main form button, main form a.button, main form input[type=submit]"
  )].filter(e => e.offsetParent !== null && !e.closest('.implicit-save'))
   .map(e => [e.textContent.trim() || e.value || e.outerHTML.slice(0, 60),
              Math.round(e.getBoundingClientRect().height)])
   .filter(([, h]) => h < LIMIT)""".replace("LIMIT", str(TAP))


# Not pages of the site's own: drf-spectacular's Swagger UI and its schema file (for developers).
NOT_SITE_PAGES = {"api:docs", "api:schema"}


def pages_of(world, role: str) -> list[tuple[str, str]]:
    """(route key, URL) of each page the access table grants ``role``, asked with its first
    granted object."""
    urls = []
    for route in ROUTES:
        entry = ACCESS.get(route.key)
        if entry is None or entry.body != HTML or entry.post_only or route.key in NOT_SITE_PAGES:
            continue
        for variant in entry.objects:
            if entry.outcome(role, variant) in (SHOWN, OWN_SCHOOL, CHOOSE_SCHOOL):
                path, query = _url(world, entry, route, role, variant)
                urls.append(
                    (route.key, f"{path}?{urlencode(query, doseq=True)}" if query else path)
                )
                break
    return urls


def _problems(page, url: str, *, axe: bool) -> list[str]:
    found = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        wide = page.evaluate(
            """(limit) => [...document.querySelectorAll('body *')]
                 .filter(e => e.getBoundingClientRect().right > limit + 1
                              && !e.closest('.table-scroll'))
                 .slice(0, 3).map(e => e.tagName + '.' + e.className + '#' + e.id)""",
            PHONE["width"],
        )
        found.append(f"{url}: {width} px wide ({', '.join(wide)})")
    shell = page.evaluate(
        """() => ({
            title: document.title.trim(),
            crumbs: !!document.querySelector('nav.breadcrumb, nav[aria-label] .breadcrumbs, .breadcrumbs'),
            skip: !!document.querySelector('a.skip-link[href="#main"], a.skip-to-content-link'),
        })"""
    )
    if not shell["title"]:
        found.append(f"{url}: no <title>")
    if not shell["crumbs"]:
        found.append(f"{url}: no breadcrumb")
    if not shell["skip"]:
        found.append(f"{url}: no 「跳至主要內容」 link")
    for label, height in page.evaluate(TAP_TARGETS):
        found.append(f"{url}: 「{label}」 is {height} px tall")
    if not axe:
        return found
    page.evaluate(AXE)
    result = page.evaluate(
        """async () => await axe.run(document, {
            resultTypes: ['violations'],
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
        })"""
    )
    for violation in result["violations"]:
        if violation["impact"] in FAILING_IMPACTS:
            targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
            found.append(f"{url}: axe {violation['id']} ({violation['impact']}): {targets}")
    return found


# English too (the header's switch, as a cookie): its longer words must not widen a page.
@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_every_page_fits_a_phone_and_passes_axe(chromium, live_server, seeded_rules, language):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    import time

    started = time.monotonic()
    world = build_world()
    print(f"world built in {time.monotonic() - started:.1f} s")
    problems: list[str] = []
    seen = 0
    checked: set[str] = set()  # the routes axe has read (their markup is the same for each role)
    for role in ROLES:
        # The CSP of the site would refuse axe's own script; the pages are what is checked.
        context = chromium.new_context(
            base_url=live_server.url, viewport=PHONE, locale="zh-TW", bypass_csp=True
        )
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        if role != "anonymous":
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": world.sessions[role],
                        "url": live_server.url,
                    }
                ]
            )
        page = context.new_page()
        page.set_default_timeout(10_000)
        for key, url in pages_of(world, role):
            try:
                response = page.goto(url)
            except PlaywrightError as error:
                if "Download is starting" in str(error):
                    continue  # a file (the API's schema), not a page
                raise
            assert response.status == 200, (role, url, response.status)
            html = "text/html" in response.headers.get("content-type", "")
            if not html or not response.text().lstrip().lower().startswith("<!doctype html>"):
                continue  # a fragment htmx puts into a page (rows, options, search results)
            seen += 1
            problems += [f"{role} {line}" for line in _problems(page, url, axe=key not in checked)]
            checked.add(key)
        context.close()
    print(f"{seen} pages in {time.monotonic() - started:.1f} s")
    assert seen > 50
    assert not problems, "\n".join(problems)
