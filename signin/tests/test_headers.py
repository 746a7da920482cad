"""The response headers: a Content-Security-Policy of the site's own scripts and styles only, and
the headers `check --deploy` asks for."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


@pytest.mark.parametrize("url_name", ["portal:home", "login", "signin:password_reset"])
def test_pages_carry_a_policy_of_the_sites_own_scripts_and_styles(client, url_name):
    response = client.get(reverse(url_name))
    policy = directives(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_signed_in_pages_carry_it_too(client):
    from people.tests.factories import UserFactory

    client.force_login(UserFactory())
    assert directives(client.get(reverse("signin:security")))["script-src"] == "'self'"


def test_no_template_has_an_inline_script_handler_or_style_attribute():
    """What the policy would refuse, found before a browser does."""
    found = []
    for path in ROOT.glob("*/templates/**/*.html"):
        if ".venv" in path.parts:
            continue
        html = path.read_text(encoding="utf-8")
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"\son[a-z]+\s*=", r"\sstyle\s*="):
            for match in re.finditer(pattern, html):
                found.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    # The 核定名單's PDF template is rendered by WeasyPrint only, never served to a browser.
    found = [f for f in found if "approved_list_pdf.html" not in f]
    assert found == []
