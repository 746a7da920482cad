import pytest

from communities import workflow
from communities.models import Application
from people.tests.factories import UserFactory
from reviews.services import review_assign
from testsupport.flow import application_in, declare_no_conflict


@pytest.fixture
def center(db):
    return UserFactory(center=True)


@pytest.fixture
def reviewing(program):
    """An application under review with a budget (2 節 × 800 plus the premium) and two assigned
    reviewers of other schools, both of whom have declared no conflict of interest."""
    application = application_in(workflow.SENT_TO_CENTER, program)
    first = UserFactory(reviewer=True, name="甲委員")
    second = UserFactory(reviewer=True, name="乙委員")
    review_assign(
        applications=[application], reviewers=[first, second], by=UserFactory(center=True)
    )
    for reviewer in (first, second):
        declare_no_conflict(application, reviewer)
    return Application.objects.get(pk=application.pk), first, second


@pytest.fixture
def second_stage(program):
    """An application that passed the first review, with a 複審 reviewer who has declared."""
    application = application_in(workflow.FIRST_PASSED, program)
    reviewer = UserFactory(reviewer=True, name="複審委員")
    review_assign(applications=[application], reviewers=[reviewer], by=UserFactory(center=True))
    declare_no_conflict(application, reviewer)
    return Application.objects.get(pk=application.pk), reviewer
