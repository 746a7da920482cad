from django.db import migrations


def seed(apps, schema_editor):
    from programs.seed_109 import seed_districts

    seed_districts(apps)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
