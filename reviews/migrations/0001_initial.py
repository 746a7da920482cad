import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """The review assignments moved here from communities, rows and all (the table was renamed
    by communities' migration 0004)."""

    initial = True

    dependencies = [
        ("communities", "0004_move_review_assignment"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="ReviewAssignment",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("assigned_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "application",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="review_assignments",
                                to="communities.application",
                            ),
                        ),
                        (
                            "reviewer",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="review_assignments",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="審查委員",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "指定審查",
                        "verbose_name_plural": "指定審查",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("application", "reviewer"), name="assign_once"
                            )
                        ],
                    },
                ),
            ],
        ),
    ]
