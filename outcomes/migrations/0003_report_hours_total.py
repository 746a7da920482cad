from django.db import migrations, models

# The states whose report was sent (communities.workflow's report_filed states).
FILED = ["report_review", "report_forwarded", "closed"]


def fill_hours_totals(apps, schema_editor):
    """Reports already sent get their 研習時數 and attendees, as report_submit stores them from
    now on. The hours are the app's own computation (outcomes.selectors), so the current models
    are used; a new database has no reports to fill."""
    from outcomes.models import Report
    from outcomes.selectors import report_hours

    # By id only: the current model may have columns a later migration adds.
    for pk in Report.objects.filter(
        hours_total=None, application__status__in=FILED
    ).values_list("pk", flat=True):
        hours, attendees = report_hours(report=Report(pk=pk))
        Report.objects.filter(pk=pk).update(hours_total=hours, attendee_count=attendees)


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0002_report_spent_total"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="hours_total",
            field=models.DecimalField(
                blank=True,
                decimal_places=1,
                max_digits=9,
                null=True,
                verbose_name="送出時研習時數合計",
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="attendee_count",
            field=models.PositiveIntegerField(
                blank=True, null=True, verbose_name="送出時出席成員數"
            ),
        ),
        migrations.RunPython(fill_hours_totals, migrations.RunPython.noop),
    ]
