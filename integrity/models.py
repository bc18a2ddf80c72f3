"""The integrity registers: what a member of the workforce declares about themselves, and the
approver's decision with reasons. Categories of business interest and kinds of change of
circumstances are data (an administrator edits them, with history), seeded by a migration."""

import uuid
from datetime import timedelta

import pghistory
from django.conf import settings
from django.db import models

from .choices import (
    AssociationDecision,
    BusinessDecision,
    ChangeDecision,
    EntryStatus,
    GiftDecision,
    Relationship,
    ReviewAnswer,
    RiskLevel,
)

REVIEW_INTERVAL = timedelta(days=365)
# the declarer may answer the annual review from this long before its date (and any time after)
REVIEW_ANSWER_WINDOW = timedelta(days=30)


def _trackers():
    return (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())


@pghistory.track(*_trackers())
class BusinessInterestCategory(models.Model):
    code = models.SlugField(max_length=40, primary_key=True)
    label = models.CharField(max_length=120)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "label"]
        verbose_name_plural = "business interest categories"

    def __str__(self):
        return self.label


@pghistory.track(*_trackers())
class CircumstanceKind(models.Model):
    """A kind of change the vetting duty to notify covers; ``theme`` is the counter-corruption
    theme code an entry of this kind counts towards on an integrity history ('' for none)."""

    code = models.SlugField(max_length=40, primary_key=True)
    label = models.CharField(max_length=120)
    theme = models.CharField(max_length=40, blank=True, default="")
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "label"]

    def __str__(self):
        return self.label


class RegisterEntry(models.Model):
    """What every register entry has: the declarer, when, and the decision with its reasons."""

    PREFIX = "REG"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("workforce.Person", on_delete=models.PROTECT, related_name="%(class)s_entries")
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    declared_on = models.DateField()
    status = models.CharField(max_length=12, choices=EntryStatus.choices, default=EntryStatus.AWAITING)
    decision = models.CharField(max_length=20, blank=True, default="")
    decision_reasons = models.TextField(blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    DECISIONS: type[models.TextChoices] = BusinessDecision

    class Meta:
        abstract = True
        ordering = ["-declared_on", "-id"]

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        return f"{self.PREFIX}-{self.public_id.hex[:8].upper()}"

    @property
    def decision_label(self) -> str:
        return self.DECISIONS(self.decision).label if self.decision in self.DECISIONS.values else ""

    @property
    def status_label(self) -> str:
        """The status a reader needs: the decision once made."""
        if self.status == EntryStatus.DECIDED:
            return self.decision_label
        return self.get_status_display()


@pghistory.track(*_trackers())
class BusinessInterest(RegisterEntry):
    PREFIX = "BI"
    DECISIONS = BusinessDecision

    category = models.ForeignKey(BusinessInterestCategory, on_delete=models.PROTECT, related_name="+")
    business_name = models.CharField(max_length=200)
    business_address = models.CharField(max_length=300, blank=True, default="")
    activity = models.TextField()
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1)
    payment = models.CharField(max_length=200, blank=True, default="")
    conflict_statement = models.TextField()
    conditions = models.TextField(blank=True, default="")
    review_on = models.DateField(null=True, blank=True)
    # the declarer's answer to the annual review; review_answered_for is the review_on it answers,
    # so the next year's review (a new review_on) needs a new answer
    review_answer = models.CharField(max_length=12, choices=ReviewAnswer.choices, blank=True, default="")
    review_answer_detail = models.TextField(blank=True, default="")
    review_answered_on = models.DateField(null=True, blank=True)
    review_answered_for = models.DateField(null=True, blank=True)

    class Meta(RegisterEntry.Meta):
        indexes = [models.Index(fields=["status", "review_on"]), models.Index(fields=["status", "declared_on"])]

    @property
    def review_answered(self) -> bool:
        """The declarer has answered the current annual review."""
        return bool(self.review_on and self.review_answered_for == self.review_on)


@pghistory.track(*_trackers())
class NotifiableAssociation(RegisterEntry):
    PREFIX = "NA"
    DECISIONS = AssociationDecision

    associate_name = models.CharField(max_length=200)
    associate_date_of_birth = models.DateField(null=True, blank=True)
    associate_address = models.CharField(max_length=300, blank=True, default="")
    relationship = models.CharField(max_length=12, choices=Relationship.choices)
    how_known = models.TextField()
    their_record = models.TextField()
    risk_level = models.CharField(max_length=8, choices=RiskLevel.choices, blank=True, default="")
    risk_assessment = models.TextField(blank=True, default="")

    class Meta(RegisterEntry.Meta):
        indexes = [models.Index(fields=["status", "declared_on"])]


@pghistory.track(*_trackers())
class GiftHospitality(RegisterEntry):
    PREFIX = "GH"
    DECISIONS = GiftDecision

    offered_by = models.CharField(max_length=200)
    description = models.TextField()
    estimated_value = models.DecimalField(max_digits=9, decimal_places=2)
    offered_on = models.DateField()
    accepted = models.BooleanField()
    reason = models.TextField()

    class Meta(RegisterEntry.Meta):
        verbose_name = "gift or hospitality"
        verbose_name_plural = "gifts and hospitality"
        indexes = [models.Index(fields=["status", "declared_on"])]


@pghistory.track(*_trackers())
class CircumstanceChange(RegisterEntry):
    PREFIX = "CC"
    DECISIONS = ChangeDecision

    kind = models.ForeignKey(CircumstanceKind, on_delete=models.PROTECT, related_name="+")
    details = models.TextField()
    changed_on = models.DateField()
    vetting_referral_on = models.DateField(null=True, blank=True)

    class Meta(RegisterEntry.Meta):
        verbose_name = "change of circumstances"
        verbose_name_plural = "changes of circumstances"
        indexes = [models.Index(fields=["status", "declared_on"])]


@pghistory.track(*_trackers())
class ReviewReminder(models.Model):
    """One reminder per annual review of a business interest: the unique key is what makes the
    reminder go once, however often the job runs."""

    interest = models.ForeignKey(BusinessInterest, on_delete=models.CASCADE, related_name="reminders")
    review_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["interest", "review_on"], name="integrity_one_reminder_per_review")
        ]
