from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone


def pytest_configure(config):
    """The migrated SQLite test database is kept between runs (testsupport.testdb); the
    translations are compiled from their .po before any test (once, not in each xdist worker),
    so a changed catalogue is what the tests read."""
    from testsupport.testdb import install

    install()
    if hasattr(config, "workerinput"):
        return
    from core.management.commands.compile_translations import compile_catalogues

    compile_catalogues([Path(__file__).resolve().parent / "locale"])


@pytest.fixture
def program(db):
    """The seeded 109 program with its application window open now."""
    from programs.models import ProgramYear

    program = ProgramYear.objects.get(academic_year=109)
    program.application_opens_at = timezone.now() - timedelta(days=1)
    program.application_closes_at = timezone.now() + timedelta(days=30)
    program.save()
    return program


@pytest.fixture
def no_premium(program):
    """The year's rules without a 二代健保補充保費 rate in force, so that an application's total
    is the sum of the budget lines a test gives."""
    from programs.models import PremiumRate
    from programs.rulecache import year_rules_forget

    PremiumRate.objects.update(rate_percent=0)
    year_rules_forget()  # update() sends no signal: a rate read before is kept otherwise


@pytest.fixture(autouse=True)
def _rules_read_afresh():
    """The rules a process keeps (programs.rulecache) are read again in each test: a test's
    rows are rolled back after it, and some tests change rules with update(), which no signal
    sees."""
    from programs.rulecache import year_rules_forget

    year_rules_forget()
    yield


@pytest.fixture(scope="session", autouse=True)
def _audit_off():
    """django-auditlog writes no audit rows in tests (it costs a tenth of the suite's time):
    only tests marked ``audit``, the ones that read audit rows, have it record, as it does in
    production. The test server of a browser test records too (another thread)."""
    from auditlog.context import auditlog_disabled

    token = auditlog_disabled.set(True)
    yield
    auditlog_disabled.reset(token)


@pytest.fixture(autouse=True)
def _audit_where_read(request):
    if request.node.get_closest_marker("audit") is None:
        yield
        return
    from auditlog.context import auditlog_disabled

    token = auditlog_disabled.set(False)
    yield
    auditlog_disabled.reset(token)


@pytest.fixture(autouse=True)
def _reset_axes(db):
    """Lockout state must not leak from one test into the next."""
    from axes.utils import reset

    reset()
    yield


@pytest.fixture(scope="session", autouse=True)
def _force_login_passes_the_second_factor():
    """client.force_login skips the password form; for center staff and reviewers it also
    passes the second factor, with a real TOTP device of the account (signin.testing). The
    second-factor tests sign in through the forms instead."""
    from django.test import Client

    from signin.testing import pass_second_factor

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        pass_second_factor(self, user)

    Client.force_login = force_login
    yield
    Client.force_login = original


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (the network is closed: never `playwright install`)."""
    import os
    import shutil

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
    # itself are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Chromium is not installed: scripts/bootstrap.sh --dev installs it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def seeded_rules(transactional_db):
    """The rows the migrations seed (109 rules, districts), put back after an earlier transactional
    test's closing flush removed them. serialized_rollback cannot do it for browser tests: with
    Playwright's event loop in this thread the test gets a fresh connection without the snapshot.
    The seed functions skip what already exists."""
    from django.apps import apps

    from programs.seed_109 import seed_all

    seed_all(apps)


def _flushes_the_database(item) -> bool:
    """A transactional test (as pytest-django tells them): its teardown empties every table."""
    marker = item.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    ):
        return True
    fixtures = getattr(item, "fixturenames", ())
    return "transactional_db" in fixtures or "live_server" in fixtures


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's closing flush, the seeded rows are put back, so that the
    tests run after it on the same worker find the rows as the migrations left them,
    whatever order the tests are handed out in (`--dist loadfile` runs a file's tests after
    another file's transactional tests)."""
    result = yield
    if nextitem is not None and _flushes_the_database(item):
        from django.apps import apps
        from django.db import connection
        from pytest_django.plugin import blocking_manager_key

        from programs.seed_109 import seed_all
        from testsupport.testdb import restore

        with item.config.stash[blocking_manager_key].unblock():
            # SQLite: the migrated database kept for this run, every seeded row (the tutorials'
            # text too); elsewhere the 109 rules, as seeded_rules puts them back.
            if not restore(connection):
                seed_all(apps)
    return result


@pytest.fixture
def browser_page(chromium, live_server, seeded_rules):
    """A fresh browser context on the live test server; `page.base_url` is the server's address."""
    context = chromium.new_context(
        base_url=live_server.url, locale="zh-TW", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    # Every page runs under the site's Content-Security-Policy: what it refuses is a failure.
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert refused == [], "Content-Security-Policy violations:\n" + "\n".join(refused)


@pytest.fixture
def login(browser_page):
    """login(username, password) signs in through the real login form."""

    def sign_in(username: str, password: str = "pw-123456"):
        from people.models import User
        from signin.second_factor import second_factor_required
        from signin.testing import totp_code, totp_device

        user = User.objects.filter(username=username).first()
        # Center staff and reviewers type their authenticator's code after the password.
        device = totp_device(user) if user and second_factor_required(user) else None
        browser_page.goto("/accounts/login/")
        browser_page.get_by_label("帳號").fill(username)
        browser_page.get_by_label("密碼").fill(password)
        browser_page.get_by_role("button", name="登入").click()
        browser_page.wait_for_load_state()
        if device is not None:
            browser_page.get_by_label("驗證碼").fill(totp_code(device))
            browser_page.get_by_role("button", name="驗證").click()
            browser_page.wait_for_load_state()
        return browser_page

    return sign_in
