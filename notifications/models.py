"""In-app notices to one user: new disparity flags, report reminders, clearance renewals.

A bottom app: any app may write a notice (notify) without depending on the app that shows them.
The table keeps the name it had when the model lived in oversight (no data moved).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class Notification(models.Model):
    """In-app notice to one user (a new FLAG, a report reminder, a clearance renewal)."""

    # in addresses (/notifications/<public_id>/open/): never the sequential id
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True, default="")
    url = models.CharField(max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # the record it is about (notifications.visibility): "" = about no record (shown always)
    record_kind = models.CharField(max_length=40, blank=True, default="")
    record_id = models.CharField(max_length=64, blank=True, default="")
    needs_action = models.BooleanField(default=False, help_text="Asks the user to do something: also e-mailed")
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "oversight_notification"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="oversight_n_user_id_ff54a6_idx"),
            # the e-mail task's scan: only the few that still wait for an e-mail
            models.Index(
                fields=["id"],
                condition=Q(needs_action=True, emailed_at__isnull=True, read_at__isnull=True),
                name="notification_email_pending",
            ),
        ]
