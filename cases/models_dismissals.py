"""Records of SI 2025/558 (dismissals reform) on a conduct subject: a criminal conviction (an
indictable-only one is gross misconduct by definition), a referral under the Police (Vetting)
Regulations 2025 made at severity assessment (new reg 14(2)(aa)), and the forum decision for a
former officer (presumed accelerated hearing). Each stores the rule version it applied."""

import uuid

import pghistory
from django.conf import settings
from django.db import models


def _trackers():
    return (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())


def _rule_version():
    return models.ForeignKey("law.RuleVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+")


@pghistory.track(*_trackers())
class Conviction(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subject = models.ForeignKey("cases.CaseSubject", on_delete=models.CASCADE, related_name="convictions")
    offence = models.CharField(max_length=200)
    indictable_only = models.BooleanField(
        help_text="Triable only on indictment (if committed by an adult): SI 2025/558 reg 6(3), new reg 2(2A)"
    )
    convicted_on = models.DateField()
    court = models.CharField(max_length=200, blank=True, default="")
    rule_version = _rule_version()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-convicted_on"]


class VettingReferralStatus(models.TextChoices):
    AWAITING = "awaiting_vetting_authority", "Awaiting the vetting authority"
    STARTED = "started", "Vetting withdrawal case started"


@pghistory.track(*_trackers())
class VettingReferral(models.Model):
    """Severity assessment outcome (new reg 14(2)(aa)): the matter is dealt with under the Police
    (Vetting) Regulations 2025; the conduct matter for this subject is finalised."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subject = models.ForeignKey("cases.CaseSubject", on_delete=models.CASCADE, related_name="vetting_referrals")
    reason = models.TextField()
    referred_on = models.DateField()
    status = models.CharField(
        max_length=32, choices=VettingReferralStatus.choices, default=VettingReferralStatus.AWAITING
    )
    vetting_reference = models.CharField(
        max_length=120, blank=True, default="", help_text="The vetting case it started"
    )
    rule_version = _rule_version()
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


class FormerOfficerRoute(models.TextChoices):
    ACCELERATED = "accelerated", "Accelerated hearing (the presumption)"
    OPTED_OUT = "opted_out", "The former officer opted out: misconduct hearing"
    AUTHORITY_OTHERWISE = "authority_otherwise", "The appropriate authority decided otherwise: misconduct hearing"


@pghistory.track(*_trackers())
class FormerOfficerForum(models.Model):
    """For a former officer (left while under investigation): which forum, and why, recorded with
    the case-to-answer decision."""

    subject = models.ForeignKey("cases.CaseSubject", on_delete=models.CASCADE, related_name="former_officer_forums")
    route = models.CharField(max_length=24, choices=FormerOfficerRoute.choices)
    reasons = models.TextField(blank=True, default="")
    decided_on = models.DateField()
    rule_version = _rule_version()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
