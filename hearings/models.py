import uuid

import pghistory
from django.conf import settings
from django.db import models

from cases.choices import Forum

from .choices import (
    AppealBody,
    AppealResult,
    Appellant,
    Finding,
    ListKind,
    NoticeMethod,
    Outcome,
    ProceedingStatus,
    RuleCondition,
)


def _trackers():
    return (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())


@pghistory.track(*_trackers())
class OutcomeRule(models.Model):
    """The reg 42 table, as data: which outcomes a forum may give for a finding.

    An amendment to the regulations is a change to these rows (with history), not to code.
    `forum` empty means any forum.
    """

    forum = models.CharField(max_length=24, choices=Forum.choices, blank=True, default="")
    finding = models.CharField(max_length=40, choices=Finding.choices)
    outcome = models.CharField(max_length=40, choices=Outcome.choices)
    condition = models.CharField(max_length=24, choices=RuleCondition.choices, blank=True, default="")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["forum", "finding", "outcome"]
        constraints = [models.UniqueConstraint(fields=["forum", "finding", "outcome"], name="outcome_rule_unique")]

    def __str__(self):
        return f"{self.forum or 'any'}: {self.finding} -> {self.outcome}"


@pghistory.track(*_trackers())
class WarningPeriod(models.Model):
    """How long a warning stays live (data: the periods change with amendments)."""

    outcome = models.CharField(max_length=40, choices=Outcome.choices, primary_key=True)
    months = models.PositiveSmallIntegerField()


@pghistory.track(*_trackers())
class PanelRole(models.Model):
    """Roles on a panel (e.g. chair, independent panel member), as data (SI 2024/521 and after)."""

    code = models.SlugField(max_length=40, primary_key=True)
    label = models.CharField(max_length=100)
    forums = models.CharField(max_length=100, help_text="Comma-separated forums the role sits on")
    required = models.BooleanField(default=False)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.label


@pghistory.track(*_trackers())
class Proceeding(models.Model):
    """A misconduct meeting, hearing or accelerated hearing for one subject."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subject = models.ForeignKey("cases.CaseSubject", on_delete=models.CASCADE, related_name="proceedings")
    forum = models.CharField(max_length=24, choices=Forum.choices)
    status = models.CharField(max_length=16, choices=ProceedingStatus.choices, default=ProceedingStatus.SCHEDULED)
    scheduled_for = models.DateField(null=True, blank=True)
    scheduled_time = models.TimeField(null=True, blank=True)
    venue = models.CharField(max_length=200, blank=True, default="")
    several_unconnected_matters = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


@pghistory.track(*_trackers())
class PanelMember(models.Model):
    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="panel")
    role = models.ForeignKey(PanelRole, on_delete=models.PROTECT)
    name = models.CharField(max_length=200)


@pghistory.track(*_trackers())
class ProceedingOutcome(models.Model):
    """The finding and outcome; the written outcome notice (with appeal rights) and its service."""

    proceeding = models.OneToOneField(Proceeding, on_delete=models.CASCADE, related_name="outcome")
    finding = models.CharField(max_length=40, choices=Finding.choices)
    outcome = models.CharField(max_length=40, choices=Outcome.choices)
    reasons = models.TextField()
    # SI 2025/558: gross misconduct found, anything short of dismissal needs exceptional circumstances
    exceptional_circumstances = models.TextField(blank=True, default="", db_default="")
    rule_version = models.ForeignKey(
        "law.RuleVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField()
    notice_due_on = models.DateField(help_text="Outcome notified within 5 working days, with appeal rights")
    notice_given_on = models.DateField(null=True, blank=True)
    notice_deemed_served_on = models.DateField(null=True, blank=True, help_text="E-mail: the deemed day")
    appeal_due_on = models.DateField(null=True, blank=True, help_text="Appeal window from (deemed) service")
    # db_default too: rows inserted in SQL (the simulator, imports) need no value
    notice_method = models.CharField(max_length=24, choices=NoticeMethod.choices, blank=True, default="", db_default="")
    notice_pdf = models.BinaryField(editable=False, default=b"", db_default=b"")
    notice_sha256 = models.CharField(max_length=64, blank=True, default="", db_default="")
    notice_given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    warning_expires_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", help_text="Empty when imported"
    )


@pghistory.track(*_trackers())
class Appeal(models.Model):
    subject = models.ForeignKey("cases.CaseSubject", on_delete=models.CASCADE, related_name="appeals")
    body = models.CharField(max_length=16, choices=AppealBody.choices)
    appellant = models.CharField(
        max_length=24, choices=Appellant.choices, default=Appellant.SUBJECT, db_default=Appellant.SUBJECT
    )
    rule_version = models.ForeignKey(
        "law.RuleVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lodged_on = models.DateField()
    grounds = models.TextField()
    result = models.CharField(max_length=16, choices=AppealResult.choices, blank=True, default="")
    decided_on = models.DateField(null=True, blank=True)
    result_reasons = models.TextField(blank=True, default="")


@pghistory.track(*_trackers())
class ListReferral(models.Model):
    """Referral to the College of Policing barred list or advisory list."""

    subject = models.ForeignKey("cases.CaseSubject", on_delete=models.CASCADE, related_name="list_referrals")
    kind = models.CharField(max_length=16, choices=ListKind.choices)
    reason = models.TextField()
    referred_on = models.DateField()
    review_due_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subject", "kind"], name="list_referral_unique")]


# Hearing panels (SI 2024/521) live in their own module; imported here so Django registers them.
from .panel_models import HearingPanel, PanelAdvice, PanelSeat, PanelVote  # noqa: E402, F401

# The police staff misconduct procedure's own records (force policy; hearings/staff/).
from .staff.models import StaffAppeal, StaffDecision, StaffHearing  # noqa: E402, F401
