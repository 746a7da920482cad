import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_the_applications_year(apps, schema_editor):
    ReviewAssignment = apps.get_model("reviews", "ReviewAssignment")
    Application = apps.get_model("communities", "Application")
    ReviewAssignment.objects.update(
        program_id=Subquery(
            Application.objects.filter(pk=OuterRef("application_id")).values("program_id")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0009_application_requested_total"),
        ("programs", "0001_initial"),
        ("reviews", "0005_report_states"),
    ]

    operations = [
        migrations.AddField(
            model_name="reviewassignment",
            name="program",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="programs.programyear",
            ),
        ),
        migrations.RunPython(copy_the_applications_year, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="reviewassignment",
            name="program",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="programs.programyear",
            ),
        ),
        migrations.AddIndex(
            model_name="reviewassignment",
            index=models.Index(fields=["program", "reviewer"], name="assignment_program_reviewer"),
        ),
    ]
