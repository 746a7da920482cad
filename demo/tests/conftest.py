import io

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    """The demo as `make start` loads it, once for the demo tests run one after another (all of
    this package's: each test's changes are rolled back), inside a transaction rolled back
    afterwards, so no other test sees it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)
