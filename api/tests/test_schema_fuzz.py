"""The API against its own OpenAPI schema: schemathesis generates requests from the schema for
every operation (a bounded number each, so CI stays fast) and sends them to the app in-process
through its WSGI handler, as the center's and a school admin's tokens; every answer must be no
server error and conform to the schema (status code, content type, body, headers). The center's
token also writes (指定審查 of whatever ids are drawn)."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import positive_data_acceptance

from communities import workflow
from testsupport.flow import application_in, center_user, school_admin_of

pytestmark = pytest.mark.django_db

EXAMPLES = 12  # per operation and token


@pytest.fixture
def app(monkeypatch):
    """Django's WSGI handler, keeping the test's database connection (as the test client does:
    a request's end would otherwise close it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(program):
    application = application_in(workflow.APPROVED, program, name="受測的數學社群")
    return {
        "center": Token.objects.create(user=center_user()).key,
        "school_admin": Token.objects.create(user=school_admin_of(application)).key,
    }


def operations(app):
    spec = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(spec)
    schema.app = app
    found = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in found} >= {"/api/applications/", "/api/schools/{school_pk}/summary/"}
    return found


@pytest.mark.parametrize("role", ["center", "school_admin"])
def test_every_operation_answers_within_its_schema(app, tokens, role):
    headers = {"Authorization": f"Token {tokens[role]}"}
    for operation in operations(app):

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case):
            response = case.call(headers=headers)
            assert response.status_code < 500, (case.path, case.query, response.text[:500])
            # A write's body names rows by id: one the schema allows may not exist (a 400 with
            # the reason, documented), which is not a schema-valid request wrongly refused.
            excluded = [positive_data_acceptance] if case.method == "POST" else []
            case.validate_response(response, headers=headers, excluded_checks=excluded)

        fuzz()
