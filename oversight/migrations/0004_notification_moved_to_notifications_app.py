# The Notification model moved to the notifications app, which keeps using this table: removed from
# Django's state only, no table dropped and no row lost (see notifications/migrations/0001_initial.py).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("oversight", "0003_method_v2_families"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]
