"""Data built once for a test class (or module) and shared by its tests, as Django's
``TestCase.setUpTestData``: a ``scope="class"`` fixture builds it through the real services inside
a transaction that is rolled back after the class's last test, and every test runs in a savepoint
of it rolled back after the test, so what one test changes no other sees. The fixture hands out
objects; each test reads those it uses afresh (``fresh``), so no test sees another's objects as
they were left in memory either. Class scope rather than module scope: a module fixture stays
until the module's last test, so its rows would be there for the module's other tests too; a
class-scoped fixture asked for by a test outside any class is built for that test alone, as a
function-scoped one would be."""

from contextlib import contextmanager
from datetime import timedelta

from django.db import transaction
from django.utils import timezone


@contextmanager
def shared_data(django_db_blocker):
    """Inside: the database is open to a class (or module) fixture; all made is undone after."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


def open_program():
    """The seeded 109 program with its application window open now (the ``program`` fixture's)."""
    from programs.models import ProgramYear

    program = ProgramYear.objects.get(academic_year=109)
    program.application_opens_at = timezone.now() - timedelta(days=1)
    program.application_closes_at = timezone.now() + timedelta(days=30)
    program.save()
    return program


def fresh(obj):
    """The object as it is in the database now (a new instance of its model)."""
    return type(obj)._default_manager.get(pk=obj.pk)
