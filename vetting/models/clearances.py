"""Clearances: levels (reference data), the lifecycle of each clearance with a recorded rationale
for every decision, appeals against refusal or withdrawal, aftercare reviews and renewal reminders.

The lifecycle lives on `Clearance` (django-fsm-2, protected field); it is driven only by
vetting.clearance_services, which writes a `ClearanceDecision` row for every change of state.
"""

import uuid
from datetime import date, timedelta

import pghistory
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.db.models.signals import post_migrate
from django_fsm import FSMField, FSMModelMixin, transition

__all__ = [
    "LevelKind",
    "ClearanceLevel",
    "ClearanceState",
    "Clearance",
    "ClearanceDecision",
    "AppealResult",
    "ClearanceAppeal",
    "AftercareTrigger",
    "AftercareOutcome",
    "AftercareReview",
    "ClearanceReminder",
    "CLEARANCE_LEVELS",
    "ensure_clearance_levels",
]


def _trackers():
    # fresh tracker instances per model: pghistory binds each to the model it tracks
    return (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())


class LevelKind(models.TextChoices):
    NATIONAL_POLICE = "national_police", "Police vetting (decided by the force)"
    NATIONAL_SECURITY = "national_security", "National security vetting (decided elsewhere; recorded here)"


@pghistory.track(*_trackers())
class ClearanceLevel(models.Model):
    """A vetting level and its renewal period. Reference data: renewal periods other than RV's
    are not settled nationally, so an administrator can change them (with history)."""

    code = models.CharField(max_length=8, primary_key=True)
    label = models.CharField(max_length=120)
    renewal_months = models.PositiveSmallIntegerField(help_text="A clearance expires this long after it is granted")
    kind = models.CharField(max_length=20, choices=LevelKind.choices)
    active = models.BooleanField(default=True, help_text="Offered for new clearances")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]

    def __str__(self):
        return f"{self.code}: {self.label}"

    @property
    def is_recorded(self) -> bool:
        """National security levels are granted by another body; the force records them."""
        return self.kind == LevelKind.NATIONAL_SECURITY


# (code, label, renewal months, kind); seeded when missing, never overwritten.
CLEARANCE_LEVELS = [
    ("RV", "Recruitment vetting", 120, LevelKind.NATIONAL_POLICE),
    ("MV", "Management vetting", 84, LevelKind.NATIONAL_POLICE),
    ("NPPV1", "Non-police personnel vetting level 1", 36, LevelKind.NATIONAL_POLICE),
    ("NPPV2A", "Non-police personnel vetting level 2 (abbreviated)", 60, LevelKind.NATIONAL_POLICE),
    ("NPPV2F", "Non-police personnel vetting level 2 (full)", 60, LevelKind.NATIONAL_POLICE),
    ("NPPV3", "Non-police personnel vetting level 3", 60, LevelKind.NATIONAL_POLICE),
    ("CTC", "Counter-terrorist check", 60, LevelKind.NATIONAL_SECURITY),
    ("SC", "Security check", 84, LevelKind.NATIONAL_SECURITY),
    ("SCE", "Security check (enhanced)", 84, LevelKind.NATIONAL_SECURITY),
    ("DV", "Developed vetting", 84, LevelKind.NATIONAL_SECURITY),
]


def ensure_clearance_levels(app_config=None, **kwargs) -> None:
    """post_migrate: seed the levels that are missing (a test database flush removes rows a data
    migration would have added, so seeding runs after every migrate)."""
    if app_config is not None and app_config.label != "vetting":
        return
    for order, (code, label, months, kind) in enumerate(CLEARANCE_LEVELS):
        ClearanceLevel.objects.get_or_create(
            code=code, defaults={"label": label, "renewal_months": months, "kind": kind, "sort_order": order}
        )


# Connected here rather than in AppConfig.ready so the clearance work stays in its own modules.
post_migrate.connect(ensure_clearance_levels, dispatch_uid="vetting.clearance_levels")


class ClearanceState(models.TextChoices):
    APPLIED = "applied", "Applied"
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"
    SUSPENDED = "suspended", "Suspended"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXPIRED = "expired", "Expired"


ACTIVE_STATES = (ClearanceState.GRANTED, ClearanceState.SUSPENDED)
FINAL_STATES = (ClearanceState.REFUSED, ClearanceState.WITHDRAWN, ClearanceState.EXPIRED)


class ClearanceQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ClearanceQuerySet":
        """The rules live in vetting.selectors (vetting officers only; never about themselves, their
        line-management chain or a declared conflict): this only applies them."""
        from vetting.selectors import is_vetting_officer, vetting_blocked_people

        if not is_vetting_officer(user):
            return self.none()
        return self.exclude(person_id__in=vetting_blocked_people(user=user))

    def active(self) -> "ClearanceQuerySet":
        return self.filter(state__in=ACTIVE_STATES)

    def expiring_within(self, days: int, today: date) -> "ClearanceQuerySet":
        """Active clearances whose renewal date falls in the next `days` days (from today on)."""
        return self.active().filter(expires_on__gte=today, expires_on__lte=today + timedelta(days=days))


@pghistory.track(*_trackers())
class Clearance(FSMModelMixin, models.Model):
    """One person's clearance at one level, from application to its final state. A renewal or a
    fresh application after refusal is a new Clearance."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("workforce.Person", on_delete=models.PROTECT, related_name="clearances")
    level = models.ForeignKey(ClearanceLevel, on_delete=models.PROTECT, related_name="clearances")
    state = FSMField(max_length=12, choices=ClearanceState.choices, default=ClearanceState.APPLIED, protected=True)
    applied_on = models.DateField()
    granted_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True, help_text="Granted on plus the level's renewal period")
    decided_on = models.DateField(null=True, blank=True, help_text="Date of the latest decision")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rationale = models.TextField(blank=True, default="", help_text="Rationale of the latest decision")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClearanceQuerySet.as_manager()

    class Meta:
        ordering = ["-applied_on", "-id"]
        constraints = [
            # a second application for the same level while one is pending is a duplicate
            models.UniqueConstraint(
                fields=["person", "level"], condition=models.Q(state="applied"), name="vetting_one_pending_application"
            ),
        ]
        indexes = [models.Index(fields=["state", "expires_on"])]

    def __str__(self):
        return f"{self.level_id} for {self.person.staff_number} ({self.get_state_display()})"

    # Lifecycle: called only from vetting.clearance_services (which records the decision row).
    S = ClearanceState

    @transition(field=state, source=[S.APPLIED, S.SUSPENDED], target=S.GRANTED)
    def grant(self):
        pass

    @transition(field=state, source=S.APPLIED, target=S.REFUSED)
    def refuse(self):
        pass

    @transition(field=state, source=S.GRANTED, target=S.SUSPENDED)
    def suspend(self):
        pass

    @transition(field=state, source=[S.APPLIED, S.GRANTED, S.SUSPENDED], target=S.WITHDRAWN)
    def withdraw(self):
        pass

    @transition(field=state, source=S.GRANTED, target=S.EXPIRED)
    def expire(self):
        pass

    @transition(field=state, source=[S.REFUSED, S.WITHDRAWN], target=S.GRANTED)
    def overturn(self):
        """Only an appeal that overturns a refusal or a withdrawal reaches this."""

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES

    def expiry_for(self, granted_on: date) -> date:
        return granted_on + relativedelta(months=self.level.renewal_months)


@pghistory.track(*_trackers())
class ClearanceDecision(models.Model):
    """Every change of state, with its rationale (HMICFRS 2022: decisions must be justifiable later).
    The first row of a clearance records the application itself (from_state blank)."""

    clearance = models.ForeignKey(Clearance, on_delete=models.CASCADE, related_name="decisions")
    from_state = models.CharField(max_length=12, choices=ClearanceState.choices, blank=True, default="")
    to_state = models.CharField(max_length=12, choices=ClearanceState.choices)
    rationale = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Blank when the system decided (expiry on the renewal date)",
    )
    decided_on = models.DateField()
    appeal = models.ForeignKey(
        "ClearanceAppeal", null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    aftercare_review = models.ForeignKey(
        "AftercareReview", null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(rationale=""), name="vetting_decision_has_rationale"),
        ]

    def __str__(self):
        return f"{self.from_state or 'new'} -> {self.to_state}"


class AppealResult(models.TextChoices):
    UPHELD = "upheld", "Upheld: the decision stands"
    OVERTURNED = "overturned", "Overturned: the clearance is granted"


@pghistory.track(*_trackers())
class ClearanceAppeal(models.Model):
    """An appeal against a refusal or a withdrawal (one per decision appealed)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clearance = models.ForeignKey(Clearance, on_delete=models.CASCADE, related_name="appeals")
    against = models.OneToOneField(
        ClearanceDecision, on_delete=models.PROTECT, related_name="appealed_by", help_text="The decision appealed"
    )
    lodged_on = models.DateField()
    grounds = models.TextField()
    lodged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(max_length=12, choices=AppealResult.choices, blank=True, default="")
    reasons = models.TextField(blank=True, default="")
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["lodged_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["clearance"], condition=models.Q(result=""), name="vetting_one_open_appeal"
            ),
        ]

    @property
    def is_open(self) -> bool:
        return not self.result


class AftercareTrigger(models.TextChoices):
    ADVERSE_INFORMATION = "adverse_information", "Adverse information"
    CHANGE_OF_CIRCUMSTANCES = "change_of_circumstances", "Change of circumstances"
    SCREENING_HIT = "screening_hit", "Workforce screening (PND) hit"
    PERIODIC = "periodic", "Periodic review"


class AftercareOutcome(models.TextChoices):
    NO_CHANGE = "no_change", "No change to the clearance"
    CONDITIONS = "conditions", "Clearance kept with conditions"
    SUSPENDED = "suspended", "Clearance suspended"
    WITHDRAWN = "withdrawn", "Clearance withdrawn"


@pghistory.track(*_trackers())
class AftercareReview(models.Model):
    """A review of a live clearance between renewals, prompted by new information."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clearance = models.ForeignKey(Clearance, on_delete=models.CASCADE, related_name="aftercare_reviews")
    trigger = models.CharField(max_length=24, choices=AftercareTrigger.choices)
    source_hit = models.ForeignKey(
        "vetting.ScreeningHit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aftercare_reviews",
        help_text="The workforce screening hit that prompted the review",
    )
    opened_on = models.DateField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField()
    outcome = models.CharField(max_length=12, choices=AftercareOutcome.choices, blank=True, default="")
    outcome_note = models.TextField(blank=True, default="")
    closed_on = models.DateField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["opened_on", "id"]
        constraints = [
            # a screening hit opens at most one review, however often the screening job retries
            models.UniqueConstraint(
                fields=["source_hit"], condition=models.Q(source_hit__isnull=False), name="vetting_review_once_per_hit"
            ),
        ]
        indexes = [models.Index(fields=["closed_on"])]

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class ClearanceReminder(models.Model):
    """A renewal reminder sent to the vetting officers (at most one per clearance per 30 days)."""

    clearance = models.ForeignKey(Clearance, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField()
    expires_on = models.DateField(help_text="The renewal date the reminder was about")
    recipients = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["clearance", "sent_on"], name="vetting_one_reminder_a_day"),
        ]
