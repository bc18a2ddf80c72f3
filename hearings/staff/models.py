"""Records of the police staff misconduct procedure that the shared proceeding rows do not hold.

The hearing itself is a hearings.Proceeding (forum "staff_hearing"), its finding and outcome a
ProceedingOutcome (the outcome letter is its notice), an appeal a hearings.Appeal: reports and
statistics see staff matters with everyone else's. What is the procedure's own (the decision to
refer, the hearing manager, the invitation and companion, the appeal manager, the policy version
applied) is here.
"""

import uuid

import pghistory
from django.conf import settings
from django.db import models


def _trackers():
    return (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())


class StaffDecisionKind(models.TextChoices):
    HEARING = "hearing", "Refer to a disciplinary hearing before a manager"
    MANAGEMENT_ACTION = "management_action", "No hearing: management action by the line manager"
    NO_CASE = "no_case", "No case to answer: no further action"


class CompanionKind(models.TextChoices):
    TRADE_UNION = "trade_union_representative", "Trade union representative"
    COLLEAGUE = "work_colleague", "Work colleague"
    NONE = "none", "Not accompanied"


@pghistory.track(*_trackers())
class StaffDecision(models.Model):
    """After the investigation: does the member of staff go to a disciplinary hearing?"""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subject = models.ForeignKey("cases.CaseSubject", on_delete=models.CASCADE, related_name="staff_decisions")
    decision = models.CharField(max_length=24, choices=StaffDecisionKind.choices)
    reasons = models.TextField()
    decided_on = models.DateField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rule_version = models.ForeignKey(
        "law.RuleVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


@pghistory.track(*_trackers())
class StaffHearing(models.Model):
    """The disciplinary hearing before a manager: who hears it, the invitation (notice of the
    hearing, sent at least the policy's working days before) and the companion."""

    proceeding = models.OneToOneField("hearings.Proceeding", on_delete=models.CASCADE, related_name="staff_hearing")
    hearing_manager = models.CharField(max_length=200)
    invitation_sent_on = models.DateField()
    invitation_method = models.CharField(max_length=24)
    earliest_hearing_on = models.DateField(help_text="The invitation's date plus the policy's notice period")
    companion_kind = models.CharField(max_length=32, choices=CompanionKind.choices)
    companion_name = models.CharField(max_length=200, blank=True, default="")
    invitation_pdf = models.BinaryField(editable=False)
    invitation_sha256 = models.CharField(max_length=64)
    arranged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rule_version = models.ForeignKey(
        "law.RuleVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)


@pghistory.track(*_trackers())
class StaffAppeal(models.Model):
    """An appeal to a more senior manager: who hears it, and whether it was in time."""

    appeal = models.OneToOneField("hearings.Appeal", on_delete=models.CASCADE, related_name="staff_appeal")
    appeal_manager = models.CharField(max_length=200)
    due_by = models.DateField(help_text="Last day to appeal under the policy")
    late_reasons = models.TextField(blank=True, default="", help_text="Why a late appeal was accepted")
    rule_version = models.ForeignKey(
        "law.RuleVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
