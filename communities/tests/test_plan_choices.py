"""An application's chosen 補助社群實施之內容 and options come from the year's kept rules: their
ids read in one query, the lists the same as the database's, in the same order."""

import pytest

from communities.models import Application
from communities.selectors import with_plan_choices, with_year_choices
from communities.tests.helpers import ready_application, teacher_with_application
from people.tests.factories import SchoolFactory, UserFactory
from programs.models import ContentItem, Option
from programs.services import program_year_copy

pytestmark = pytest.mark.django_db


def _stored(application: Application, name: str) -> list:
    fresh = Application.objects.get(pk=application.pk)
    model = {"content_items": ContentItem, "options": Option}[name]
    order = {"content_items": ("variant_id", "order"), "options": ("kind", "order")}[name]
    return list(model.objects.filter(pk__in=getattr(fresh, name).all()).order_by(*order))


def test_the_chosen_lists_are_the_stored_ones_in_their_order_read_in_one_query(
    program, django_assert_num_queries
):
    application = ready_application(program)
    more = Option.objects.filter(program=program).exclude(pk__in=application.options.all())[:3]
    application.options.add(*more)
    application = Application.objects.select_related("program").get(pk=application.pk)
    with_plan_choices(application)  # the year's rules read once, as a running process has them

    application = Application.objects.select_related("program").get(pk=application.pk)
    with django_assert_num_queries(1):
        with_plan_choices(application)
        items = list(application.content_items.all())
        options = list(application.options.all())

    assert items == _stored(application, "content_items") and items
    assert options == _stored(application, "options") and len(options) >= 4
    assert [o.pk for o in options] == [
        o.pk for o in sorted(options, key=lambda o: (o.kind, o.order))
    ]


def test_a_choice_outside_the_years_rules_is_read_as_stored(program):
    application = ready_application(program)
    later = program_year_copy(source=program, by=UserFactory(center=True))
    foreign = Option.objects.filter(program=later).first()
    assert foreign is not None
    application.options.add(foreign)

    application = Application.objects.select_related("program").get(pk=application.pk)
    with_plan_choices(application)

    assert foreign in list(application.options.all())
    assert list(application.options.all()) == list(
        Application.objects.get(pk=application.pk).options.all()
    )


def test_an_application_without_choices_has_empty_lists(program):
    application = teacher_with_application(program)
    application = Application.objects.select_related("program").get(pk=application.pk)
    with_plan_choices(application)
    assert list(application.content_items.all()) == []
    assert list(application.options.all()) == []


@pytest.mark.parametrize("cross_school", [False, True])
def test_the_checks_read_partner_schools_only_of_a_cross_school_community(
    program, cross_school, django_assert_num_queries
):
    from django.db.models import prefetch_related_objects

    from communities.documents import DOCUMENTS_PREFETCH
    from communities.services import application_problems

    application = ready_application(program)
    if cross_school:
        application.is_cross_school = True
        application.save()
        application.partner_schools.add(SchoolFactory())
    application = Application.objects.select_related("program", "school").get(pk=application.pk)
    prefetch_related_objects([application], DOCUMENTS_PREFETCH, "members", "sessions")
    with_plan_choices(with_year_choices(application))  # as the pages read it
    application_problems(application=application)  # the year's rules read once, as kept

    with django_assert_num_queries(1 if cross_school else 0):
        problems = application_problems(application=application)
    assert ("partner_schools" in problems) is cross_school  # the partner school has no member
