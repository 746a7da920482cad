"""The demo's next year: 110 copied from 109 and not opened, with the center's two edits to
compare; a closed case's 續辦 draft in 110."""

import pytest
from django.urls import reverse

from communities import workflow
from communities.models import Application
from demo.rollover import NEW_METHOD, TYPE1_BASE_AMOUNT, seed_demo_next_year
from people.models import User
from programs.compare import program_year_diff
from programs.models import ProgramYear
from testsupport.flow import close_case

pytestmark = pytest.mark.django_db


def test_110_is_copied_from_109_and_waits_for_the_center(demo):
    y110 = ProgramYear.objects.get(academic_year=110)
    assert not y110.window_opened and not y110.window_is_open()
    assert ProgramYear.objects.current().academic_year == 109
    diff = program_year_diff(new=y110)
    assert diff.differences == 2
    changed = [
        (section.rule.label, row.state)
        for section in diff.sections
        for row in section.rows
        if row.state != "same"
    ]
    assert changed == [("programs.CommunityType", "changed"), ("programs.Option", "added")]
    assert y110.community_types.get(number=1).base_amount == TYPE1_BASE_AMOUNT
    assert y110.options.filter(label=NEW_METHOD).exists()


def test_the_center_sees_the_two_years_side_by_side(demo, client):
    client.force_login(User.objects.get(username="center"))
    page = client.get(reverse("center:year_compare", args=[110])).content.decode()
    assert "共 2 處不同" in page
    assert NEW_METHOD in page
    assert "開放申請" in page


def test_the_closed_case_is_continued_in_110_and_110_stays_closed(demo):
    y110 = ProgramYear.objects.get(academic_year=110)
    closed = Application.objects.get(convenor__username="teacher16", program__academic_year=109)
    assert closed.status == workflow.CLOSED
    draft = Application.objects.get(convenor__username="teacher16", program=y110)
    assert (draft.status, draft.previous, draft.continuation_year) == (
        workflow.DRAFT,
        closed,
        2,
    )
    assert draft.name == closed.name and draft.members.count() == closed.members.count()
    assert not y110.window_opened
    # Its window is one year after 109's, as the copy made it.
    y109 = ProgramYear.objects.get(academic_year=109)
    assert y110.application_closes_at.year == y109.application_closes_at.year + 1

    window = (y110.application_opens_at, y110.application_closes_at)
    seed_demo_next_year()  # again: nothing more
    y110.refresh_from_db()
    assert Application.objects.filter(program=y110).count() == 1
    assert (y110.application_opens_at, y110.application_closes_at) == window
    assert not y110.window_opened


def test_the_convenor_sees_the_draft_from_last_years_case(demo, client):
    client.force_login(User.objects.get(username="teacher16"))
    closed = Application.objects.get(convenor__username="teacher16", program__academic_year=109)
    page = client.get(reverse("communities:progress", args=[closed.pk])).content.decode()
    assert "您已申請110學年度社群" in page


def test_a_case_closed_later_is_continued_too(demo):
    y110 = ProgramYear.objects.get(academic_year=110)
    approved = Application.objects.get(convenor__username="teacher3", program__academic_year=109)
    closed = close_case(approved)
    assert closed.status == workflow.CLOSED

    seed_demo_next_year()
    draft = Application.objects.get(convenor__username="teacher3", program=y110)
    assert draft.previous == closed
