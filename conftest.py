from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.fixture
def program(db):
    """The seeded 109 program with its application window open now."""
    from programs.models import ProgramYear

    program = ProgramYear.objects.get(academic_year=109)
    program.application_opens_at = timezone.now() - timedelta(days=1)
    program.application_closes_at = timezone.now() + timedelta(days=30)
    program.save()
    return program


@pytest.fixture(autouse=True)
def _reset_axes(db):
    """Lockout state must not leak from one test into the next."""
    from axes.utils import reset

    reset()
    yield
