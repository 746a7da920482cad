from django.db import migrations

from programs.seed_109 import seed_reminders


def seed(apps, schema_editor):
    seed_reminders(apps)


class Migration(migrations.Migration):
    dependencies = [("programs", "0007_reminder_rules")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
