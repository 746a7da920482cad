"""The next year in the demo: the center has copied 109's rules into 110 and edited two of them,
and has not opened 110's window yet, so 年度規則 → 規則對照 shows what a newcomer would check
before opening it. When the demo has a closed case (結案_可彙整), its convenor has started its
續辦 in 110: the demo opens 110's window for that moment and puts it back as it was, so the draft
is made by the real service and 110 still waits for the center.

Running it again changes nothing.
"""

from datetime import timedelta

from auditlog.context import set_actor
from django.db import transaction
from django.utils import timezone

from communities import workflow
from communities.continuation import application_continue
from communities.models import Application
from people.models import User
from programs.models import CommunityType, Option, ProgramYear
from programs.services import program_year_copy, program_year_window

# The center's edits of the copied year, as it would make them in the admin.
NEW_METHOD = "線上共同備課與數位協作"
TYPE1_BASE_AMOUNT = 3500


def _edit_new_year(program: ProgramYear, center: User) -> None:
    with set_actor(center):
        type1 = CommunityType.objects.get(program=program, number=1)
        type1.base_amount = TYPE1_BASE_AMOUNT
        type1.full_clean()
        type1.save()
        last = Option.objects.filter(program=program, kind=Option.Kind.METHOD).order_by("-order")
        option = Option(
            program=program,
            kind=Option.Kind.METHOD,
            label=NEW_METHOD,
            order=(last.first().order + 1) if last.exists() else 1,
        )
        option.full_clean()
        option.save()


def _continue_a_closed_case(source: ProgramYear, target: ProgramYear, center: User) -> None:
    closed = (
        Application.objects.filter(program=source, status=workflow.CLOSED)
        .exclude(convenor__convened_applications__program=target)
        .select_related("convenor")
        .order_by("pk")
        .first()
    )
    if closed is None:
        return
    window = (target.application_opens_at, target.application_closes_at, target.window_opened)
    now = timezone.now()
    program_year_window(
        program=target,
        opens_at=now - timedelta(minutes=1),
        closes_at=now + timedelta(days=1),
        opened=True,
        by=center,
    )
    application_continue(previous=closed, by=closed.convenor)
    program_year_window(
        program=target, opens_at=window[0], closes_at=window[1], opened=window[2], by=center
    )


@transaction.atomic
def seed_demo_next_year(*, academic_year: int = 109) -> ProgramYear:
    """110 copied from 109 (window not opened) with the center's two edits; a 續辦 draft of a
    closed case, if the demo has one."""
    source = ProgramYear.objects.get(academic_year=academic_year)
    center = User.objects.get(username="center")
    target = ProgramYear.objects.filter(academic_year=academic_year + 1).first()
    if target is None:
        target = program_year_copy(source=source, by=center)
        _edit_new_year(target, center)
    _continue_a_closed_case(source, target, center)
    return ProgramYear.objects.get(pk=target.pk)
