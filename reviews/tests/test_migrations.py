"""Moving review assignments into this app keeps every row, and a reviewer's earlier decision
(a transition with the opinion as its comment) becomes that reviewer's submitted review."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seeded_rules")]

BEFORE = [("communities", "0003_review_comment"), ("reviews", None)]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)


@pytest.fixture
def before_the_move():
    """The schema before the move; put back to the latest whatever the test does."""
    _migrate(BEFORE)
    yield MigrationExecutor(connection).loader.project_state([BEFORE[0]]).apps
    executor = MigrationExecutor(connection)
    _migrate(executor.loader.graph.leaf_nodes())


def test_assignments_and_decisions_survive_the_move(before_the_move):
    old = before_the_move
    District = old.get_model("people", "District")
    Stage = old.get_model("programs", "Stage")
    School = old.get_model("people", "School")
    User = old.get_model("people", "User")
    ProgramYear = old.get_model("programs", "ProgramYear")
    Application = old.get_model("communities", "Application")
    Transition = old.get_model("communities", "Transition")
    Assignment = old.get_model("communities", "ReviewAssignment")

    school = School.objects.create(
        code="990001",
        name="市立遷移國中",
        district=District.objects.first(),
        stage=Stage.objects.get(code="junior"),
        class_count=10,
    )
    teacher = User.objects.create(username="t-move", name="老師", role="teacher", school=school)
    reviewer = User.objects.create(username="r-move", name="委員", role="reviewer")
    application = Application.objects.create(
        program=ProgramYear.objects.get(academic_year=109),
        convenor=teacher,
        school=school,
        status="first_passed",  # past the workflow: the schema before the move
        name="遷移社群",
    )
    Assignment.objects.create(application=application, reviewer=reviewer)
    Transition.objects.create(
        application=application,
        action="first_pass",
        from_status="under_review",
        to_status="first_passed",
        by=reviewer,
        comment="計畫完整，同意通過。",
    )

    executor = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    new = executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps
    moved = new.get_model("reviews", "ReviewAssignment").objects.get()
    assert (moved.application_id, moved.reviewer_id, moved.stage) == (
        application.pk,
        reviewer.pk,
        "first",
    )
    review = new.get_model("reviews", "Review").objects.get()
    assert review.assignment_id == moved.pk
    # The reviewer's action became the year's option of that meaning.
    assert review.recommendation.label == review.recommendation_label == "建議通過"
    assert review.recommendation.stage == "first"
    assert review.opinion == "計畫完整，同意通過。"
    assert review.submitted_at is not None
