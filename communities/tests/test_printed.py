"""Document codes: the application's id and a short hash of what is printed, nothing else."""

from datetime import time
from decimal import Decimal

import pytest

from communities.models import Application, BudgetLine, Member, Session
from communities.printed import application_document_code
from communities.services import application_submit
from documents.codes import parse_document_code
from programs.models import Option

from .builders import realistic_application, upload_signed_copies

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(program):
    """A filled-in application: 8 sessions (one public lesson), 5 members and a budget."""
    return realistic_application()


def code(application, form="plan"):
    return application_document_code(application=application, form=form)


def test_code_is_the_application_id_and_eight_hex_digits(application):
    value = code(application)
    assert value.startswith(f"A{application.pk:06d}-")
    assert parse_document_code(value) == ("A", application.pk, value.split("-")[1])
    assert len(value.split("-")[1]) == 8
    assert code(application) == value  # the same content, the same code
    assert code(application, "budget") != value  # each form has its own


def test_code_ignores_timestamps_and_status(application):
    before = code(application)
    upload_signed_copies(application)
    application = application_submit(application=application, by=application.convenor)
    application.save()  # touches updated_at
    assert code(application) == before


@pytest.mark.parametrize(
    "change",
    [
        "name",
        "convenor_phone",
        "member_added",
        "member_renamed",
        "session_moved",
        "session_public_lesson",
        "option_toggled",
        "other_text",
        "content_item_removed",
    ],
)
def test_any_printed_change_to_the_plan_changes_its_code(application, change):
    before = code(application)
    if change == "name":
        Application.objects.filter(pk=application.pk).update(name="改名後的社群")
    elif change == "convenor_phone":
        Application.objects.filter(pk=application.pk).update(convenor_phone="06-0000000")
    elif change == "member_added":
        Member.objects.create(
            application=application, order=9, name="新成員", school=application.school
        )
    elif change == "member_renamed":
        Member.objects.filter(application=application, order=1).update(name="改名")
    elif change == "session_moved":
        Session.objects.filter(application=application, number=1).update(start_time=time(14, 0))
    elif change == "session_public_lesson":
        Session.objects.filter(application=application, number=1).update(is_public_lesson=True)
    elif change == "option_toggled":
        application.options.add(Option.objects.get(program=application.program, code="A1"))
    elif change == "other_text":
        Application.objects.filter(pk=application.pk).update(goal_other_text="另一個目標")
    elif change == "content_item_removed":
        application.content_items.remove(application.content_items.filter(required=False).first())
    assert code(application) != before


def test_budget_changes_change_the_budget_code_not_the_plans(application):
    plan_before, budget_before = code(application), code(application, "budget")
    line = BudgetLine.objects.get(application=application, item__number=7)
    line.quantity, line.unit_price, line.total = Decimal("2"), 1200, 2400
    line.save()
    assert code(application, "budget") != budget_before
    assert code(application) == plan_before
