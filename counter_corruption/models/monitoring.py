"""Lawful business monitoring (shared/formats/system-audit.md): force systems' audit extracts
imported in chunks into a table partitioned by month, each event's result resolved to people the
force knows, rules (as data) raising one alert per searcher, rule and month, and the unit's
decisions on them.

The events table itself (`counter_corruption_auditevent`) is created by SQL in the migration:
PostgreSQL declarative partitioning by month of ``occurred_at`` (Django has no partitioned
tables). `AuditEvent` below is an unmanaged model over it for reads; writes go through COPY
(counter_corruption.monitoring_import). Uniqueness of ``system`` + ``event_id`` across partitions
is kept by the small unpartitioned `AuditEventKey` table (a partitioned table's unique index must
include the partition key)."""

import uuid

import pghistory
from django.conf import settings
from django.db import models


def _trackers():
    return (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())


class ImportStatus(models.TextChoices):
    SPLITTING = "splitting", "Reading the file"
    IMPORTING = "importing", "Importing events"
    RESOLVING = "resolving", "Checking the events against the rules"
    COMPLETE = "complete", "Complete"
    FAILED = "failed", "Failed"


class ImportOrigin(models.TextChoices):
    UPLOAD = "upload", "Uploaded"
    COMMAND = "command", "Command line"
    DROP_FOLDER = "drop_folder", "Drop folder"


class AuditImport(models.Model):
    """One extract file: read in byte-range chunks by the workers, each chunk once."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    filename = models.CharField(max_length=255)
    path = models.CharField(max_length=500, help_text="Where the file is kept while the chunks read it")
    size_bytes = models.BigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True, default="")
    origin = models.CharField(max_length=12, choices=ImportOrigin.choices, default=ImportOrigin.UPLOAD)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=12, choices=ImportStatus.choices, default=ImportStatus.SPLITTING)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    chunks_total = models.PositiveIntegerField(default=0)
    rows_read = models.BigIntegerField(default=0)
    imported = models.BigIntegerField(default=0)
    duplicates = models.BigIntegerField(default=0)
    bad_rows = models.BigIntegerField(default=0)
    unknown_staff = models.BigIntegerField(default=0, help_text="Rows whose staff number is not in the workforce")
    error = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Audit extract {self.filename} ({self.created_at:%Y-%m-%d %H:%M})"


class AuditImportChunk(models.Model):
    """Lines ``first_line .. first_line + lines - 1`` of the file (bytes ``[start_offset,
    end_offset)``): parsed, checked and stored in one transaction, exactly once."""

    audit_import = models.ForeignKey(AuditImport, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField()
    start_offset = models.BigIntegerField()
    end_offset = models.BigIntegerField()
    first_line = models.PositiveIntegerField()
    lines = models.PositiveIntegerField()
    enqueued_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    unknown_staff = models.PositiveIntegerField(default=0)
    bad_lines = models.JSONField(default=list, blank=True, help_text="[[line, reason]]")
    low_event_id = models.BigIntegerField(null=True, blank=True, help_text="Smallest event row id this chunk stored")
    high_event_id = models.BigIntegerField(null=True, blank=True, help_text="Largest event row id this chunk stored")

    class Meta:
        ordering = ["audit_import", "number"]
        constraints = [models.UniqueConstraint(fields=["audit_import", "number"], name="auditimport_chunk_number")]
        indexes = [models.Index(fields=["audit_import", "done_at"])]


class AuditEventKey(models.Model):
    """``system`` + ``event_id`` seen: importing an event again changes nothing."""

    system = models.CharField(max_length=16)
    event_id = models.CharField(max_length=64)
    occurred_at = models.DateTimeField(help_text="To find the event's partition, and to drop keys with it")

    class Meta:
        managed = True
        constraints = [models.UniqueConstraint(fields=["system", "event_id"], name="auditeventkey_unique")]
        indexes = [models.Index(fields=["occurred_at"])]


class AuditEvent(models.Model):
    """One search or view on a force system (unmanaged: a partitioned table made by the migration).

    ``searcher`` is the workforce person of ``staff_number`` (null when the staff number is not in
    the workforce; such rows are stored and counted, and no rule reads them). The ``*_key``
    columns are the normalised forms the rules join on (counter_corruption.monitoring_keys)."""

    id = models.BigIntegerField(primary_key=True)
    occurred_at = models.DateTimeField()
    audit_import = models.ForeignKey(AuditImport, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False)
    line = models.PositiveIntegerField()
    system = models.CharField(max_length=16)
    event_id = models.CharField(max_length=64)
    staff_number = models.CharField(max_length=20)
    searcher = models.ForeignKey(
        "workforce.Person", null=True, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    action = models.CharField(max_length=8)
    query_type = models.CharField(max_length=12)
    query_text = models.CharField(max_length=200, blank=True, default="")
    result_surname = models.CharField(max_length=100, blank=True, default="")
    result_forenames = models.CharField(max_length=200, blank=True, default="")
    result_dob = models.DateField(null=True, blank=True)
    result_postcode = models.CharField(max_length=10, blank=True, default="")
    result_ref = models.CharField(max_length=64, blank=True, default="")
    occurrence_ref = models.CharField(max_length=64, blank=True, default="")
    reason_text = models.CharField(max_length=500, blank=True, default="")
    surname_key = models.CharField(max_length=100, blank=True, default="")
    forename_key = models.CharField(max_length=100, blank=True, default="")
    postcode_key = models.CharField(max_length=10, blank=True, default="")

    class Meta:
        managed = False
        db_table = "counter_corruption_auditevent"
        ordering = ["occurred_at", "id"]


@pghistory.track(*_trackers())
class WatchListEntry(models.Model):
    """A public figure the unit watches for (a search of one with no policing purpose is misuse)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    surname = models.CharField(max_length=100)
    forenames = models.CharField(max_length=200, blank=True, default="")
    date_of_birth = models.DateField(null=True, blank=True)
    postcode = models.CharField(max_length=10, blank=True, default="")
    category = models.CharField(max_length=60, help_text="e.g. politician, sportsperson, broadcaster")
    note = models.CharField(max_length=300, blank=True, default="")
    active = models.BooleanField(default=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["surname", "forenames"]
        verbose_name_plural = "watch list entries"

    def __str__(self):
        return f"{self.forenames} {self.surname}".strip()


@pghistory.track(*_trackers())
class MonitoringRule(models.Model):
    """A rule as data: its weight (the score of an alert it raises, before evidence), whether it
    runs, and its parameters (e.g. ``{"min_searches": 3}``). Changed by the unit or in the admin,
    each change in history with who and why."""

    code = models.SlugField(max_length=40, primary_key=True)
    label = models.CharField(max_length=120)
    description = models.TextField()
    weight = models.PositiveSmallIntegerField(help_text="0-100")
    enabled = models.BooleanField(default=True)
    params = models.JSONField(default=dict, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self):
        return self.label


class AlertStatus(models.TextChoices):
    OPEN = "open", "Open"
    NO_FURTHER_ACTION = "nfa", "No further action"
    MANAGEMENT_ACTION = "management", "Management action"
    CONDUCT_MATTER = "conduct", "Conduct matter"
    INTELLIGENCE = "intelligence", "Intelligence log"


@pghistory.track(*_trackers())
class MonitoringAlert(models.Model):
    """One searcher, one rule, one month: raised once; a later extract's events for the same
    searcher, rule and month join it (while open; once decided, a new period's alert is needed)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    searcher = models.ForeignKey("workforce.Person", on_delete=models.PROTECT, related_name="monitoring_alerts")
    rule = models.ForeignKey(MonitoringRule, on_delete=models.PROTECT, related_name="alerts")
    period = models.DateField(help_text="First day of the month the events fall in")
    score = models.PositiveSmallIntegerField(default=0, help_text="0-100")
    reasons = models.JSONField(default=list, blank=True, help_text="Plain words, strongest first")
    events_count = models.PositiveIntegerField(default=0)
    first_event_at = models.DateTimeField(null=True, blank=True)
    last_event_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    raised_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True, default="")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    intel_log = models.ForeignKey(
        "counter_corruption.IntelLog", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-score", "-raised_at"]
        constraints = [
            models.UniqueConstraint(fields=["searcher", "rule", "period"], name="monitoring_alert_once_per_period")
        ]
        indexes = [models.Index(fields=["status", "-score"]), models.Index(fields=["searcher"])]

    def __str__(self):
        return f"{self.rule_id} {self.period:%Y-%m}"


class AlertEvent(models.Model):
    """An event behind an alert, and what it matched (written in bulk; the alert is tracked)."""

    alert = models.ForeignKey(MonitoringAlert, on_delete=models.CASCADE, related_name="alert_events")
    event_row_id = models.BigIntegerField(help_text="counter_corruption_auditevent.id")
    occurred_at = models.DateTimeField()
    system = models.CharField(max_length=16)
    event_id = models.CharField(max_length=64)
    matched_kind = models.CharField(max_length=20, help_text="e.g. family, colleague, self, complainant, watch list")
    matched_label = models.CharField(max_length=300, help_text="Who or what it matched, in plain words")
    matched_ref = models.CharField(max_length=64, blank=True, default="", help_text="Public id of what matched")
    strength = models.FloatField(default=1.0, help_text="1 = strong; less with an occurrence linking a real job")
    reasons = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        constraints = [models.UniqueConstraint(fields=["alert", "event_row_id"], name="alert_event_once")]
        indexes = [models.Index(fields=["system", "event_id"])]


class RulesRun(models.Model):
    """The rules over a set of events (an import's, or a month's on demand), in chunks of event
    row ids within one partition month; each chunk claimed once by a worker."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    audit_import = models.ForeignKey(AuditImport, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=200, default="import")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    chunks_total = models.PositiveIntegerField(default=0)
    matches = models.BigIntegerField(default=0)
    alerts_raised = models.PositiveIntegerField(default=0)
    alerts_updated = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]


class RulesChunk(models.Model):
    run = models.ForeignKey(RulesRun, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField()
    month = models.DateField(help_text="The partition (first day of the month)")
    low_id = models.BigIntegerField(help_text="Event row ids in [low_id, high_id]")
    high_id = models.BigIntegerField()
    enqueued_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    matches = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["run", "number"]
        constraints = [models.UniqueConstraint(fields=["run", "number"], name="rules_chunk_number")]
        indexes = [models.Index(fields=["run", "done_at"])]


class EventMatch(models.Model):
    """One rule's match on one event, written by a rules chunk; the run's finish groups them into
    alerts (one per searcher, rule and month) with the period-wide rules (volume, repeats)."""

    run = models.ForeignKey(RulesRun, on_delete=models.CASCADE, related_name="+")
    event_row_id = models.BigIntegerField()
    occurred_at = models.DateTimeField()
    month = models.DateField()
    searcher = models.ForeignKey("workforce.Person", on_delete=models.CASCADE, related_name="+")
    rule = models.ForeignKey(MonitoringRule, on_delete=models.CASCADE, related_name="+")
    matched_kind = models.CharField(max_length=20)
    matched_label = models.CharField(max_length=300)
    matched_ref = models.CharField(max_length=64, blank=True, default="")
    strength = models.FloatField(default=1.0)
    reasons = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event_row_id", "rule", "matched_ref"], name="event_match_once")]
        indexes = [models.Index(fields=["run"]), models.Index(fields=["searcher", "rule", "month"])]
