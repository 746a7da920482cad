"""Deadline reminders: N days before the window closes to convenors with unfinished drafts and to
schools that have not sent, and before a review stage's due date to reviewers who have not
submitted; N and the texts are the year's rules; nobody is reminded twice for a deadline."""

from datetime import timedelta

import pytest
from django.utils import timezone

from center.models import ReminderSent
from center.services import reminders_send
from communities import workflow
from core.roc import roc_date
from notifications.models import Message
from people.tests.factories import UserFactory
from programs.models import ReminderRule
from testsupport.flow import application_in, complete_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def closing_in_5_days(program):
    program.application_closes_at = timezone.now() + timedelta(days=5)
    program.save()
    return program


def messages_of(user, kind):
    return list(Message.objects.filter(recipient=user, event=f"reminder.{kind}"))


def test_the_109_reminders_are_seeded_as_rules(program):
    rules = {(r.kind, r.days_before) for r in ReminderRule.objects.filter(program=program)}
    assert rules == {("draft", 7), ("draft", 1), ("package", 7), ("package", 1), ("review", 3)}


def test_a_convenor_with_an_unsent_draft_is_reminded_once(closing_in_5_days):
    draft = complete_application(closing_in_5_days, name="還沒送出的社群")
    sent = application_in(workflow.SUBMITTED, closing_in_5_days, name="已送出的社群")

    reminders_send()
    reminders_send()

    reminder = messages_of(draft.convenor, "draft")
    assert len(reminder) == 1
    assert reminder[0].title == "社群申請尚未送出：還沒送出的社群"
    deadline = roc_date(timezone.localtime(closing_in_5_days.application_closes_at))
    assert f"申請將於 {deadline} 截止（尚有 5 天）" in reminder[0].body
    assert messages_of(sent.convenor, "draft") == []


def test_nothing_is_sent_before_the_rules_day(program):
    program.application_closes_at = timezone.now() + timedelta(days=20)
    program.save()
    complete_application(program)

    assert reminders_send() == 0
    assert not ReminderSent.objects.exists()


def test_the_last_day_rule_reminds_again_with_its_own_text(closing_in_5_days):
    draft = complete_application(closing_in_5_days, name="拖延社群")
    reminders_send()
    the_day_before = closing_in_5_days.application_closes_at - timedelta(days=1)

    reminders_send(now=the_day_before)
    reminders_send(now=the_day_before)

    titles = [m.title for m in messages_of(draft.convenor, "draft")]
    assert sorted(titles) == ["社群申請尚未送出：拖延社群", "社群申請明天截止：拖延社群"]


def test_a_school_that_has_not_sent_is_reminded(closing_in_5_days):
    application = application_in(workflow.SCHOOL_ACCEPTED, closing_in_5_days)
    admin = UserFactory(school_admin=True, school=application.school)

    reminders_send()

    reminder = messages_of(admin, "package")
    assert len(reminder) == 1 and application.school.name in reminder[0].title


def test_a_reviewer_who_has_not_submitted_is_reminded_before_the_due_date(program):
    program.first_review_due = timezone.localdate() + timedelta(days=2)
    program.save()
    application = application_in(workflow.UNDER_REVIEW, program, name="待審社群")
    reviewer = application.review_assignments.get().reviewer

    reminders_send()
    reminders_send()

    reminder = messages_of(reviewer, "review")
    assert len(reminder) == 1
    assert reminder[0].title == "審查期限將至：待審社群"


def test_the_texts_and_days_are_the_centers(closing_in_5_days):
    ReminderRule.objects.filter(program=closing_in_5_days, kind="draft").delete()
    ReminderRule.objects.create(
        program=closing_in_5_days,
        kind="draft",
        days_before=10,
        subject="提醒：{name}",
        body="{deadline} 截止，剩 {days} 天。",
    )
    draft = complete_application(closing_in_5_days, name="自訂社群")

    reminders_send()

    [reminder] = messages_of(draft.convenor, "draft")
    assert reminder.title == "提醒：自訂社群" and reminder.body.endswith("剩 5 天。")


def test_a_text_with_an_unknown_placeholder_is_refused(program):
    from django.core.exceptions import ValidationError

    rule = ReminderRule(program=program, kind="draft", days_before=3, subject="{who}", body="x")
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert "只能使用 {name}、{deadline}、{days}" in error.value.message_dict["subject"][0]
