from django.db import migrations

# Before reviews had rows of their own, an assigned reviewer's decision was a transition with
# the opinion as its comment. Each becomes that reviewer's submitted review of its stage.
FIRST_STAGE_FROM = {"under_review"}
DECISIONS = {"first_pass", "first_return", "reject", "approve"}


def reviews_from_decisions(apps, schema_editor):
    Transition = apps.get_model("communities", "Transition")
    ReviewAssignment = apps.get_model("reviews", "ReviewAssignment")
    Review = apps.get_model("reviews", "Review")
    for transition in Transition.objects.filter(action__in=DECISIONS).order_by("at", "id"):
        stage = "first" if transition.from_status in FIRST_STAGE_FROM else "second"
        first = ReviewAssignment.objects.filter(
            application_id=transition.application_id, reviewer_id=transition.by_id
        ).first()
        if first is None:
            continue  # decided by the center, not by a reviewer
        assignment, _ = ReviewAssignment.objects.get_or_create(
            application_id=transition.application_id,
            reviewer_id=transition.by_id,
            stage=stage,
            defaults={"assigned_by_id": first.assigned_by_id},
        )
        Review.objects.get_or_create(
            assignment=assignment,
            defaults={
                "recommendation": transition.action,
                "opinion": transition.comment,
                "submitted_at": transition.at,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0002_stages_and_reviews"),
        ("communities", "0004_move_review_assignment"),
    ]

    operations = [migrations.RunPython(reviews_from_decisions, migrations.RunPython.noop)]
