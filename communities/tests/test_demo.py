import pytest

from communities import workflow
from communities.demo import seed_demo_applications
from communities.models import Application
from communities.services import application_problems
from people.demo import open_demo_window, seed_demo_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    seed_demo_people()
    open_demo_window()
    seed_demo_applications()


def by_teacher(username: str) -> Application:
    return Application.objects.get(convenor__username=username, program__academic_year=109)


def test_teacher1_has_a_complete_submitted_cross_school_type1_application(demo):
    application = by_teacher("teacher1")
    assert application.status == workflow.SUBMITTED
    assert application.community_type.number == 1
    assert application.is_cross_school is True
    assert [s.name for s in application.partner_schools.all()] == ["市立麻豆國中"]
    assert application.sessions.count() == 6
    assert application.requests_budget is True
    assert application.budget_lines.exists()
    assert set(application.documents.values_list("form", flat=True)) == {"plan", "budget"}
    assert application.transitions.get().action == "submit"


def test_teacher2_has_an_incomplete_draft(demo):
    application = by_teacher("teacher2")
    assert application.status == workflow.DRAFT
    assert application.name == "英語文閱讀理解社群"
    assert application_problems(application=application)


def test_teacher3_has_a_submitted_beginner_community(demo):
    application = by_teacher("teacher3")
    assert application.status == workflow.SUBMITTED
    assert application.community_type.name == "初階學習社群"
    assert application.domain.name == "三年級"


def test_seeding_again_changes_nothing(demo):
    before = {a.pk: (a.status, a.updated_at) for a in Application.objects.all()}
    seed_demo_applications()
    after = {a.pk: (a.status, a.updated_at) for a in Application.objects.all()}
    assert before == after
    assert len(after) == 3
