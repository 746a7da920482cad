"""An assignment keeps its application's year, so that the center's reviewer loads count a
year's assignments by index."""

import importlib

import pytest
from django.apps import apps

from center.selectors import reviewer_loads
from communities import workflow
from people.tests.factories import UserFactory
from reviews.models import ReviewAssignment
from reviews.services import review_assign
from testsupport.copies import copy_row
from testsupport.flow import application_in

pytestmark = pytest.mark.django_db


def test_an_assignment_made_by_the_center_or_saved_by_hand_keeps_the_applications_year(program):
    first = application_in(workflow.SENT_TO_CENTER, program, name="閱讀理解社群")
    second = application_in(workflow.SENT_TO_CENTER, program, name="數學探究社群")
    reviewer = UserFactory(reviewer=True, name="周委員")

    review_assign(applications=[first], reviewers=[reviewer], by=UserFactory(center=True))
    by_hand = ReviewAssignment.objects.create(application=second, reviewer=reviewer)

    assert ReviewAssignment.objects.get(application=first).program_id == program.pk
    assert by_hand.program_id == program.pk
    (listed,) = reviewer_loads(program=program, limit=5)
    assert (listed.assigned, listed.open) == (2, 2)


def test_the_migration_gives_each_assignment_its_applications_year(program):
    migration = importlib.import_module("reviews.migrations.0006_assignment_program")
    application = application_in(workflow.SENT_TO_CENTER, program)
    reviewer = UserFactory(reviewer=True)
    review_assign(applications=[application], reviewers=[reviewer], by=UserFactory(center=True))
    other_year = copy_row(program, academic_year=program.academic_year + 1)
    other_year.save()
    ReviewAssignment.objects.update(program=other_year)

    migration.copy_the_applications_year(apps, None)

    assert ReviewAssignment.objects.get().program_id == program.pk
