"""Timeliness: facts (one row per subject per stage, one per statutory clock) rebuilt by a run of
chunk tasks, and the figures (n, median, 90th percentile, clocks met and missed) the page reads.

Stage days are counted between business dates (when things happened), never from the time a
record was typed. Command and unit are the subject's *now* (the workforce record); the workforce
keeps no history of postings, so "at receipt" cannot be known for every matter."""

import uuid

from django.db import models


class CaseType(models.TextChoices):
    CONDUCT = "conduct", "Conduct (police officers)"
    STAFF = "staff", "Staff misconduct"
    VETTING = "vetting", "Vetting withdrawal"
    PERFORMANCE = "performance", "Performance (unsatisfactory performance)"


class ClockStatus(models.TextChoices):
    MET = "met", "Met"
    MISSED = "missed", "Missed"
    OPEN_OVERDUE = "open_overdue", "Open and overdue"
    PENDING = "pending", "Open, not yet due"


class FigureKind(models.TextChoices):
    STAGE = "stage", "Days in stage (finished stages)"
    OPEN = "open", "Age in current stage (open matters)"
    BAND = "band", "Open matters by age since received"
    CLOCK = "clock", "Statutory clock"


class TimelinessRun(models.Model):
    """One rebuild of the facts and figures, in chunks a worker claims (resumable)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    as_of = models.DateField(help_text="Open matters' ages and overdue clocks are counted to this day")
    reason = models.CharField(max_length=200, default="nightly")
    started_at = models.DateTimeField(auto_now_add=True)
    aggregated_at = models.DateTimeField(null=True, blank=True, help_text="Figures built from the facts")
    finished_at = models.DateTimeField(null=True, blank=True)
    total_chunks = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]


class TimelinessChunk(models.Model):
    run = models.ForeignKey(TimelinessRun, on_delete=models.CASCADE, related_name="chunks")
    source = models.CharField(max_length=16, help_text="case, withdrawal or performance")
    ids = models.JSONField(default=list)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["run", "done_at"])]


class TimelinessFact(models.Model):
    """One subject (or vetting / performance matter) in one stage: days spent, or its age if open."""

    run = models.ForeignKey(TimelinessRun, on_delete=models.CASCADE, related_name="+")
    chunk_id = models.BigIntegerField()
    case_type = models.CharField(max_length=16, choices=CaseType.choices)
    matter_id = models.BigIntegerField(help_text="Case, WithdrawalCase or PerformanceCase id")
    subject_id = models.BigIntegerField(null=True, blank=True, help_text="CaseSubject id (conduct, staff)")
    stage = models.CharField(max_length=32)
    command_id = models.BigIntegerField(null=True)
    unit_id = models.BigIntegerField(null=True)
    severity = models.CharField(max_length=40, blank=True, default="")
    year_received = models.SmallIntegerField()
    start_on = models.DateField()
    end_on = models.DateField(null=True, blank=True)
    days = models.IntegerField()
    is_open = models.BooleanField()

    class Meta:
        indexes = [
            # the drill-down's pages, longest first (governance.timeliness.matters_behind): unfiltered,
            # and by each filter that can be rare, so a page never walks the stage's every fact
            models.Index(fields=["run", "stage", "is_open", "-days", "id"], name="gov_fact_page"),
            models.Index(fields=["run", "stage", "is_open", "severity", "-days", "id"], name="gov_fact_page_severity"),
            models.Index(fields=["run", "stage", "is_open", "year_received", "-days", "id"], name="gov_fact_page_year"),
            models.Index(fields=["run", "stage", "is_open", "command_id", "-days", "id"], name="gov_fact_page_command"),
            models.Index(fields=["run", "stage", "is_open", "unit_id", "-days", "id"], name="gov_fact_page_unit"),
            models.Index(fields=["run", "chunk_id"]),
        ]


class TimelinessClock(models.Model):
    """One statutory clock on one matter: due date, the day it was met (if it was), and status."""

    run = models.ForeignKey(TimelinessRun, on_delete=models.CASCADE, related_name="+")
    chunk_id = models.BigIntegerField()
    case_type = models.CharField(max_length=16, choices=CaseType.choices)
    matter_id = models.BigIntegerField()
    subject_id = models.BigIntegerField(null=True, blank=True)
    clock = models.CharField(max_length=32)
    command_id = models.BigIntegerField(null=True)
    unit_id = models.BigIntegerField(null=True)
    severity = models.CharField(max_length=40, blank=True, default="")
    year_received = models.SmallIntegerField()
    due_on = models.DateField()
    met_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=ClockStatus.choices)

    class Meta:
        indexes = [
            models.Index(fields=["run", "clock", "status"]),
            models.Index(fields=["run", "chunk_id"]),
        ]


class TimelinessFigure(models.Model):
    """A precomputed figure for one combination of the page's filters. A null dimension means
    "all" (every real row has a case type, command, unit and year; severity "" is "not assessed")."""

    run = models.ForeignKey(TimelinessRun, on_delete=models.CASCADE, related_name="figures")
    kind = models.CharField(max_length=8, choices=FigureKind.choices)
    key = models.CharField(max_length=32, help_text="Stage, age band or clock")
    case_type = models.CharField(max_length=16, null=True)
    command_id = models.BigIntegerField(null=True)
    unit_id = models.BigIntegerField(null=True)
    severity = models.CharField(max_length=40, null=True)
    year_received = models.SmallIntegerField(null=True)
    n = models.IntegerField(default=0)
    median = models.FloatField(null=True)
    p90 = models.FloatField(null=True)
    mean = models.FloatField(null=True)
    met = models.IntegerField(default=0)
    missed = models.IntegerField(default=0)
    open_overdue = models.IntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["run", "case_type", "command_id", "unit_id", "severity", "year_received"],
                name="timeliness_figure_slice",
            )
        ]
