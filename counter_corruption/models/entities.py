import uuid

import pghistory
from django.db import models

from ..choices import EntityKind, LinkAlertStatus, LinkSource


def _trackers():
    return (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())


@pghistory.track(*_trackers())
class Entity(models.Model):
    """Something outside the workforce seen against workforce people: resolved to one row per
    ``(kind, key)``, where the key is the normalised form (digits of a phone, a VRM without spaces,
    an outside person's normalised name and date of birth, an address's postcode and number)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=10, choices=EntityKind.choices)
    key = models.CharField(max_length=300)
    display = models.CharField(max_length=300)
    attributes = models.JSONField(default=dict, blank=True)
    is_nominal = models.BooleanField(default=False, help_text="Known to police as a criminal nominal")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "display"]
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="entity_kind_key_unique")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.display}"


class EntityLink(models.Model):
    """One sighting of an entity against a workforce person, from one source record.

    Written in bulk by the nightly link job (not tracked row by row in history: the source records
    are, and the job's run is recorded)."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="links")
    person = models.ForeignKey("workforce.Person", on_delete=models.CASCADE, related_name="entity_links")
    source_kind = models.CharField(max_length=16, choices=LinkSource.choices)
    source_id = models.CharField(max_length=64, help_text="The source record's public identifier")
    relationship = models.CharField(max_length=120, blank=True, default="")
    seen_on = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entity", "person", "source_kind", "source_id"], name="entity_link_unique")
        ]
        indexes = [models.Index(fields=["person"]), models.Index(fields=["recorded_at"])]


@pghistory.track(*_trackers())
class LinkAlert(models.Model):
    """A new link joining a workforce person to an entity already linked to another subject of
    intelligence or of a conduct matter. Raised once per (person, entity)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("workforce.Person", on_delete=models.PROTECT, related_name="link_alerts")
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="alerts")
    other_people = models.ManyToManyField("workforce.Person", related_name="+", blank=True)
    reasons = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=LinkAlertStatus.choices, default=LinkAlertStatus.OPEN)
    raised_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-raised_at"]
        constraints = [models.UniqueConstraint(fields=["person", "entity"], name="link_alert_unique")]
