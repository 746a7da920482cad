"""Each list page runs the same number of queries whatever the number of announcements."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import announce, pdf_file

pytestmark = pytest.mark.django_db

PAGES = ["portal:home", "portal:announcements", "portal:center_announcements"]


def queries(client, name: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(name)).status_code == 200
    return len(captured)


def add(center, count: int, start: int) -> None:
    for number in range(start, start + count):
        announce(
            center,
            f"公告{number}",
            is_pinned=number % 7 == 0,
            uploads=[pdf_file()] if number % 5 == 0 else [],
        )


@pytest.mark.parametrize("name", PAGES)
def test_list_pages_cost_the_same_at_5_and_60_announcements(center_client, center, name):
    add(center, 5, 0)
    few = queries(center_client, name)
    add(center, 55, 5)
    assert queries(center_client, name) == few
    assert few <= 12
