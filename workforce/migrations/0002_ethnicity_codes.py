"""Seed the self-defined ethnicity codes and their analysis groups (see workforce/reference.py)."""

from django.db import migrations


def seed(apps, schema_editor):
    from workforce.reference import ensure_ethnicity_codes

    ensure_ethnicity_codes(apps.get_model("workforce", "EthnicityCode"))


class Migration(migrations.Migration):
    dependencies = [("workforce", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
