"""以教育雲端帳號登入 end to end: the platform (Django's test client) signs people in through a
real OpenID Connect provider (django-oauth-toolkit) running in its own process on 127.0.0.1,
over HTTP: the redirects, the token exchange, the provider's keys and its userinfo."""

from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from people.models import Role, User
from people.tests.factories import SchoolFactory, UserFactory
from signin.models import ExternalIdentity, SignInEvent
from signin.testing import totp_code, totp_device
from signin.tests.oidc_provider.harness import Browser, provider_start

pytestmark = pytest.mark.django_db

Kind = SignInEvent.Kind
START = reverse("signin:oidc_start", args=["edu"])


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    running = provider_start(tmp_path_factory.mktemp("oidc-provider"))
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def configured(settings, provider):
    settings.OIDC_PROVIDERS = {"edu": provider.settings("edu")}
    cache.clear()
    return settings


@pytest.fixture
def browser(client, provider):
    return Browser(client, provider)


def person(sub, **claims):
    return {"sub": sub, **claims}


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def with_query(url: str, **changes) -> str:
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return urlunsplit(parts._replace(query=urlencode(query)))


def events(kind):
    return list(SignInEvent.objects.filter(kind=kind).order_by("pk"))


# --- the login page ---------------------------------------------------------------------------


def test_the_login_page_has_a_button_per_provider(client, configured, provider):
    configured.OIDC_PROVIDERS = {
        "edu": provider.settings("edu"),
        "tainan": provider.settings("tainan"),
    }
    page = client.get(reverse("login")).content.decode()
    assert f'href="{START}"' in page and "以教育雲端帳號登入" in page
    assert 'href="/accounts/oidc/tainan/"' in page and "以臺南市教育網路帳號登入" in page
    nexted = client.get(reverse("login"), {"next": "/messages/"}).content.decode()
    assert f'href="{START}?next=/messages/"' in nexted


def test_no_provider_no_button(client, configured):
    configured.OIDC_PROVIDERS = {}
    page = client.get(reverse("login")).content.decode()
    assert "/accounts/oidc/" not in page and "教育雲端帳號" not in page
    # A stale link of a provider no longer configured lands on the login page, explained.
    response = client.get(START, follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "這個登入方式目前沒有開放" in response.content.decode()


# --- matching the account ---------------------------------------------------------------------


def test_a_known_user_is_matched_by_verified_email(client, browser):
    teacher = UserFactory(username="t1", email="Lin@School.edu.tw")
    school, role = teacher.school_id, teacher.role
    browser.sign_in_at_provider(
        "lin", person("edu-1001", email="lin@school.edu.tw", email_verified=True)
    )

    page = browser.open(f"{START}?next=/messages/")

    assert page.status_code == 200
    assert page.wsgi_request.path == "/messages/"
    assert signed_in_as(client) == str(teacher.pk)
    identity = ExternalIdentity.objects.get(provider="edu", sub="edu-1001")
    assert identity.user == teacher and identity.matched_by == "email"
    teacher.refresh_from_db()
    assert (teacher.school_id, teacher.role) == (school, role)  # the center's, untouched
    [event] = events(Kind.SIGNED_IN)
    assert event.user == teacher
    assert event.detail == "以教育雲端帳號登入（首次登入，依電子郵件連結帳號）"


def test_the_sign_in_shows_on_the_center_events_page(client, browser):
    UserFactory(username="t1", email="lin@school.edu.tw")
    browser.sign_in_at_provider(
        "lin", person("edu-1001", email="lin@school.edu.tw", email_verified=True)
    )
    browser.open(START)
    staff = Client()
    staff.force_login(UserFactory(username="c1", center=True))
    page = staff.get(reverse("signin:events"), {"account": "t1"}).content.decode()
    assert "以教育雲端帳號登入（首次登入，依電子郵件連結帳號）" in page


def test_an_unverified_email_matches_no_one(client, browser):
    UserFactory(username="t1", email="lin@school.edu.tw")
    browser.sign_in_at_provider(
        "lin", person("edu-1001", email="lin@school.edu.tw", email_verified=False)
    )
    page = browser.open(START)
    assert page.status_code == 403 and "找不到您的平台帳號" in page.content.decode()
    assert "登入服務未驗證" in page.content.decode()
    assert signed_in_as(client) is None
    assert not ExternalIdentity.objects.exists()


def test_a_trusted_providers_email_needs_no_verified_claim(client, browser, configured, provider):
    configured.OIDC_PROVIDERS = {"edu": provider.settings("edu", email_trusted=True)}
    teacher = UserFactory(username="t1", email="lin@school.edu.tw")
    browser.sign_in_at_provider("lin", person("edu-1001", email="lin@school.edu.tw"))
    browser.open(START)
    assert signed_in_as(client) == str(teacher.pk)


def test_an_email_of_two_accounts_matches_neither(client, browser):
    UserFactory(username="t1", email="shared@school.edu.tw")
    UserFactory(username="t2", email="shared@school.edu.tw")
    browser.sign_in_at_provider(
        "x", person("edu-1", email="shared@school.edu.tw", email_verified=True)
    )
    page = browser.open(START)
    assert page.status_code == 403
    assert signed_in_as(client) is None and not ExternalIdentity.objects.exists()


def test_a_school_admin_is_matched_by_school_code_and_title(client, browser):
    school = SchoolFactory(code="114601", name="市立測試國中")
    admin = UserFactory(
        username="a1", school_admin=True, school=school, email="office@old.tw", title="教務主任"
    )
    UserFactory(username="a2", school_admin=True, school=school, title="輔導主任")
    # A teacher with the same title is never matched this way.
    UserFactory(username="t1", school=school, title="教務主任")
    browser.sign_in_at_provider(
        "wang",
        person(
            "edu-2001",
            email="wang@new.tw",
            email_verified=True,
            school_code="114601",
            title=["教師", "教務主任"],
        ),
    )

    page = browser.open(START)

    assert page.status_code == 200
    assert signed_in_as(client) == str(admin.pk)
    identity = ExternalIdentity.objects.get(sub="edu-2001")
    assert identity.user == admin and identity.matched_by == "school_title"
    admin.refresh_from_db()
    assert (admin.role, admin.school, admin.title, admin.email) == (
        Role.SCHOOL_ADMIN,
        school,
        "教務主任",
        "office@old.tw",
    )
    [event] = events(Kind.SIGNED_IN)
    assert event.detail == "以教育雲端帳號登入（首次登入，依學校代碼與職稱連結帳號）"


def test_two_admins_of_one_title_match_neither(client, browser):
    school = SchoolFactory(code="114601")
    UserFactory(username="a1", school_admin=True, school=school, title="教務主任")
    UserFactory(username="a2", school_admin=True, school=school, title="教務主任")
    browser.sign_in_at_provider("wang", person("edu-2001", school_code="114601", title="教務主任"))
    page = browser.open(START)
    assert page.status_code == 403
    assert signed_in_as(client) is None and not ExternalIdentity.objects.exists()


def test_an_account_linked_to_another_person_is_not_matched_again(client, provider):
    school = SchoolFactory(code="114601")
    UserFactory(username="a1", school_admin=True, school=school, title="教務主任")
    first = Browser(client, provider)
    first.sign_in_at_provider("wang", person("edu-2001", school_code="114601", title="教務主任"))
    first.open(START)
    assert ExternalIdentity.objects.filter(sub="edu-2001").exists()

    second = Browser(Client(), provider)
    second.sign_in_at_provider("chen", person("edu-2002", school_code="114601", title="教務主任"))
    page = second.open(START)
    assert page.status_code == 403
    assert not ExternalIdentity.objects.filter(sub="edu-2002").exists()


def test_a_second_sign_in_is_matched_by_sub(client, provider):
    teacher = UserFactory(username="t1", email="lin@school.edu.tw")
    first = Browser(client, provider)
    first.sign_in_at_provider(
        "lin", person("edu-1001", email="lin@school.edu.tw", email_verified=True)
    )
    first.open(START)
    assert signed_in_as(client) == str(teacher.pk)

    # Later the person's address at the provider is another one; the link still holds.
    later = Browser(Client(), provider)
    later.sign_in_at_provider(
        "lin", person("edu-1001", email="lin@elsewhere.tw", email_verified=True)
    )
    page = later.open(START)

    assert page.status_code == 200
    assert signed_in_as(later.client) == str(teacher.pk)
    assert ExternalIdentity.objects.count() == 1
    assert ExternalIdentity.objects.get().last_used_at is not None
    assert [e.detail for e in events(Kind.SIGNED_IN)] == [
        "以教育雲端帳號登入（首次登入，依電子郵件連結帳號）",
        "以教育雲端帳號登入",
    ]


def test_a_linked_account_turned_off_is_refused(client, browser):
    teacher = UserFactory(username="t1", email="lin@school.edu.tw")
    ExternalIdentity.objects.create(
        provider="edu", sub="edu-1001", user=teacher, matched_by="email"
    )
    User.objects.filter(pk=teacher.pk).update(is_active=False)
    browser.sign_in_at_provider("lin", person("edu-1001"))
    page = browser.open(START)
    assert page.status_code == 400 and "帳號已停用" in page.content.decode()
    assert signed_in_as(client) is None
    [event] = events(Kind.SIGN_IN_FAILED)
    assert event.user == teacher and "帳號已停用" in event.detail


def test_an_unknown_person_gets_a_page_saying_whom_to_ask(client, browser):
    school = SchoolFactory(code="114601", name="市立測試國中")
    users = User.objects.count()
    browser.sign_in_at_provider(
        "new",
        person(
            "edu-3001",
            email="new@school.edu.tw",
            email_verified=True,
            school_code="114601",
            title="教師",
        ),
    )

    page = browser.open(START)

    content = page.content.decode()
    assert page.status_code == 403
    assert "找不到您的平台帳號" in content
    assert f"請洽{school.name}的學校承辦人" in content
    assert "學校承辦人</strong>：請洽教師專業發展中心" in content
    assert "new@school.edu.tw" in content
    assert User.objects.count() == users
    assert signed_in_as(client) is None and not ExternalIdentity.objects.exists()
    [event] = events(Kind.SIGN_IN_FAILED)
    assert event.user is None and event.username == "new@school.edu.tw"
    assert event.detail.startswith("以教育雲端帳號登入：找不到對應的帳號（sub edu-3001")


# --- refused flows ----------------------------------------------------------------------------


def test_a_wrong_state_is_refused(client, browser):
    teacher = UserFactory(username="t1", email="lin@school.edu.tw")
    browser.sign_in_at_provider(
        "lin", person("edu-1001", email="lin@school.edu.tw", email_verified=True)
    )
    callback = browser.open(START, stop_at_callback=True)

    page = client.get(with_query(callback, state="not-the-state"))

    assert page.status_code == 400 and "state 不符" in page.content.decode()
    assert signed_in_as(client) is None
    [event] = events(Kind.SIGN_IN_FAILED)
    assert "state 不符" in event.detail
    # The real callback still works once, and a replay of it is refused.
    assert browser.open(callback).status_code == 200
    assert signed_in_as(client) == str(teacher.pk)
    assert client.get(callback).status_code == 400


def test_a_state_begun_with_another_provider_is_refused(client, browser, configured, provider):
    configured.OIDC_PROVIDERS = {
        "edu": provider.settings("edu"),
        "tainan": provider.settings("tainan"),
    }
    UserFactory(username="t1", email="lin@school.edu.tw")
    browser.sign_in_at_provider(
        "lin", person("edu-1001", email="lin@school.edu.tw", email_verified=True)
    )
    callback = browser.open(START, stop_at_callback=True)
    page = client.get(callback.replace("/oidc/edu/", "/oidc/tainan/"))
    assert page.status_code == 400 and "state 不符" in page.content.decode()
    assert signed_in_as(client) is None


@pytest.mark.parametrize("nonce", ["another-nonce", "earlier", None])
def test_a_wrong_or_replayed_nonce_is_refused(client, browser, nonce):
    UserFactory(username="t1", email="lin@school.edu.tw")
    browser.sign_in_at_provider(
        "lin", person("edu-1001", email="lin@school.edu.tw", email_verified=True)
    )
    earlier = parse_qs(urlsplit(client.get(START)["Location"]).query)["nonce"][0]
    authorize = client.get(START)["Location"]
    # The ID token comes back with another nonce than this sign-in's: another one, an earlier
    # sign-in's, or none at all.
    tampered = with_query(authorize, nonce=earlier if nonce == "earlier" else nonce)

    page = browser.open(tampered)

    assert page.status_code == 400 and "nonce 不符" in page.content.decode()
    assert signed_in_as(client) is None and not ExternalIdentity.objects.exists()
    [event] = events(Kind.SIGN_IN_FAILED)
    assert "nonce 不符" in event.detail


def test_a_code_of_another_sign_in_is_refused(client, provider):
    UserFactory(username="t1", email="lin@school.edu.tw")
    victim = Browser(Client(), provider)
    victim.sign_in_at_provider(
        "lin", person("edu-1001", email="lin@school.edu.tw", email_verified=True)
    )
    stolen = parse_qs(urlsplit(victim.open(START, stop_at_callback=True)).query)["code"][0]

    attacker = Browser(client, provider)
    attacker.sign_in_at_provider("mallory", person("edu-666"))
    own = attacker.open(START, stop_at_callback=True)
    page = client.get(with_query(own, code=stolen))

    assert page.status_code == 400 and "登入服務不接受這次的授權碼" in page.content.decode()
    assert signed_in_as(client) is None


def test_a_sign_in_cancelled_at_the_provider_is_recorded(client):
    state = parse_qs(urlsplit(client.get(START)["Location"]).query)["state"][0]
    page = client.get(
        reverse("signin:oidc_callback", args=["edu"]), {"error": "access_denied", "state": state}
    )
    assert page.status_code == 400 and "access_denied" in page.content.decode()
    [event] = events(Kind.SIGN_IN_FAILED)
    assert "取消或未完成登入" in event.detail


def test_an_unreachable_provider_is_explained(client, configured, provider):
    configured.OIDC_PROVIDERS = {"edu": provider.settings("edu", issuer="http://127.0.0.1:9/o")}
    page = client.get(START)
    assert page.status_code == 400 and "無法連線到登入服務" in page.content.decode()


# --- the second factor ------------------------------------------------------------------------


def test_a_center_user_still_gives_the_authenticator_code(client, browser):
    staff = UserFactory(username="c1", center=True, email="staff@center.tw")
    device = totp_device(staff)
    browser.sign_in_at_provider(
        "staff", person("edu-9", email="staff@center.tw", email_verified=True)
    )

    page = browser.open(START)

    assert signed_in_as(client) == str(staff.pk)
    assert page.wsgi_request.path == reverse("signin:two_factor_verify")
    assert 'name="token"' in page.content.decode()
    blocked = client.get(reverse("center:home"))
    assert blocked.status_code == 302 and blocked.url.startswith(
        reverse("signin:two_factor_verify")
    )

    done = client.post(
        reverse("signin:two_factor_verify"),
        {"token": totp_code(device), "next": reverse("center:home")},
    )
    assert done.status_code == 302 and done.url == reverse("center:home")
    assert client.get(reverse("center:home")).status_code == 200


def test_a_center_user_without_an_authenticator_sets_one_up_first(client, browser):
    staff = UserFactory(username="c1", center=True, email="staff@center.tw")
    browser.sign_in_at_provider(
        "staff", person("edu-9", email="staff@center.tw", email_verified=True)
    )
    page = browser.open(START)
    assert signed_in_as(client) == str(staff.pk)
    assert page.wsgi_request.path == reverse("signin:two_factor")
    assert "設定兩步驟驗證" in page.content.decode()


def test_the_link_shows_on_the_accounts_security_page(client, browser):
    UserFactory(username="t1", email="lin@school.edu.tw")
    browser.sign_in_at_provider(
        "lin", person("edu-1001", email="lin@school.edu.tw", email_verified=True)
    )
    browser.open(START)
    page = client.get(reverse("signin:security")).content.decode()
    assert "教育雲端帳號" in page and "以教育雲端帳號登入：" in page and "依電子郵件連結" in page


def test_the_center_sees_and_removes_a_link_in_the_admin(client):
    teacher = UserFactory(username="t1")
    identity = ExternalIdentity.objects.create(
        provider="edu", sub="edu-1001", user=teacher, matched_by="email"
    )
    staff = Client()
    staff.force_login(UserFactory(username="c1", center=True))
    page = staff.get(reverse("admin:people_user_change", args=[teacher.pk])).content.decode()
    assert "教育雲端帳號連結" in page and "edu-1001" in page
    listing = staff.get(reverse("admin:signin_externalidentity_changelist")).content.decode()
    assert "edu-1001" in listing
    staff.post(reverse("admin:signin_externalidentity_delete", args=[identity.pk]), {"post": "yes"})
    assert not ExternalIdentity.objects.exists()


def test_signing_in_again_is_open_before_the_code_is_given(client, browser, provider):
    """As the login page is: someone who has not given the code yet may sign in anew, and the
    new sign-in asks for its own code."""
    staff = UserFactory(username="c1", center=True, email="staff@center.tw")
    totp_device(staff)
    browser.sign_in_at_provider(
        "staff", person("edu-9", email="staff@center.tw", email_verified=True)
    )
    browser.open(START)
    assert client.get(START)["Location"].startswith(provider.issuer)
    page = browser.open(START)
    assert signed_in_as(client) == str(staff.pk)
    assert page.wsgi_request.path == reverse("signin:two_factor_verify")
