"""PND screening runs: the request sent, the response read in chunks, each candidate resolved,
and the hits raised (only what is new or changed) for vetting officers."""

import uuid

import pghistory
from django.conf import settings
from django.db import models

__all__ = [
    "RunStatus",
    "ScreeningRun",
    "ScreeningRequestRow",
    "ScreeningChunk",
    "ScreeningCandidate",
    "HitGrade",
    "HitStatus",
    "ScreeningHit",
]


# PND codes (shared/formats/pnd-screening.md) as a person reads them; a code not listed here is
# shown in sentence case ("misc_crimes" -> "Misc crimes"), never as the raw code.
PND_LABELS = {
    "arrest": "Arrest",
    "charge": "Charge",
    "conviction": "Conviction",
    "caution": "Caution",
    "intelligence": "Intelligence",
    "domestic_abuse": "Domestic abuse",
    "child_protection": "Child protection",
    "custody": "Custody",
    "stop_search": "Stop and search",
    "crime_suspect": "Suspect in a crime",
    "crime_victim": "Victim of crime",
    "witness": "Witness",
    "associate_of_nominal": "Associate of a nominal",
    "firearms_licensing": "Firearms licensing",
    "violence_against_the_person": "Violence against the person",
    "sexual_offences": "Sexual offences",
    "drug_offences": "Drug offences",
    "fraud": "Fraud",
    "theft": "Theft",
    "public_order": "Public order",
    "misc_crimes_against_society": "Miscellaneous crimes against society",
}


def pnd_label(code: str) -> str:
    code = (code or "").strip()
    return PND_LABELS.get(code.lower()) or code.replace("_", " ").capitalize()


def _trackers():
    return (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())


class RunStatus(models.TextChoices):
    AWAITING_RESPONSE = "awaiting_response", "Request sent: awaiting the PND response"
    SPLITTING = "splitting", "Reading the response"
    RESOLVING = "resolving", "Resolving candidates"
    COMPLETE = "complete", "Complete"
    FAILED = "failed", "Failed"


class ScreeningRun(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.AWAITING_RESPONSE)
    trigger = models.CharField(max_length=12, default="on_demand")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    people = models.PositiveIntegerField(default=0, help_text="Request rows (people in scope)")
    response_path = models.CharField(max_length=500, blank=True, default="")
    response_name = models.CharField(max_length=255, blank=True, default="")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    lines_total = models.PositiveIntegerField(default=0)
    chunks_total = models.PositiveIntegerField(default=0)
    thresholds = models.JSONField(default=dict)
    error = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Screening run {self.created_at:%Y-%m-%d %H:%M}"


class ScreeningRequestRow(models.Model):
    """The opaque reference sent to PND for one person (the mapping never leaves the force)."""

    run = models.ForeignKey(ScreeningRun, on_delete=models.CASCADE, related_name="request_rows")
    request_ref = models.CharField(max_length=20, unique=True)
    person = models.ForeignKey("workforce.Person", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "person"], name="vetting_one_request_per_person")]


class ScreeningChunk(models.Model):
    """A byte range of the response file: resolved in one transaction, exactly once."""

    run = models.ForeignKey(ScreeningRun, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField()
    start_offset = models.BigIntegerField()
    end_offset = models.BigIntegerField()
    first_line = models.PositiveIntegerField()
    lines = models.PositiveIntegerField()
    done_at = models.DateTimeField(null=True, blank=True)
    candidates = models.PositiveIntegerField(default=0)
    matches = models.PositiveIntegerField(default=0)
    possibles = models.PositiveIntegerField(default=0)
    hits = models.PositiveIntegerField(default=0)
    bad_lines = models.JSONField(default=list, blank=True, help_text="[[line, reason]]")
    enqueued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "number"]
        constraints = [models.UniqueConstraint(fields=["run", "number"], name="vetting_chunk_number")]


class ScreeningCandidate(models.Model):
    """One candidate line of the response with its resolution (unique per run and line)."""

    run = models.ForeignKey(ScreeningRun, on_delete=models.CASCADE, related_name="candidates")
    line = models.PositiveIntegerField()
    request_ref = models.CharField(max_length=20)
    pnd_person_id = models.CharField(max_length=40)
    person = models.ForeignKey("workforce.Person", null=True, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10)
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    records = models.JSONField(default=list, help_text="Kept for possible matches until a person decides")
    identity_confirmed = models.BooleanField(null=True, help_text="For possible matches: a person's decision")
    identity_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "line"], name="vetting_candidate_once")]
        indexes = [models.Index(fields=["run", "decision"])]


class HitGrade(models.TextChoices):
    REVIEW = "review", "Needs review"
    INFORMATION = "information", "Information only"


class HitStatus(models.TextChoices):
    NEW = "new", "New"
    CLOSED = "closed", "Closed"
    VETTING_REVIEW = "vetting_review", "Vetting review opened"
    CONDUCT_MATTER = "conduct_matter", "Conduct matter created"


@pghistory.track(*_trackers())
class ScreeningHit(models.Model):
    """A PND record about an employee, new or changed since it was last seen, for a vetting officer."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    run = models.ForeignKey(ScreeningRun, on_delete=models.PROTECT, related_name="hits")
    candidate = models.ForeignKey(ScreeningCandidate, on_delete=models.PROTECT, related_name="hits")
    person = models.ForeignKey("workforce.Person", on_delete=models.PROTECT, related_name="screening_hits")
    pnd_person_id = models.CharField(max_length=40)
    record_id = models.CharField(max_length=60)
    content_hash = models.CharField(max_length=64)
    changed = models.BooleanField(default=False, help_text="Seen before with different content")
    category = models.CharField(max_length=40)
    offence_group = models.CharField(max_length=60, blank=True, default="")
    record_date = models.DateField(null=True, blank=True)
    force_code = models.CharField(max_length=10, blank=True, default="")
    summary = models.TextField(blank=True, default="")
    grade = models.CharField(max_length=12, choices=HitGrade.choices)
    status = models.CharField(max_length=16, choices=HitStatus.choices, default=HitStatus.NEW)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome_reason = models.TextField(blank=True, default="")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(fields=["person", "record_id", "content_hash"], name="vetting_hit_once_per_content")
        ]
        indexes = [models.Index(fields=["status", "grade"])]

    @property
    def category_label(self) -> str:
        return pnd_label(self.category)

    @property
    def offence_group_label(self) -> str:
        return pnd_label(self.offence_group) if self.offence_group else ""

    @property
    def record_label(self) -> str:
        """The category, then the offence group in lower case: "Victim of crime, public order"."""
        if not self.offence_group:
            return self.category_label
        group = self.offence_group_label
        return f"{self.category_label}, {group[0].lower()}{group[1:]}"
