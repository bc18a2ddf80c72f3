"""Vetting withdrawal under the Police (Vetting) Regulations 2025 (SI 2025/502): a case type of its
own beside conduct. From the information that reached the vetting authority, through the severity
assessment, the assessor's interview and the decision, to dismissal without notice and the appeals.

The stage lives on `WithdrawalCase` (django-fsm-2, protected field) and moves only through
vetting.withdrawal_services, whose step helper locks the row, writes history with the actor and the
reason (pghistory context) and a `WithdrawalEvent` timeline entry. See docs/law/vetting-withdrawal.md.
"""

import uuid

import pghistory
from django.conf import settings
from django.db import models
from django_fsm import FSMField, FSMModelMixin, transition

__all__ = [
    "WithdrawalStage",
    "InformationSource",
    "DeclarationStatus",
    "SeverityOutcome",
    "WithdrawalOutcome",
    "SuspensionDecision",
    "AppealLevel",
    "AppealResult",
    "LeavingKind",
    "HarmGround",
    "WithdrawalCase",
    "WithdrawalEvent",
    "WithdrawalSuspension",
    "WithheldMaterial",
    "WithdrawalNotice",
    "WithdrawalAppeal",
    "OPEN_WITHDRAWAL_STAGES",
]


def _trackers():
    return (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())


class WithdrawalStage(models.TextChoices):
    RECEIVED = "received", "Information received"
    DUTY_RECORDED = "duty_recorded", "Duty to notify recorded"
    ASSESSMENT_REQUIRED = "assessment_required", "Withdrawal assessment required"
    ASSESSOR_APPOINTED = "assessor_appointed", "Assessor appointed"
    INTERVIEWED = "interviewed", "Interviewed"
    WITHDRAWN = "withdrawn", "Clearance withdrawn"
    DISMISSED = "dismissed", "Dismissed without notice"
    INTERNAL_APPEAL = "internal_appeal", "Appeal to the internal panel"
    APPEAL_DISMISSED = "appeal_dismissed", "Internal appeal dismissed"
    TRIBUNAL_APPEAL = "tribunal_appeal", "Appeal to the Police Appeals Tribunal"
    CLOSED = "closed", "Closed"


OPEN_WITHDRAWAL_STAGES = [s for s in WithdrawalStage.values if s != WithdrawalStage.CLOSED]


class InformationSource(models.TextChoices):
    SCREENING_HIT = "screening_hit", "Workforce screening (PND) hit"
    CONDUCT_MATTER = "conduct_matter", "Conduct matter"
    DECLARATION = "declaration", "The officer's own declaration (duty to notify)"
    INTELLIGENCE = "intelligence", "Intelligence"
    OTHER = "other", "Other"


class DeclarationStatus(models.TextChoices):
    DECLARED = "declared", "The officer notified the vetting authority promptly"
    DECLARED_LATE = "declared_late", "The officer notified, but not promptly"
    NOT_DECLARED = "not_declared", "The officer did not notify"
    NOT_APPLICABLE = "not_applicable", "Not a matter the officer could have notified"


class SeverityOutcome(models.TextChoices):
    WITHDRAWAL_ASSESSMENT = "withdrawal_assessment", "Could reasonably result in withdrawal: withdrawal assessment"
    NO_ASSESSMENT = "no_assessment", "Could not reasonably result in withdrawal: no withdrawal assessment"


class WithdrawalOutcome(models.TextChoices):
    WITHDRAW = "withdraw", "Withdraw the vetting clearance"
    RETAIN = "retain", "Do not withdraw: the clearance stands"


class SuspensionDecision(models.TextChoices):
    SUSPEND = "suspend", "Suspend the officer"
    NOT_SUSPEND = "not_suspend", "Do not suspend"
    END = "end", "End the suspension"


class AppealLevel(models.TextChoices):
    INTERNAL = "internal", "Internal appeal panel"
    TRIBUNAL = "tribunal", "Police Appeals Tribunal"


class AppealResult(models.TextChoices):
    DISMISSED = "dismissed", "Appeal dismissed: the withdrawal and dismissal stand"
    ALLOWED = "allowed", "Appeal allowed: clearance reinstated"


class LeavingKind(models.TextChoices):
    RESIGNED = "resigned", "Resigned"
    RETIRED = "retired", "Retired"


class HarmGround(models.TextChoices):
    PREVENTION_OF_CRIME = "crime", "Prevention or detection of crime, or apprehension or prosecution of offenders"
    NATIONAL_SECURITY = "national_security", "National security"
    THIRD_PARTY = "third_party", "Protection of a third party (safety or interests)"
    PROPORTIONATE = "other_proportionate", "Otherwise necessary and proportionate in the public interest"


@pghistory.track(*_trackers())
class WithdrawalCase(FSMModelMixin, models.Model):
    """One officer's vetting withdrawal matter, from the information to the last appeal."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    person = models.ForeignKey("workforce.Person", on_delete=models.PROTECT, related_name="vetting_withdrawals")
    stage = FSMField(max_length=24, choices=WithdrawalStage.choices, default=WithdrawalStage.RECEIVED, protected=True)
    rule_version = models.ForeignKey(
        "law.RuleVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # 1. the information and its source
    source = models.CharField(max_length=20, choices=InformationSource.choices)
    source_hit = models.ForeignKey(
        "vetting.ScreeningHit", null=True, blank=True, on_delete=models.PROTECT, related_name="withdrawals"
    )
    source_case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The conduct matter the information came from",
    )  # fmt: skip
    information_received_on = models.DateField(help_text="When the information reached the vetting authority")
    information = models.TextField()
    # 2. the duty to hold clearance and notify (reg 5)
    declaration = models.CharField(max_length=16, choices=DeclarationStatus.choices, blank=True, default="")
    declared_on = models.DateField(null=True, blank=True)
    declaration_note = models.TextField(blank=True, default="")
    # 4. severity assessment and assessor (regs 15, 16)
    severity_outcome = models.CharField(max_length=24, choices=SeverityOutcome.choices, blank=True, default="")
    severity_assessed_on = models.DateField(null=True, blank=True)
    severity_reasons = models.TextField(blank=True, default="")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assessor_appointed_on = models.DateField(null=True, blank=True)
    interview_planned_on = models.DateField(null=True, blank=True)
    # 5. interview
    interview_on = models.DateField(null=True, blank=True)
    police_friend = models.CharField(max_length=200, blank=True, default="")
    lawyer = models.CharField(max_length=200, blank=True, default="")
    interview_summary = models.TextField(blank=True, default="")
    # 6. decision
    outcome = models.CharField(max_length=12, choices=WithdrawalOutcome.choices, blank=True, default="")
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reasons = models.TextField(blank=True, default="")
    clearance = models.ForeignKey(
        "vetting.Clearance", null=True, blank=True, on_delete=models.PROTECT, related_name="withdrawal_cases",
        help_text="The clearance withdrawn by this case",
    )  # fmt: skip
    # 7. dismissal
    dismissed_on = models.DateField(null=True, blank=True)
    # resignation or retirement during the process
    left_on = models.DateField(null=True, blank=True)
    left_how = models.CharField(max_length=10, choices=LeavingKind.choices, blank=True, default="")
    advisory_list_referred_on = models.DateField(null=True, blank=True)

    suspended = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-information_received_on", "-id"]
        indexes = [models.Index(fields=["stage"])]
        constraints = [
            # one open withdrawal per officer: new information joins the open case
            models.UniqueConstraint(
                fields=["person"], condition=~models.Q(stage="closed"), name="vetting_one_open_withdrawal"
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.stage != WithdrawalStage.CLOSED

    # Lifecycle: called only from vetting.withdrawal_services (inside its step helper).
    S = WithdrawalStage

    @transition(field=stage, source=S.RECEIVED, target=S.DUTY_RECORDED)
    def record_duty(self):
        pass

    @transition(field=stage, source=S.DUTY_RECORDED, target=S.ASSESSMENT_REQUIRED)
    def require_assessment(self):
        pass

    @transition(field=stage, source=S.ASSESSMENT_REQUIRED, target=S.ASSESSOR_APPOINTED)
    def appoint_assessor(self):
        pass

    @transition(field=stage, source=S.ASSESSOR_APPOINTED, target=S.INTERVIEWED)
    def interview(self):
        pass

    @transition(field=stage, source=S.INTERVIEWED, target=S.WITHDRAWN)
    def withdraw(self):
        pass

    @transition(field=stage, source=S.WITHDRAWN, target=S.DISMISSED)
    def dismiss(self):
        pass

    @transition(field=stage, source=S.DISMISSED, target=S.INTERNAL_APPEAL)
    def appeal_internal(self):
        pass

    @transition(field=stage, source=S.INTERNAL_APPEAL, target=S.APPEAL_DISMISSED)
    def internal_appeal_dismissed(self):
        pass

    @transition(field=stage, source=S.APPEAL_DISMISSED, target=S.TRIBUNAL_APPEAL)
    def appeal_tribunal(self):
        pass

    @transition(
        field=stage,
        source=[S.DUTY_RECORDED, S.INTERVIEWED, S.INTERNAL_APPEAL, S.TRIBUNAL_APPEAL, S.APPEAL_DISMISSED,
                S.DISMISSED, S.WITHDRAWN],
        target=S.CLOSED,
    )  # fmt: skip
    def close(self):
        """No withdrawal assessment, a decision not to withdraw, an appeal decided, or the time for
        appealing passed."""


class WithdrawalEvent(models.Model):
    """The case timeline: every step, who took it and why."""

    case = models.ForeignKey(WithdrawalCase, on_delete=models.CASCADE, related_name="timeline")
    event = models.CharField(max_length=40)
    title = models.CharField(max_length=120)
    from_stage = models.CharField(max_length=24, blank=True, default="")
    to_stage = models.CharField(max_length=24, blank=True, default="")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    @property
    def from_label(self) -> str:
        return WithdrawalStage(self.from_stage).label if self.from_stage else ""

    @property
    def to_label(self) -> str:
        return WithdrawalStage(self.to_stage).label if self.to_stage else ""


@pghistory.track(*_trackers())
class WithdrawalSuspension(models.Model):
    """A decision whether to suspend the officer (reg 13), with its reasons."""

    case = models.ForeignKey(WithdrawalCase, on_delete=models.CASCADE, related_name="suspensions")
    decision = models.CharField(max_length=12, choices=SuspensionDecision.choices)
    decided_on = models.DateField()
    reasons = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "id"]


@pghistory.track(*_trackers())
class WithheldMaterial(models.Model):
    """Material not disclosed to the officer because it meets the harm test (reg 8), and why."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(WithdrawalCase, on_delete=models.CASCADE, related_name="withheld")
    description = models.CharField(max_length=300, help_text="What is withheld (not its content)")
    ground = models.CharField(max_length=20, choices=HarmGround.choices)
    reasons = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField()

    class Meta:
        ordering = ["decided_on", "id"]


class WithdrawalNotice(models.Model):
    """A written notice the regulations require, as served (PDF kept with its hash)."""

    class Kind(models.TextChoices):
        ASSESSMENT = "assessment", "Notice of withdrawal assessment"
        DECISION = "decision", "Notice of the withdrawal decision"
        DISMISSAL = "dismissal", "Notice of dismissal without notice"
        APPEAL = "appeal", "Notice of the appeal result"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(WithdrawalCase, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    served_on = models.DateField()
    response_due_on = models.DateField(null=True, blank=True)
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    served_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["served_on", "id"]


@pghistory.track(*_trackers())
class WithdrawalAppeal(models.Model):
    """An appeal against the withdrawal and dismissal: first to an internal panel, then to the
    Police Appeals Tribunal."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(WithdrawalCase, on_delete=models.CASCADE, related_name="appeals")
    level = models.CharField(max_length=10, choices=AppealLevel.choices)
    lodged_on = models.DateField()
    due_by = models.DateField(help_text="The last day for lodging it")
    grounds = models.TextField()
    late_reasons = models.TextField(blank=True, default="")
    result = models.CharField(max_length=10, choices=AppealResult.choices, blank=True, default="")
    reasons = models.TextField(blank=True, default="")
    decided_on = models.DateField(null=True, blank=True)
    lodged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["lodged_on", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "level"], name="vetting_one_appeal_per_level")]
