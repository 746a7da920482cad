"""Who an audit row is attributed to outside a request."""

import pytest
from auditlog.context import set_actor

from people.auditing import acting_as, current_actor
from people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_actor_counts_only_inside_its_block():
    user = UserFactory()
    assert current_actor() is None
    with set_actor(user):
        assert current_actor() == user
    # auditlog leaves the value in its context after the block: it no longer names anyone.
    assert current_actor() is None
    with acting_as(user):
        assert current_actor() == user
    assert current_actor() is None
