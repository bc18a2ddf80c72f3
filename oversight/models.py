"""Disparity analytics: refreshes stored as snapshot rows, flags and their review, second looks.

A refresh never changes once complete: its rows name the method version, the flag rule and the
data cut-off, so any flag can be reproduced and audited later. Flags live across refreshes (one
open flag per slice, stage and group) and carry the review trail.
"""

import uuid

import pghistory
from django.conf import settings
from django.db import models


def _trackers():
    return (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())


class UnitLevel(models.TextChoices):
    FORCE = "force", "Whole force"
    COMMAND = "command", "Command"
    UNIT = "unit", "Unit"


class Population(models.TextChoices):
    ALL = "all", "Officers and staff"
    OFFICER = "officer", "Officers"
    STAFF = "staff", "Staff"


class Stage(models.TextChoices):
    """Decision points of the funnel (disparity-method.md): event over the previous stage's people."""

    SYSTEM = "s1_system", "1 In the system"
    GROSS = "s2_gross", "2 Assessed as gross misconduct"
    CASE_TO_ANSWER = "s3_case_to_answer", "3 Case to answer"
    HEARING = "s4_hearing", "4 Hearing, not meeting"
    DISMISSED = "s5_dismissed", "5 Dismissed or reduced in rank, at a hearing"
    SANCTION = "s5_sanction", "5 Any sanction"


STAGE_DENOMINATORS = {
    Stage.SYSTEM: "average headcount in the window",
    Stage.GROSS: "people assessed",
    Stage.CASE_TO_ANSWER: "people with a finalised decision",
    Stage.HEARING: "people referred to proceedings",
    Stage.DISMISSED: "people at a hearing or accelerated hearing with an outcome",
    Stage.SANCTION: "people at any proceeding with an outcome",
}


class RefreshStatus(models.TextChoices):
    RUNNING = "running", "Running"
    COMPLETE = "complete", "Complete"
    FAILED = "failed", "Failed"


class Trigger(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    ON_DEMAND = "on_demand", "On demand"
    COMMAND = "command", "Management command"


class FlagStatus(models.TextChoices):
    NEW = "new", "New"
    UNDER_REVIEW = "under_review", "Under review"
    ACTIONED = "actioned", "Actioned"
    CLOSED = "closed", "Closed"


class DisparityRefresh(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    data_cutoff = models.DateField(help_text="Matters received up to and including this date")
    method_version = models.CharField(max_length=40)
    rule = models.JSONField(help_text="The flag rule applied, as configured at the time")
    status = models.CharField(max_length=12, choices=RefreshStatus.choices, default=RefreshStatus.RUNNING)
    trigger = models.CharField(max_length=12, choices=Trigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    tests = models.PositiveIntegerField(default=0, help_text="Comparisons tested (all levels)")
    families = models.JSONField(
        default=dict, blank=True, help_text="Comparisons in each level's Benjamini-Hochberg family (method version 2)"
    )
    flags = models.PositiveIntegerField(default=0)
    watches = models.PositiveIntegerField(default=0)
    timings = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            # one refresh at a time: a second request while one runs is the same refresh
            models.UniqueConstraint(
                fields=["status"], condition=models.Q(status="running"), name="oversight_one_running_refresh"
            )
        ]

    def __str__(self):
        return f"Refresh {self.started_at:%Y-%m-%d %H:%M} (cut-off {self.data_cutoff})"


class DisparityResult(models.Model):
    """One snapshot row: a group's count at one stage of one slice, compared with White."""

    refresh = models.ForeignKey(DisparityRefresh, on_delete=models.CASCADE, related_name="results")
    level = models.CharField(max_length=8, choices=UnitLevel.choices)
    unit = models.ForeignKey("workforce.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    window_months = models.PositiveSmallIntegerField()
    population = models.CharField(max_length=8, choices=Population.choices)
    source = models.CharField(max_length=20, help_text="'all' or an allegation source")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    group = models.CharField(max_length=16)
    n = models.PositiveIntegerField(help_text="Denominator (people)")
    events = models.PositiveIntegerField()
    headcount = models.PositiveIntegerField(help_text="Average headcount: the cumulative view's denominator")
    rate = models.FloatField(null=True)
    rate_low = models.FloatField(null=True)
    rate_high = models.FloatField(null=True)
    ratio = models.FloatField(null=True, help_text="Relative rate against White")
    ratio_low = models.FloatField(null=True, help_text="Koopman score 95% interval")
    ratio_high = models.FloatField(null=True)
    katz_low = models.FloatField(null=True, help_text="Katz log interval: cross-check only")
    katz_high = models.FloatField(null=True)
    p_value = models.FloatField(null=True, help_text="Two-sided Fisher exact")
    p_adjusted = models.FloatField(null=True, help_text="Benjamini-Hochberg within the level's family")
    status = models.CharField(max_length=12, blank=True, default="", help_text="FLAG, WATCH, INSUFFICIENT, OK")

    class Meta:
        indexes = [
            models.Index(fields=["refresh", "level", "unit", "window_months", "population", "source"]),
            models.Index(fields=["refresh", "status"]),
        ]


class DurationResult(models.Model):
    """Stage 6: days from receipt to finalisation; open matters censored at the cut-off."""

    refresh = models.ForeignKey(DisparityRefresh, on_delete=models.CASCADE, related_name="durations")
    level = models.CharField(max_length=8, choices=UnitLevel.choices)
    unit = models.ForeignKey("workforce.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    window_months = models.PositiveSmallIntegerField()
    population = models.CharField(max_length=8, choices=Population.choices)
    source = models.CharField(max_length=20)
    group = models.CharField(max_length=16)
    matters = models.PositiveIntegerField()
    finalised = models.PositiveIntegerField()
    median_days = models.FloatField(null=True, help_text="Kaplan-Meier median (None if not reached)")
    median_low = models.FloatField(null=True)
    median_high = models.FloatField(null=True)
    hazard_ratio = models.FloatField(null=True, help_text="Cox: finalisation hazard against White (<1 = slower)")
    hr_low = models.FloatField(null=True)
    hr_high = models.FloatField(null=True)
    p_value = models.FloatField(null=True)

    class Meta:
        indexes = [models.Index(fields=["refresh", "level", "unit", "window_months", "population", "source"])]


class AdjustedResult(models.Model):
    """Secondary panel: logistic regression per stage, shown beside the crude ratio, never instead."""

    refresh = models.ForeignKey(DisparityRefresh, on_delete=models.CASCADE, related_name="adjusted")
    window_months = models.PositiveSmallIntegerField()
    population = models.CharField(max_length=8, choices=Population.choices)
    stage = models.CharField(max_length=20, choices=Stage.choices)
    group = models.CharField(max_length=16)
    people = models.PositiveIntegerField()
    crude_odds_ratio = models.FloatField(null=True)
    odds_ratio = models.FloatField(null=True, help_text="Adjusted odds ratio against White")
    or_low = models.FloatField(null=True)
    or_high = models.FloatField(null=True)
    p_value = models.FloatField(null=True)
    covariates = models.JSONField(default=list)
    note = models.CharField(max_length=200, blank=True, default="")


@pghistory.track(*_trackers())
class DisparityFlag(models.Model):
    """A FLAG raised by a refresh; stays open across refreshes until a reviewer closes it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    level = models.CharField(max_length=8, choices=UnitLevel.choices)
    unit = models.ForeignKey("workforce.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    window_months = models.PositiveSmallIntegerField()
    population = models.CharField(max_length=8, choices=Population.choices)
    source = models.CharField(max_length=20)
    stage = models.CharField(max_length=20, choices=Stage.choices)
    group = models.CharField(max_length=16)
    status = models.CharField(max_length=16, choices=FlagStatus.choices, default=FlagStatus.NEW)
    first_result = models.ForeignKey(DisparityResult, on_delete=models.PROTECT, related_name="+")
    latest_result = models.ForeignKey(DisparityResult, on_delete=models.PROTECT, related_name="+")
    still_flagged = models.BooleanField(default=True, help_text="FLAG in the latest refresh")
    raised_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "unit", "window_months", "population", "source", "stage", "group"],
                condition=~models.Q(status="closed"),
                nulls_distinct=False,
                name="oversight_one_open_flag_per_cell",
            )
        ]

    @property
    def is_active(self) -> bool:
        return self.status != FlagStatus.CLOSED


class FlagReview(models.Model):
    flag = models.ForeignKey(DisparityFlag, on_delete=models.CASCADE, related_name="reviews")
    from_status = models.CharField(max_length=16, choices=FlagStatus.choices)
    to_status = models.CharField(max_length=16, choices=FlagStatus.choices)
    note = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]


class SecondLookKind(models.TextChoices):
    SEVERITY = "severity", "Severity assessment"
    CASE_TO_ANSWER = "case_to_answer", "Case-to-answer decision"


class SecondLookOutcome(models.TextChoices):
    CONFIRMED = "confirmed", "Decision confirmed"
    CHANGED = "changed", "Decision changed"
    ESCALATED = "escalated", "Referred to a senior decision maker"


@pghistory.track(*_trackers())
class SecondLook(models.Model):
    """Special measure: a decision made where an active FLAG covers the subject's group and stage."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subject = models.ForeignKey("cases.CaseSubject", on_delete=models.CASCADE, related_name="second_looks")
    kind = models.CharField(max_length=16, choices=SecondLookKind.choices)
    flag = models.ForeignKey(DisparityFlag, on_delete=models.PROTECT, related_name="second_looks")
    decision_summary = models.CharField(max_length=200)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    prompted_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=16, choices=SecondLookOutcome.choices, blank=True, default="")
    note = models.TextField(blank=True, default="")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-prompted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "kind", "flag"],
                condition=models.Q(outcome=""),
                name="oversight_one_pending_second_look",
            )
        ]


class Reg19Reading(models.Model):
    """An oversight reader has read a 12-month report: it leaves their home page's list of reports
    to read (one row per reader and report; reading again changes nothing)."""

    report = models.ForeignKey("cases.Reg19Report", on_delete=models.CASCADE, related_name="readings")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "reader"], name="reg19_reading_once")]
