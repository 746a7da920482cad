"""續辦: a closed community continued in the next year by its convenor, its data prefilled."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from communities import workflow
from communities.continuation import (
    application_continue,
    continuation_offer,
    continuation_year_after,
)
from communities.models import Application, BudgetLine
from communities.services import application_problems
from people.tests.factories import SchoolFactory, UserFactory
from programs.models import ProgramYear
from programs.services import program_year_copy, program_year_window
from testsupport.flow import advance, center_user, close_case, complete_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(program):
    """A cross-school community of 109 with four members, six sessions and two budget rows,
    approved and closed."""
    school = SchoolFactory(name="市立甲國中")
    partner = SchoolFactory(name="市立乙國中", stage=school.stage)
    application = complete_application(
        program,
        school=school,
        name="數學素養共備社群",
        cross=True,
        partners=[partner],
        members=4,
        lines={2: (2, 800), 7: (1, 500)},
    )
    return close_case(application)


def _next_year(program: ProgramYear, *, opened: bool = True) -> ProgramYear:
    y110 = program_year_copy(source=program, by=center_user())
    if opened:
        y110 = program_year_window(
            program=y110,
            opens_at=timezone.now() - timedelta(days=1),
            closes_at=timezone.now() + timedelta(days=30),
            opened=True,
            by=center_user(),
        )
    return y110


def test_a_closed_case_is_continued_as_next_years_draft_with_its_data(closed, program):
    y110 = _next_year(program)
    assert closed.status == workflow.CLOSED
    new = application_continue(previous=closed, by=closed.convenor)

    assert (new.program, new.status, new.convenor) == (y110, workflow.DRAFT, closed.convenor)
    assert new.previous == closed
    assert new.is_continuation is True and new.continuation_year == 2
    assert new.name == "數學素養共備社群"
    assert new.community_type.program == y110 and new.community_type.number == 1
    assert (new.domain, new.stage, new.is_cross_school) == (closed.domain, closed.stage, True)
    assert list(new.partner_schools.all()) == list(closed.partner_schools.all())
    assert [(m.name, m.school_id) for m in new.members.all()] == [
        (m.name, m.school_id) for m in closed.members.all()
    ]
    sessions = list(new.sessions.all())
    assert [s.content for s in sessions] == [s.content for s in closed.sessions.all()]
    assert {(s.date, s.start_time, s.end_time) for s in sessions} == {(None, None, None)}
    assert sum(s.is_public_lesson for s in sessions) == 1
    # The year's lists: this year's rows with last year's labels.
    assert {i.variant.program_id for i in new.content_items.all()} == {y110.pk}
    assert {i.label for i in new.content_items.all()} == {
        i.label for i in closed.content_items.all()
    }
    assert {o.program_id for o in new.options.all()} == {y110.pk}
    assert {(o.kind, o.label) for o in new.options.all()} == {
        (o.kind, o.label) for o in closed.options.all()
    }
    # The budget rows on the new year's items, the premium computed anew.
    lines = {
        line.item.number: (line.item.program_id, line.quantity, line.unit_price, line.total)
        for line in BudgetLine.objects.filter(application=new).select_related("item")
    }
    assert lines[2] == (y110.pk, Decimal(2), 800, 1600)
    assert lines[7] == (y110.pk, Decimal(1), 500, 500)
    # Last year's case is left as it was.
    closed.refresh_from_db()
    assert closed.status == workflow.CLOSED
    assert closed.budget_lines.count() == BudgetLine.objects.filter(application=closed).count()
    assert {line.item.program_id for line in closed.budget_lines.all()} == {program.pk}


def test_budget_rows_follow_the_item_when_the_new_year_renumbers_it(closed, program):
    y110 = _next_year(program)
    item = y110.budget_items.get(number=7)
    item.number = 9
    item.save()
    new = application_continue(previous=closed, by=closed.convenor)
    line = BudgetLine.objects.get(application=new, item__name=item.name)
    assert (line.item.number, line.unit_price) == (9, 500)


def test_the_year_is_counted_from_the_chain():
    first = Application(continuation_year=None)
    second = Application(pk=2, previous=first, continuation_year=2)
    first.pk = 1
    third = Application(pk=3, previous=second, continuation_year=None)
    assert continuation_year_after(first) == 2
    assert continuation_year_after(second) == 3
    assert continuation_year_after(third) == 4
    # A community that says it is in its fifth year, without its earlier years on the platform.
    assert continuation_year_after(Application(pk=4, continuation_year=5)) == 6


def test_only_a_closed_case_is_continued(program):
    _next_year(program)
    approved = advance(complete_application(program), workflow.APPROVED)
    with pytest.raises(ValidationError) as error:
        application_continue(previous=approved, by=approved.convenor)
    assert "尚未結案" in error.value.messages[0]
    assert not Application.objects.filter(program__academic_year=110).exists()


def test_only_its_convenor_continues_it(closed, program):
    _next_year(program)
    colleague = UserFactory(teacher=True, school=closed.school)
    with pytest.raises(PermissionDenied):
        application_continue(previous=closed, by=colleague)


def test_not_before_the_center_opens_the_next_year(closed, program):
    with pytest.raises(ValidationError) as error:
        application_continue(previous=closed, by=closed.convenor)
    assert "110學年度的社群申請尚未公告" in error.value.messages[0]
    _next_year(program, opened=False)
    with pytest.raises(ValidationError) as error:
        application_continue(previous=closed, by=closed.convenor)
    assert "110學年度社群申請尚未開放" in error.value.messages[0]
    assert not Application.objects.filter(program__academic_year=110).exists()


def test_one_community_per_convenor_and_year(closed, program):
    _next_year(program)
    first = application_continue(previous=closed, by=closed.convenor)
    with pytest.raises(ValidationError) as error:
        application_continue(previous=closed, by=closed.convenor)
    assert "每人每學年度可申請1個社群" in error.value.messages[0]
    assert list(Application.objects.filter(program__academic_year=110)) == [first]


def test_the_progress_page_offers_it_and_then_leads_to_the_new_draft(client, closed, program):
    client.force_login(closed.convenor)
    progress = reverse("communities:progress", args=[closed.pk])
    assert "下一學年度開放申請後，可由此續辦本社群" in client.get(progress).content.decode()

    _next_year(program)
    page = client.get(progress).content.decode()
    assert "可於110學年度續辦（第2年）" in page
    assert reverse("communities:continue", args=[closed.pk]) in page
    mine = client.get(reverse("communities:my_applications")).content.decode()
    assert "續辦至110學年度" in mine

    response = client.post(reverse("communities:continue", args=[closed.pk]), follow=True)
    new = Application.objects.get(program__academic_year=110, convenor=closed.convenor)
    assert response.redirect_chain[-1][0] == reverse("communities:progress", args=[new.pk])
    text = response.content.decode()
    assert "已由「數學素養共備社群」建立110學年度續辦（第2年）的申請草稿" in text
    assert "申請社群" in text

    page = client.get(progress).content.decode()
    assert "您已申請110學年度社群「數學素養共備社群」" in page
    assert reverse("communities:progress", args=[new.pk]) in page
    assert (
        "續辦至110學年度" not in client.get(reverse("communities:my_applications")).content.decode()
    )


def test_a_refused_continuation_says_why_on_the_cases_page(client, closed, program):
    _next_year(program, opened=False)
    client.force_login(closed.convenor)
    response = client.post(reverse("communities:continue", args=[closed.pk]), follow=True)
    assert "110學年度社群申請尚未開放，教專中心開放後才能申請。" in response.content.decode()
    assert not Application.objects.filter(program__academic_year=110).exists()


def test_no_offer_for_a_case_still_running_or_for_someone_else(closed, program):
    _next_year(program)
    running = complete_application(program)
    assert continuation_offer(application=running, user=running.convenor) is None
    assert continuation_offer(application=closed, user=center_user()) is None
    offer = continuation_offer(application=closed, user=closed.convenor)
    assert offer.can_start and offer.year == 2


def test_a_draft_of_a_year_closed_again_says_it_is_not_open(closed, program):
    y110 = _next_year(program)
    draft = application_continue(previous=closed, by=closed.convenor)
    program_year_window(
        program=y110,
        opens_at=y110.application_opens_at,
        closes_at=y110.application_closes_at,
        opened=False,
        by=center_user(),
    )
    draft.refresh_from_db()
    assert (
        "110學年度社群申請尚未開放，教專中心開放後才能送出。"
        in application_problems(application=draft)["__all__"]
    )


def test_the_teachers_home_offers_to_continue_last_years_closed_community(client, closed, program):
    program_year_window(
        program=program,
        opens_at=program.application_opens_at,
        closes_at=program.application_closes_at,
        opened=False,
        by=center_user(),
    )
    _next_year(program)
    client.force_login(closed.convenor)
    page = client.get(reverse("portal:home")).content.decode()
    assert "「數學素養共備社群」已結案，可續辦至110學年度" in page
    assert reverse("communities:progress", args=[closed.pk]) + "#continuation" in page
    application_continue(previous=closed, by=closed.convenor)
    page = client.get(reverse("portal:home")).content.decode()
    assert "可續辦至110學年度" not in page
