"""Mail and in-site messages are written in each recipient's language (User.language), whoever
acted and whatever language their request was in."""

import pytest
from django.utils import translation
from post_office.models import Email

from notifications.models import Message
from notifications.services import notify
from people.tests.factories import UserFactory
from signin.services import password_reset_mail_queue
from testsupport.flow import advance, complete_application, school_admin_of

pytestmark = pytest.mark.django_db


def mail_to(user) -> Email:
    return Email.objects.get(to=[user.email])


def test_a_status_mail_is_in_english_to_an_english_convenor_and_chinese_to_the_school(program):
    convenor = UserFactory(teacher=True, language="en")
    application = complete_application(program, convenor=convenor)
    admin = school_admin_of(application)
    assert admin.language == ""
    with translation.override("zh-hant"):  # the convenor's own request might be in either
        advance(application, "submitted")

    english = mail_to(convenor)
    assert english.subject == (
        "Community application status: Submitted, waiting for the school's check"
    )
    assert "status changed to" in english.message
    assert Message.objects.get(recipient=convenor).title == english.subject

    chinese = mail_to(admin)
    assert chinese.subject == "社群申請狀態通知：已送出待學校審核"
    assert "狀態變更為" in chinese.message
    assert Message.objects.get(recipient=admin).title == chinese.subject


def test_a_chinese_recipient_gets_chinese_though_the_actor_reads_english(program):
    convenor = UserFactory(teacher=True)
    application = complete_application(program, convenor=convenor)
    with translation.override("en"):
        advance(application, "submitted")
    assert mail_to(convenor).subject == "社群申請狀態通知：已送出待學校審核"


def test_notify_makes_each_text_once_per_language(db):
    english = UserFactory(teacher=True, language="en")
    chinese = [UserFactory(teacher=True) for _ in range(2)]
    made = []

    def title():
        made.append(translation.get_language())
        return translation.gettext("首頁")

    notify(event="test", recipients=[english, *chinese], title=title, body="")
    assert sorted(made) == ["en", "zh-hant"]
    assert mail_to(english).subject == "Home"
    assert {mail_to(person).subject for person in chinese} == {"首頁"}


def test_plain_text_is_sent_as_it_is_to_everyone(db):
    english = UserFactory(teacher=True, language="en")
    notify(event="center.message", recipients=[english], title="中心的主旨", body="內容")
    assert mail_to(english).subject == "中心的主旨"


def test_the_password_reset_mail_is_in_the_account_language(db):
    english = UserFactory(teacher=True, language="en")
    chinese = UserFactory(teacher=True)
    password_reset_mail_queue(email=english.email)
    password_reset_mail_queue(email=chinese.email)
    assert "reset your password" in mail_to(english).subject
    assert "Dear" in mail_to(english).message
    assert "重設密碼" in mail_to(chinese).subject


def test_a_review_assignment_mail_is_in_the_reviewer_language(program):
    from reviews.services import review_assign
    from testsupport.flow import application_in, center_user

    application = application_in("sent_to_center", program)
    english = UserFactory(reviewer=True, language="en")
    chinese = UserFactory(reviewer=True)
    review_assign(applications=[application], reviewers=[english, chinese], by=center_user())
    assert mail_to(english).subject == "New review assignments (community applications: 1)"
    assert "First review" in mail_to(english).message
    assert mail_to(chinese).subject == "新的審查指派：1 件社群申請"
    assert "初審" in mail_to(chinese).message
