from django.db import migrations


def seed(apps, schema_editor):
    from programs.seed_109 import seed_program, seed_reference

    seed_reference(apps)
    seed_program(apps)


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
