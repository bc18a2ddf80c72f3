import uuid

import pghistory
from django.conf import settings
from django.db import models

from .choices import AccessAction


class AccessEvent(models.Model):
    """Who viewed, exported, printed or disclosed protected data, when (UTC) and why.

    Append-only and hash-chained: each event's HMAC covers its content and the previous event's
    hash, so ``manage.py audit_verify`` can name the first event that was altered, inserted or
    removed, even by someone who bypassed the guards; the chain heads are also witnessed outside
    the database (``AUDIT_WITNESS_FILE``), which names events cut from the end, a wiped log and a
    chain re-computed with the key. The guards (migration 0002) are plain triggers with no switch
    (not pgtrigger's, which ``SET pgtrigger.ignore`` turns off): UPDATE, DELETE and TRUNCATE are
    refused, and the application's database role has no such rights on these tables anyway
    (``manage.py grant_app_role``; README "Two database roles").
    """

    seq = models.BigIntegerField(unique=True)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    actor_username = models.CharField(max_length=150)
    action = models.CharField(max_length=16, choices=AccessAction.choices)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64)
    object_label = models.CharField(max_length=120, help_text="An identifier (reference, staff number), never content")
    purpose = models.CharField(max_length=300)
    request_id = models.CharField(max_length=64, blank=True, default="")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "-seq"]),
            models.Index(fields=["actor", "-seq"]),
        ]

    def __str__(self):
        return f"#{self.seq} {self.actor_username} {self.action} {self.object_type} {self.object_label}"


class AccessChainHead(models.Model):
    """The newest event's sequence number and hash: a single locked row that serialises appends
    and lets verification notice events removed from the end of the chain. A trigger lets it move
    only one event forward, onto that event's hash, and refuses DELETE and TRUNCATE."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")


class WorkerHeartbeat(models.Model):
    """Written by a Celery task: proof that a worker picked up work (health page, tests)."""

    token = models.CharField(max_length=64, unique=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    hostname = models.CharField(max_length=200, blank=True, default="")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ExportCheck(models.Model):
    """An auditor's check of one sensitive output (an export, a print or a disclosure): who looked
    at it, when, with an optional note. The event itself is never changed (it is append-only);
    a checked event leaves the auditor's "Exports to check" list (audit.selectors.exports_to_check)."""

    # no database constraint: nothing references the access log's tables, so its own append-only
    # guards alone stand between it and a DELETE or TRUNCATE (tests/audit/test_anchoring.py); the
    # event is never deleted anyway
    event = models.OneToOneField(
        AccessEvent, on_delete=models.DO_NOTHING, db_constraint=False, related_name="export_check"
    )
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField()
    note = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-checked_at"]

    def __str__(self):
        return f"check of #{self.event_id} by {self.checked_by_id}"
