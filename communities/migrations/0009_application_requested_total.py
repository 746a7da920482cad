from django.db import migrations, models
from django.db.models import IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce


def add_up_the_stored_rows(apps, schema_editor):
    """Every application's 申請經費 from its stored 經費概算表 rows (one statement)."""
    Application = apps.get_model("communities", "Application")
    BudgetLine = apps.get_model("communities", "BudgetLine")
    Application.objects.update(
        requested_total=Coalesce(
            Subquery(
                BudgetLine.objects.filter(application=OuterRef("pk"))
                .order_by()
                .values("application")
                .annotate(total=Sum("total"))
                .values("total"),
                output_field=IntegerField(),
            ),
            0,
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0008_report_states"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="requested_total",
            field=models.PositiveIntegerField(default=0, verbose_name="申請經費"),
        ),
        migrations.RunPython(add_up_the_stored_rows, migrations.RunPython.noop, elidable=True),
    ]
