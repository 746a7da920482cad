from django.db import migrations


class Migration(migrations.Migration):
    """Review assignments belong to the reviews app: the table is renamed, its rows kept."""

    dependencies = [
        ("communities", "0003_review_comment"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable("ReviewAssignment", "reviews_reviewassignment"),
            ],
            state_operations=[
                migrations.DeleteModel("ReviewAssignment"),
            ],
        ),
    ]
