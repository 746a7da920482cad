"""功能專區 → 社群 → 申請: the explanation page, starting a draft, one per convenor per year."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from communities import workflow
from communities.models import Application
from communities.services import application_start
from communities.tests.helpers import Page
from people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

APPLY = reverse("communities:apply")


@pytest.fixture
def teacher():
    return UserFactory(teacher=True, name="曾鼎育")


def test_apply_page_explains_the_year_with_amounts_from_the_rules(client, program, teacher):
    client.force_login(teacher)
    page = Page(client.get(APPLY))
    text = page.visible_text()
    assert "109學年度 教師專業學習社群申請" in text
    assert "每人每學年度可申請1個社群" in text
    assert "1. 學年領域學習社群 3,000 2,000" in text
    assert "4. 專業貢獻社群 50,000" in text
    assert "開始申請" in text
    assert not Application.objects.exists()


def test_amounts_on_the_apply_page_follow_the_center_rows(client, program, teacher):
    community_type = program.community_types.get(number=2)
    community_type.base_amount = 18000
    community_type.save()
    client.force_login(teacher)
    assert "2. 初階學習社群 18,000 5,000" in Page(client.get(APPLY)).visible_text()


def test_starting_creates_a_draft_for_the_open_year_and_shows_its_progress(
    client, program, teacher
):
    client.force_login(teacher)
    response = client.post(APPLY, follow=True)
    application = Application.objects.get(convenor=teacher)
    assert response.redirect_chain[-1][0] == reverse("communities:progress", args=[application.pk])
    assert application.program == program
    assert application.school == teacher.school
    assert application.stage == teacher.school.stage
    assert application.status == workflow.DRAFT
    assert application.convenor_email == teacher.email
    assert [(m.name, m.school) for m in application.members.all()] == [("曾鼎育", teacher.school)]
    text = Page(response).visible_text()
    assert "流程名稱 社群" in text
    assert "狀態 申請社群" in text
    assert f"學校 {teacher.school.name}" in text
    assert "教師 曾鼎育" in text


def test_progress_lists_the_budget_form_only_when_money_is_requested(client, program, teacher):
    application = application_start(program=program, convenor=teacher)
    client.force_login(teacher)
    url = reverse("communities:progress", args=[application.pk])
    text = Page(client.get(url)).text("documents") + Page(client.get(url)).visible_text()
    assert "教師專業學習社群申請表" in text
    assert "教師專業學習社群經費概算表" not in text
    application.requests_budget = True
    application.save()
    page = Page(client.get(url))
    assert "教師專業學習社群經費概算表" in page.visible_text()
    assert reverse("communities:budget_form", args=[application.pk]) in page.html


def test_coming_back_to_apply_opens_the_existing_application(client, program, teacher):
    application = application_start(program=program, convenor=teacher)
    client.force_login(teacher)
    response = client.get(APPLY)
    assert response.status_code == 302
    assert response.url == reverse("communities:progress", args=[application.pk])


def test_a_second_application_in_the_same_year_is_refused(client, program, teacher):
    application_start(program=program, convenor=teacher)
    with pytest.raises(ValidationError) as raised:
        application_start(program=program, convenor=teacher)
    assert "每人每學年度可申請1個社群" in raised.value.messages[0]
    client.force_login(teacher)
    response = client.post(APPLY, follow=True)
    assert "每人每學年度可申請1個社群" in Page(response).visible_text()
    assert Application.objects.filter(convenor=teacher).count() == 1


def test_the_database_refuses_a_second_application_too(program, teacher):
    application = application_start(program=program, convenor=teacher)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(program=program, convenor=teacher, school=application.school)


def test_starting_outside_the_window_is_refused(client, program, teacher):
    program.application_opens_at = timezone.now() + timedelta(days=3)
    program.application_closes_at = timezone.now() + timedelta(days=30)
    program.save()
    client.force_login(teacher)
    page = Page(client.get(APPLY))
    assert "目前不在申請期間" in page.visible_text()
    assert "開始申請" not in page.visible_text()
    with pytest.raises(ValidationError) as raised:
        application_start(program=program, convenor=teacher)
    assert "目前無法申請" in raised.value.messages[0]
    response = client.post(APPLY, follow=True)
    assert "目前無法申請" in Page(response).visible_text()
    assert not Application.objects.exists()


def test_a_teacher_without_school_cannot_start(program):
    teacher = UserFactory(teacher=True, school=None)
    with pytest.raises(ValidationError) as raised:
        application_start(program=program, convenor=teacher)
    assert "尚未設定學校" in raised.value.messages[0]


@pytest.mark.parametrize("role", ["school_admin", "reviewer", "center"])
def test_only_teachers_may_apply(client, program, role):
    client.force_login(UserFactory(**{role: True}))
    assert client.get(APPLY).status_code == 403
    assert client.post(APPLY).status_code == 403
    assert not Application.objects.exists()


def test_anonymous_visitor_is_sent_to_login(client, program):
    response = client.get(APPLY)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
