"""The nightly link job's runs and chunks, and the unit's decisions on link alerts."""

import uuid

import pghistory
from django.conf import settings
from django.db import models

from ..choices import LinkAlertStatus


class LinkRun(models.Model):
    """One run of the link job: sightings collected and resolved to links in one transaction, then
    the links new since the last finished run (ids in ``(from_link_id, to_link_id]``) checked for
    alerts in chunks that workers claim."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reason = models.CharField(max_length=200, default="nightly")
    started_at = models.DateTimeField(auto_now_add=True)
    since = models.DateTimeField(null=True, blank=True, help_text="Sightings recorded since (the last run's start)")
    from_link_id = models.BigIntegerField(default=0)
    to_link_id = models.BigIntegerField(default=0)
    mentions = models.PositiveIntegerField(default=0)
    links_added = models.PositiveIntegerField(default=0)
    alerts_raised = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]


class LinkChunk(models.Model):
    """Links with ids in ``(low_id, high_id]`` of a run: checked for alerts in one transaction, once."""

    run = models.ForeignKey(LinkRun, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField()
    low_id = models.BigIntegerField()
    high_id = models.BigIntegerField()
    enqueued_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    alerts = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["run", "number"]
        constraints = [models.UniqueConstraint(fields=["run", "number"], name="link_chunk_number")]
        indexes = [models.Index(fields=["run", "done_at"])]


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class LinkAlertDecision(models.Model):
    """What the unit decided on a link alert, and why."""

    alert = models.OneToOneField("counter_corruption.LinkAlert", on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(
        max_length=10, choices=[c for c in LinkAlertStatus.choices if c[0] != LinkAlertStatus.OPEN]
    )
    reason = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
