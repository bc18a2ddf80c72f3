"""Hearing panels (Police (Conduct) Regulations 2020 reg 28, as amended by SI 2024/521 from 7 May 2024).

A panel belongs to one proceeding (a hearing or accelerated hearing). Its members (seats) record who
they are, the basis on which they sit (the chair's delegation), who appointed them and when, and
their conflict check. The legally qualified adviser's advice and each member's vote on the finding
and outcome are kept, so the decision shows its majority. Which composition rules the panel was held
against is the rule version it stores (law.RuleVersion "hearing_panel")."""

import uuid

import pghistory
from django.conf import settings
from django.db import models

from .choices import Finding, Outcome


def _trackers():
    return (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())


class SeatRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    INDEPENDENT_MEMBER = "independent_member", "Independent panel member"
    POLICE_MEMBER = "police_member", "Police member"
    LEGALLY_QUALIFIED_ADVISER = "legally_qualified_adviser", "Legally qualified person (adviser)"


class ChairBasis(models.TextChoices):
    CHIEF_OFFICER = "chief_officer", "The chief officer"
    SENIOR_OFFICER = (
        "senior_officer",
        "Delegate: a senior officer (assistant chief constable or above; Met commander or above)",
    )
    FORMER_SENIOR_OFFICER = "former_senior_officer", "Delegate: a former senior officer who left within 5 years"
    POLICE_STAFF = "police_staff", "Delegate: police staff of a similar level of seniority to a senior officer"
    OTHER_FORCE_SENIOR_OFFICER = "other_force_senior_officer", "A more senior officer from another force"
    HM_INSPECTOR = "hm_inspector", "HM Chief Inspector of Constabulary or an HM Inspector"
    LEGALLY_QUALIFIED_CHAIR = "legally_qualified_chair", "Legally qualified chair (2020 rules)"


class PanelStatus(models.TextChoices):
    DRAFT = "draft", "Being put together"
    COMPLETE = "complete", "Complete: checked against the rules"


@pghistory.track(*_trackers())
class HearingPanel(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    proceeding = models.OneToOneField("hearings.Proceeding", on_delete=models.CASCADE, related_name="hearing_panel")
    rule_version = models.ForeignKey(
        "law.RuleVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referred_on = models.DateField(
        help_text="Date written notice of the referral to the hearing was given (reg 30(1) or 51(1)): decides the rules"
    )
    operational_policing = models.BooleanField(
        default=False, help_text="The case substantially involves operational policing matters"
    )
    certified_by = models.CharField(
        max_length=200, blank=True, default="", help_text="Who certified the case for an accelerated hearing (reg 49)"
    )
    certified_on = models.DateField(null=True, blank=True)
    delegated_by = models.CharField(max_length=200, blank=True, default="", help_text="The chief officer who delegated")
    delegated_on = models.DateField(null=True, blank=True)
    delegation_reasons = models.TextField(blank=True, default="")
    status = models.CharField(max_length=12, choices=PanelStatus.choices, default=PanelStatus.DRAFT)
    completed_on = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Panel for {self.proceeding_id}"


@pghistory.track(*_trackers())
class PanelSeat(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    panel = models.ForeignKey(HearingPanel, on_delete=models.CASCADE, related_name="seats")
    role = models.CharField(max_length=32, choices=SeatRole.choices)
    name = models.CharField(max_length=200)
    chair_basis = models.CharField(max_length=32, choices=ChairBasis.choices, blank=True, default="")
    rank = models.CharField(max_length=20, blank=True, default="", help_text="Rank or grade, e.g. ACC, COMMANDER, G")
    force = models.CharField(max_length=200, blank=True, default="", help_text="Force or body they serve with")
    left_senior_service_on = models.DateField(
        null=True, blank=True, help_text="Former senior officers: when they last served as a senior officer"
    )
    qualified = models.BooleanField(
        default=False, help_text="Independent member with relevant qualifications or experience"
    )
    qualification = models.CharField(max_length=300, blank=True, default="")
    appointed_by = models.CharField(max_length=200)
    appointed_on = models.DateField()
    conflict_declared_on = models.DateField(null=True, blank=True)
    conflict_declared = models.BooleanField(default=False, help_text="They declared a conflict of interest")
    conflict_details = models.TextField(blank=True, default="")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"

    @property
    def is_voting(self) -> bool:
        return self.role != SeatRole.LEGALLY_QUALIFIED_ADVISER


@pghistory.track(*_trackers())
class PanelAdvice(models.Model):
    """Advice from the legally qualified person: the panel must have regard to it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    panel = models.ForeignKey(HearingPanel, on_delete=models.CASCADE, related_name="advice")
    adviser = models.ForeignKey(PanelSeat, on_delete=models.PROTECT, related_name="+")
    given_on = models.DateField()
    advice = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["given_on", "id"]


@pghistory.track(*_trackers())
class PanelVote(models.Model):
    """One member's vote on the finding and on the outcome of a decision."""

    outcome = models.ForeignKey("hearings.ProceedingOutcome", on_delete=models.CASCADE, related_name="votes")
    seat = models.ForeignKey(PanelSeat, on_delete=models.PROTECT, related_name="votes")
    finding = models.CharField(max_length=40, choices=Finding.choices)
    outcome_vote = models.CharField(max_length=40, choices=Outcome.choices)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["outcome", "seat"], name="panel_vote_once")]
