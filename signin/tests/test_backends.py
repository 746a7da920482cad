"""The session's account is read with its school (the header names it), and a session begun
under Django's own ModelBackend carries on under ours."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.tests.factories import SchoolFactory, UserFactory
from signin.backends import CURRENT, PREVIOUS

pytestmark = pytest.mark.django_db

HOME = reverse("portal:home")


def school_reads(queries) -> list[str]:
    """The queries that read a school on its own (not joined to something else)."""
    return [q["sql"] for q in queries if q["sql"].split(" FROM ")[1].startswith('"people_school"')]


def test_a_password_sign_in_is_kept_by_our_backend(client):
    UserFactory(username="t1", teacher=True)

    client.post(reverse("login"), {"username": "t1", "password": "pw-123456"})

    assert client.session[BACKEND_SESSION_KEY] == CURRENT


def test_the_header_names_the_school_without_reading_it_again(client):
    school = SchoolFactory(name="市立和平國中")
    UserFactory(username="t2", teacher=True, school=school)
    client.post(reverse("login"), {"username": "t2", "password": "pw-123456"})

    with CaptureQueriesContext(connection) as queries:
        page = client.get(HOME).content.decode()

    assert "市立和平國中" in page
    assert school_reads(queries.captured_queries) == []


def test_a_session_begun_under_djangos_model_backend_stays_signed_in():
    user = UserFactory(username="t3", teacher=True)
    client = Client()
    client.force_login(user, backend=PREVIOUS)  # as a session from before the change
    assert client.session[BACKEND_SESSION_KEY] == PREVIOUS

    response = client.get(HOME)

    assert response.status_code == 200 and response.wsgi_request.user == user
    assert client.session[BACKEND_SESSION_KEY] == CURRENT


def test_an_inactive_account_has_no_session(client):
    user = UserFactory(username="t4", teacher=True)
    client.force_login(user)
    user.is_active = False
    user.save()

    assert not client.get(HOME).wsgi_request.user.is_authenticated
