"""The test builder reaches every state of the flow through the services, with its history."""

import pytest

from communities import workflow
from testsupport.flow import PATHS, application_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", list(PATHS))
def test_every_state_is_reached_through_the_services(program, status):
    application = application_in(status, program)

    assert application.status == status
    history = list(application.transitions.order_by("at", "id"))
    assert [t.to_status for t in history] == PATHS[status]
    assert all(t.from_status != t.to_status for t in history)
    if status == workflow.APPROVED:
        assert application.approved_amount == 1600 + round(1600 * 0.0191)
