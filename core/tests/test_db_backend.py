"""PostgreSQL with server-side binding (config.env): a bulk write of more values than the
protocol's 65,535 parameters is split into batches that fit, rather than refused; a connection
keeps as many statements prepared as OPTIONS["prepared_max"] says."""

import pytest
from django.db import connection

from notifications.models import Message
from people.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the parameter limit of PostgreSQL's protocol"
)
def test_a_message_to_ten_thousand_people_is_written_in_batches_that_fit():
    assert connection.features.uses_server_side_binding
    people = User.objects.bulk_create(
        User(username=f"t{n:05d}", password="!", role=Role.TEACHER) for n in range(10_000)
    )  # twenty-odd columns each: 200,000 values

    Message.objects.bulk_create(
        Message(recipient=person, event="center.message", title="通知", body="內容", url="")
        for person in people
    )

    assert Message.objects.filter(event="center.message").count() == 10_000


@pytest.mark.skipif(connection.vendor != "postgresql", reason="psycopg's prepared statements")
def test_a_connection_keeps_every_statement_of_the_pages_prepared():
    connection.ensure_connection()
    wanted = connection.settings_dict["OPTIONS"]["prepared_max"]

    assert wanted > 100  # psycopg's own 100 are fewer than the pages' statements
    assert connection.connection.prepared_max == wanted
    assert "prepared_max" not in connection.get_connection_params()
