import pytest

from communities import workflow
from people.tests.factories import UserFactory
from reviews.services import review_assign
from testsupport.flow import application_in, declare_no_conflict
from testsupport.shared import fresh, open_program, shared_data


@pytest.fixture
def center(db):
    return UserFactory(center=True)


@pytest.fixture(scope="class")
def reviewing_once(django_db_setup, django_db_blocker):
    """For ``reviewing``: built once for a class's tests (for a test outside a class, for it)."""
    with shared_data(django_db_blocker):
        application = application_in(workflow.SENT_TO_CENTER, open_program())
        first = UserFactory(reviewer=True, name="甲委員")
        second = UserFactory(reviewer=True, name="乙委員")
        review_assign(
            applications=[application], reviewers=[first, second], by=UserFactory(center=True)
        )
        for reviewer in (first, second):
            declare_no_conflict(application, reviewer)
        yield application, first, second


@pytest.fixture
def reviewing(reviewing_once, program):
    """An application under review with a budget (2 節 × 800 plus the premium) and two assigned
    reviewers of other schools, both of whom have declared no conflict of interest."""
    return tuple(fresh(obj) for obj in reviewing_once)


@pytest.fixture(scope="class")
def second_stage_once(django_db_setup, django_db_blocker):
    """For ``second_stage``: built once for a class's tests (for a test outside a class, for it)."""
    with shared_data(django_db_blocker):
        application = application_in(workflow.FIRST_PASSED, open_program())
        reviewer = UserFactory(reviewer=True, name="複審委員")
        review_assign(applications=[application], reviewers=[reviewer], by=UserFactory(center=True))
        declare_no_conflict(application, reviewer)
        yield application, reviewer


@pytest.fixture
def second_stage(second_stage_once, program):
    """An application that passed the first review, with a 複審 reviewer who has declared."""
    return tuple(fresh(obj) for obj in second_stage_once)
