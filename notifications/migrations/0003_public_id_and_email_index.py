# A UUID for each notification (its addresses never show the sequential id), filled for existing
# rows in the database (one distinct value each), then made unique; and the e-mail task's index.

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_record_and_email"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunSQL(
            "UPDATE oversight_notification SET public_id = gen_random_uuid() WHERE public_id IS NULL",
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="notification",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(
                condition=models.Q(("emailed_at__isnull", True), ("needs_action", True), ("read_at__isnull", True)),
                fields=["id"],
                name="notification_email_pending",
            ),
        ),
    ]
