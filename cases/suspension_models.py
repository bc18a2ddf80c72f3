"""Suspension and restricted duties as decisions with reasons (reg 11 as first made; regs 11, 11B
and 11C as the 2026 amendments substitute and insert them). See cases/suspension.py for the
rules and docs/law/suspension.md for what was decided where the law left a choice.

Imported at the end of cases/models.py so Django finds the models; the subject's `suspended` and
`restricted_duties` booleans stay as the derived current state, kept by cases.suspension.
"""

import uuid

import pghistory
from django.conf import settings
from django.db import models


def _trackers():
    return (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())


class OffenceGroup(models.TextChoices):
    SEXUAL = "sexual", "Sexual offence"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse-related offence"
    OTHER = "other", "Other listed offence"


@pghistory.track(*_trackers())
class ListedOffence(models.Model):
    """An offence listed for suspension (Schedule 3 to the 2026 amending Regulations; the 2024
    automatic suspension policy before them): reference data an administrator edits, with history.

    `on_arrest`: an arrest for it means suspension unless exceptional circumstances (reg 11C).
    `on_charge`: a charge for it means suspension (mandatory under the 2026 rules; the 2024 policy's
    presumption before them).
    """

    code = models.SlugField(max_length=60, primary_key=True)
    label = models.CharField(max_length=200)
    group = models.CharField(max_length=20, choices=OffenceGroup.choices)
    on_arrest = models.BooleanField(default=True, help_text="Arrest: suspension unless exceptional (reg 11C)")
    on_charge = models.BooleanField(default=True, help_text="Charge: suspension")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["group", "label"]

    def __str__(self):
        return self.label


class CriminalEventKind(models.TextChoices):
    INVESTIGATION = "criminal_investigation", "Criminal investigation"
    ARREST = "arrest", "Arrest"
    CHARGE = "charge", "Charge"


@pghistory.track(*_trackers())
class CriminalProceedingEvent(models.Model):
    """A fact that calls for a suspension decision: a criminal investigation of the subject, an
    arrest or a charge, with the offence (a listed one where it is) and when the appropriate
    authority learnt of it (the 3-working-day clock of reg 11B runs from then at the earliest)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subject = models.ForeignKey("cases.CaseSubject", on_delete=models.CASCADE, related_name="criminal_events")
    kind = models.CharField(max_length=24, choices=CriminalEventKind.choices)
    offence = models.ForeignKey(ListedOffence, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    offence_description = models.CharField(max_length=300, blank=True, default="")
    occurred_on = models.DateField(help_text="Date of the arrest, charge, or start of the criminal investigation")
    known_on = models.DateField(help_text="When the appropriate authority learnt of it")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-known_on", "-id"]

    def __str__(self):
        what = self.offence.label if self.offence else (self.offence_description or "unlisted offence")
        return f"{self.get_kind_display()} ({what}) {self.occurred_on:%d %b %Y}"


class SuspensionOutcome(models.TextChoices):
    SUSPEND = "suspend", "Suspend"
    RESTRICTED_DUTIES = "restricted_duties", "Restricted duties"
    NEITHER = "neither", "Neither: remain on full duties"


@pghistory.track(*_trackers())
class SuspensionDecision(models.Model):
    """One decision whether to suspend a subject (or place them on restricted duties), with the
    reasons, the grounds found, the facts that prompted it and the rules applied. A suspension or
    restriction stands until it is lifted (`ended_on`) or replaced by a review's conversion."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subject = models.ForeignKey("cases.CaseSubject", on_delete=models.CASCADE, related_name="suspension_decisions")
    outcome = models.CharField(max_length=20, choices=SuspensionOutcome.choices)
    investigation_prejudiced = models.BooleanField(
        default=False, help_text="The effective investigation may be prejudiced unless the officer is suspended"
    )
    public_interest = models.BooleanField(default=False, help_text="The public interest requires suspension")
    restricted_duties_considered = models.TextField(
        blank=True, default="", help_text="Why restricted duties (redeployment) would or would not do"
    )
    exceptional_circumstances = models.TextField(
        blank=True, default="", help_text="Why a presumption of suspension does not apply (reg 11C; 2024 policy)"
    )
    reasons = models.TextField()
    decided_on = models.DateField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    trigger = models.ForeignKey(
        CriminalProceedingEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    due_on = models.DateField(null=True, blank=True, help_text="When the decision was due (reg 11B), if a clock ran")
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="The decision it replaced"
    )
    ended_on = models.DateField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    end_reason = models.TextField(blank=True, default="")
    rule_version = models.ForeignKey(
        "law.RuleVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        constraints = [
            # at most one suspension or restriction stands for a subject at a time
            models.UniqueConstraint(
                fields=["subject"],
                condition=models.Q(ended_on__isnull=True) & ~models.Q(outcome="neither"),
                name="one_standing_suspension_per_subject",
            )
        ]

    @property
    def is_standing(self) -> bool:
        return self.outcome != SuspensionOutcome.NEITHER and self.ended_on is None

    @property
    def late_by(self) -> int:
        """Working days after the due date the decision was made (0 when on time or no clock)."""
        from core.working_days import working_days_between

        if not self.due_on or self.decided_on <= self.due_on:
            return 0
        return working_days_between(self.due_on, self.decided_on)


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", "Continue the suspension"
    LIFT = "lift", "Lift the suspension"
    CONVERT = "convert", "Convert to restricted duties"


@pghistory.track(*_trackers())
class SuspensionReview(models.Model):
    """A review of a standing suspension (every 4 weeks under reg 11 as first made; every 12 weeks
    under the 2026 rules): continue, lift, or convert to restricted duties, with reasons."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    decision = models.ForeignKey(SuspensionDecision, on_delete=models.CASCADE, related_name="reviews")
    due_on = models.DateField()
    reviewed_on = models.DateField()
    outcome = models.CharField(max_length=12, choices=ReviewOutcome.choices)
    reasons = models.TextField()
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    resulting_decision = models.OneToOneField(
        SuspensionDecision, null=True, blank=True, on_delete=models.PROTECT, related_name="from_review"
    )
    rule_version = models.ForeignKey(
        "law.RuleVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]

    @property
    def was_late(self) -> bool:
        return self.reviewed_on > self.due_on
