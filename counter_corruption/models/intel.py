import uuid

import pghistory
from django.conf import settings
from django.db import models

from ..choices import (
    AtRisk,
    HandlingCode,
    HandlingLevel,
    IntelAssessment,
    IntelOutcome,
    IntelStatus,
    SourceEvaluation,
    SourceType,
)


def _trackers():
    return (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())


@pghistory.track(*_trackers())
class Theme(models.Model):
    """A corruption theme (data: a force adds or re-weights its own)."""

    code = models.SlugField(max_length=40, primary_key=True)
    label = models.CharField(max_length=120)
    weight = models.PositiveSmallIntegerField(default=10, help_text="Points it adds in the unit's queue")
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "label"]

    def __str__(self):
        return self.label


@pghistory.track(*_trackers())
class IntelLog(models.Model):
    """One piece of counter-corruption intelligence, graded 3x5x2.

    ``original_text`` is what was received, read only by unit members allowed this log;
    ``sanitised_text`` is what anyone else is ever shown where the log is referenced."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=16, choices=IntelStatus.choices, default=IntelStatus.RECEIVED)
    received_on = models.DateField()
    source_type = models.CharField(max_length=20, choices=SourceType.choices)
    source_evaluation = models.CharField(max_length=1, choices=SourceEvaluation.choices, blank=True, default="")
    intelligence_assessment = models.CharField(max_length=1, choices=IntelAssessment.choices, blank=True, default="")
    handling_code = models.CharField(max_length=1, choices=HandlingCode.choices, blank=True, default="")
    handling_conditions = models.TextField(blank=True, default="", help_text="Required with handling code C")
    legacy_grading = models.CharField(
        max_length=20, blank=True, default="", help_text="A 5x5x5 grading kept as imported (e.g. B2/4)"
    )
    handling_level = models.CharField(max_length=8, choices=HandlingLevel.choices, default=HandlingLevel.UNIT)
    original_text = models.TextField()
    sanitised_text = models.TextField(blank=True, default="")
    themes = models.ManyToManyField(Theme, blank=True, related_name="logs")
    at_risk = models.CharField(max_length=20, choices=AtRisk.choices, default=AtRisk.NONE)
    report = models.ForeignKey(
        "reporting.Report", null=True, blank=True, on_delete=models.PROTECT, related_name="intel_logs"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    graded_at = models.DateTimeField(null=True, blank=True)
    sanitised_at = models.DateTimeField(null=True, blank=True)
    # the tasking decision (one current tasking; earlier ones stay in the log's history)
    tasked_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="intel_taskings"
    )
    tasking = models.TextField(blank=True, default="", help_text="What is tasked")
    tasked_on = models.DateField(null=True, blank=True)
    review_on = models.DateField(null=True, blank=True, help_text="When the tasking is reviewed")
    # the outcome
    outcome = models.CharField(max_length=12, choices=IntelOutcome.choices, blank=True, default="")
    outcome_reason = models.TextField(blank=True, default="")
    outcome_on = models.DateField(null=True, blank=True)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The conduct matter the log led to (it shows the sanitised text only)",
    )  # fmt: skip
    operation = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The restricted case the log was developed into",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["status", "received_on"]),
            models.Index(fields=["review_on"], condition=models.Q(status="tasked"), name="intel_tasked_review"),
        ]

    def __str__(self):
        return self.reference

    @property
    def grading(self) -> str:
        """'B2P' (3x5x2), or the legacy grading as imported, or '' while ungraded."""
        if self.source_evaluation and self.intelligence_assessment and self.handling_code:
            return f"{self.source_evaluation}{self.intelligence_assessment}{self.handling_code}"
        return self.legacy_grading

    @property
    def is_sanitised(self) -> bool:
        return bool(self.sanitised_text.strip())

    def review_overdue(self, today) -> bool:
        return self.status == IntelStatus.TASKED and self.review_on is not None and self.review_on < today


@pghistory.track(*_trackers())
class IntelSubject(models.Model):
    """A member of the workforce the log is about."""

    log = models.ForeignKey(IntelLog, on_delete=models.CASCADE, related_name="subjects")
    person = models.ForeignKey("workforce.Person", on_delete=models.PROTECT, related_name="intel_subjects")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["log", "person"], name="intel_subject_unique")]


@pghistory.track(*_trackers())
class IntelEntity(models.Model):
    """Something outside the workforce the log mentions (a person, address, phone, vehicle, business)."""

    log = models.ForeignKey(IntelLog, on_delete=models.CASCADE, related_name="entity_mentions")
    entity = models.ForeignKey("counter_corruption.Entity", on_delete=models.PROTECT, related_name="intel_mentions")
    relationship = models.CharField(max_length=120, blank=True, default="", help_text="e.g. associate, address used")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["log", "entity"], name="intel_entity_unique")]


@pghistory.track(*_trackers())
class IntelGrant(models.Model):
    """A named person allowed to read a log whose handling level is 'named people only'."""

    log = models.ForeignKey(IntelLog, on_delete=models.CASCADE, related_name="grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="intel_grants")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["log", "user"], name="intel_grant_unique")]
