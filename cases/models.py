import uuid

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django_fsm import RETURN_VALUE, FSMField, FSMModelMixin, transition

from .choices import (
    ActionKind,
    CaseStatus,
    ClosureReason,
    DecisionRoute,
    Forum,
    IopcMode,
    Severity,
    Source,
    SubjectStage,
)


def _trackers():
    # fresh tracker instances per model: pghistory binds each to the model it tracks
    return (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())


# ---------------------------------------------------------------- reference data (editable)


@pghistory.track(*_trackers())
class Standard(models.Model):
    """Standards of Professional Behaviour (Police (Conduct) Regulations 2020, Schedule 2)."""

    number = models.PositiveSmallIntegerField(primary_key=True)
    title = models.CharField(max_length=100)

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self.number} {self.title}"


@pghistory.track(*_trackers())
class AllegationCategory(models.Model):
    code = models.SlugField(max_length=40, primary_key=True)
    label = models.CharField(max_length=100)
    active = models.BooleanField(default=True)
    priority_weight = models.FloatField(default=0, help_text="Points this category adds to a case's priority")

    class Meta:
        ordering = ["label"]
        verbose_name_plural = "allegation categories"

    def __str__(self):
        return self.label


@pghistory.track(*_trackers())
class IopcGround(models.Model):
    """A mandatory ground for referral to the IOPC (SI 2020/2 regs 4 and 7).

    An allegation prompts referral when its category is one of `categories`, or when one of the
    allegation's recorded facts named in `facts` is true.
    """

    code = models.SlugField(max_length=60, primary_key=True)
    label = models.CharField(max_length=200)
    categories = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    facts = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["label"]

    def __str__(self):
        return self.label


# ---------------------------------------------------------------- the matter


# The search box (workday.search) matches these expressions; the GIN indexes below are on the same ones.
CASE_SUMMARY_VECTOR = SearchVector("summary", config="english")
ALLEGATION_TEXT_VECTOR = SearchVector("description", config="english")


@pghistory.track(*_trackers())
class Case(models.Model):
    """A conduct matter. Read only through cases.selectors (need-to-know)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=32, unique=True)
    summary = models.CharField(max_length=300)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.CONDUCT_MATTER)
    intermediary_reference = models.CharField(
        max_length=60, blank=True, default="", help_text="e.g. the Crimestoppers reference of a reporting-line referral"
    )
    received_date = models.DateField(help_text="When the matter came to the force's attention")
    status = models.CharField(max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    is_restricted = models.BooleanField(default=False, help_text="Visible only to the people on the access list")
    investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="investigations"
    )
    investigator_appointed_on = models.DateField(null=True, blank=True)
    public_interest = models.BooleanField(
        default=False, help_text="High public interest (e.g. media, community impact)"
    )
    severity_weight = models.PositiveSmallIntegerField(
        default=1, help_text="Workload weight: 3 gross misconduct, 2 misconduct, 1 otherwise (kept by the services)"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_history_import = models.BooleanField(
        default=False,
        db_default=False,
        help_text="Created by the import of a previous system's history: only such matters may a later import change",
    )
    subjects = models.ManyToManyField("workforce.Person", through="CaseSubject", related_name="cases")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_date", "-id"]
        indexes = [
            models.Index(fields=["status", "received_date"]),
            models.Index(
                fields=["investigator", "severity_weight"], condition=models.Q(status="open"), name="case_open_workload"
            ),
            GinIndex(CASE_SUMMARY_VECTOR, name="case_summary_search"),
            models.Index(fields=["reference"], opclasses=["varchar_pattern_ops"], name="case_reference_prefix"),
        ]

    def __str__(self):
        return self.reference


@pghistory.track(*_trackers())
class CaseSubject(FSMModelMixin, models.Model):
    """One officer or member of staff in a matter, and where their proceedings stand.

    Each subject moves through the statutory pipeline on their own (one may face a hearing while
    another gets no further action), so the lifecycle lives here.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_subjects")
    person = models.ForeignKey("workforce.Person", on_delete=models.PROTECT, related_name="subject_of")
    stage = FSMField(default=SubjectStage.RECEIVED, choices=SubjectStage.choices, protected=True)
    severity = models.CharField(max_length=40, choices=Severity.choices, blank=True, default="")
    likely_forum = models.CharField(max_length=24, choices=Forum.choices, blank=True, default="")
    forum = models.CharField(max_length=24, choices=Forum.choices, blank=True, default="")
    case_to_answer = models.BooleanField(null=True, blank=True)
    closure_reason = models.CharField(max_length=24, choices=ClosureReason.choices, blank=True, default="")
    finalised_on = models.DateField(null=True, blank=True)
    # dates of decisions made in the previous system (history import); decisions made here are
    # dated on their own records (SeverityAssessment.assessed_on, CaseToAnswerDecision.decided_on)
    severity_date = models.DateField(null=True, blank=True, help_text="Severity assessed (previous system)")
    decision_date = models.DateField(null=True, blank=True, help_text="Case to answer decided (previous system)")
    left_while_under_investigation = models.BooleanField(default=False)
    suspended = models.BooleanField(default=False)
    restricted_duties = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="case_subject_unique")]
        indexes = [models.Index(fields=["stage"])]

    def __str__(self):
        return f"{self.case.reference} / {self.person.staff_number}"

    # Lifecycle. Called only from cases.services / hearings.services, which validate, record
    # the step on the timeline and write history with the actor's reason.
    S = SubjectStage

    @transition(
        field=stage,
        source=[S.RECEIVED, S.ASSESSED, S.UNDER_INVESTIGATION],
        target=RETURN_VALUE(S.ASSESSED, S.UNDER_INVESTIGATION, S.RPRP, S.CLOSED),
    )
    def assess(self, severity: str) -> str:
        if severity == Severity.PRACTICE_REQUIRING_IMPROVEMENT:
            return SubjectStage.RPRP
        if severity == Severity.NO_FURTHER_ACTION:
            return SubjectStage.CLOSED
        return (
            SubjectStage.UNDER_INVESTIGATION
            if self.stage == SubjectStage.UNDER_INVESTIGATION
            else SubjectStage.ASSESSED
        )

    @transition(field=stage, source=S.ASSESSED, target=S.UNDER_INVESTIGATION)
    def start_investigation(self):
        pass

    @transition(field=stage, source=S.UNDER_INVESTIGATION, target=S.AWAITING_DECISION)
    def finish_investigation(self):
        pass

    @transition(field=stage, source=S.AWAITING_DECISION, target=RETURN_VALUE(S.REFERRED, S.RPRP, S.CLOSED))
    def decide(self, route: str) -> str:
        if route in (DecisionRoute.MEETING, DecisionRoute.HEARING, DecisionRoute.ACCELERATED_HEARING):
            return SubjectStage.REFERRED
        if route == DecisionRoute.RPRP:
            return SubjectStage.RPRP
        return SubjectStage.CLOSED

    @transition(field=stage, source=S.REFERRED, target=RETURN_VALUE(S.OUTCOME_RECORDED, S.RPRP))
    def record_outcome(self, outcome: str) -> str:
        return SubjectStage.RPRP if outcome == "rprp" else SubjectStage.OUTCOME_RECORDED

    @transition(field=stage, source=S.OUTCOME_RECORDED, target=S.UNDER_APPEAL)
    def lodge_appeal(self):
        pass

    @transition(field=stage, source=[S.OUTCOME_RECORDED, S.UNDER_APPEAL, S.RPRP], target=S.CLOSED)
    def finalise(self):
        pass

    @transition(field=stage, source=[S.RECEIVED, S.ASSESSED, S.UNDER_INVESTIGATION], target=S.CLOSED)
    def refer_under_vetting_regulations(self):
        """Severity assessment outcome under new reg 14(2)(aa) (SI 2025/558)."""


@pghistory.track(*_trackers())
class Allegation(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="allegations")
    subject = models.ForeignKey(CaseSubject, on_delete=models.CASCADE, related_name="allegations")
    category = models.ForeignKey(AllegationCategory, on_delete=models.PROTECT)
    standards = models.ManyToManyField(Standard, related_name="+")
    description = models.TextField()
    incident_date = models.DateField(null=True, blank=True)
    incident_place = models.CharField(max_length=200, blank=True, default="")
    complainant_name = models.CharField(max_length=200, blank=True, default="", help_text="Complainant or victim")
    victim_vulnerable = models.BooleanField(default=False)
    death_or_serious_injury = models.BooleanField(default=False)
    aggravated_by_discrimination = models.BooleanField(default=False)
    legacy_ref = models.CharField(
        max_length=40, blank=True, default="", help_text="Allegation reference in the previous system"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "legacy_ref"],
                condition=~models.Q(legacy_ref=""),
                name="allegation_legacy_ref_unique",
            )
        ]
        indexes = [GinIndex(ALLEGATION_TEXT_VECTOR, name="allegation_text_search")]


@pghistory.track(*_trackers())
class IopcReferral(models.Model):
    """The referral decision, and the IOPC's answer, for a case."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="iopc_referral")
    referred = models.BooleanField()
    grounds = models.ManyToManyField(IopcGround, blank=True)
    rationale = models.TextField()
    referred_on = models.DateField(null=True, blank=True)
    iopc_reference = models.CharField(max_length=60, blank=True, default="")
    mode = models.CharField(max_length=16, choices=IopcMode.choices, blank=True, default="")
    mode_decided_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when imported from the previous system's history",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)


@pghistory.track(*_trackers())
class SeverityAssessment(models.Model):
    """A severity assessment (reg 14); a reassessment adds another row, the latest stands."""

    subject = models.ForeignKey(CaseSubject, on_delete=models.CASCADE, related_name="severity_assessments")
    severity = models.CharField(max_length=40, choices=Severity.choices)
    likely_forum = models.CharField(max_length=24, choices=Forum.choices, blank=True, default="")
    rationale = models.TextField()
    assessed_on = models.DateField()
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


REGULATIONS = "police_conduct_regulations"
STAFF_PROCEDURE = "police_staff_procedure"


@pghistory.track(*_trackers())
class ConductProcedure(models.Model):
    """The procedure a subject's matter follows, chosen by their workforce person type, with its
    notice wording and response window: force policy held as data (changed with history, not code).

    Police officers and special constables: the Police (Conduct) Regulations 2020 (reg 17 notice,
    police friend, reg 18 response). Police staff: the force's police staff misconduct procedure
    (its own stages and notice; a trade union representative or work colleague as companion).
    """

    code = models.SlugField(max_length=40, primary_key=True)
    name = models.CharField(max_length=200)
    person_types = ArrayField(models.CharField(max_length=16), default=list, help_text="Workforce person types")
    stages = models.JSONField(default=list, help_text="The procedure's stages, in order")
    notice_title = models.CharField(max_length=200)
    step_title = models.CharField(max_length=120, help_text="The step that serves the notice, as shown on the case")
    representation = models.TextField(help_text="The subject's right to advice and to be accompanied")
    response_working_days = models.PositiveSmallIntegerField(default=10)
    response_text = models.TextField(help_text="The response paragraph; {days} and {due} are filled in")
    response_label = models.CharField(max_length=100, help_text="The response deadline as shown on the case")
    standards_label = models.CharField(max_length=120, default="Standards of Professional Behaviour")

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.name


@pghistory.track(*_trackers())
class Reg17Notice(models.Model):
    """The written notice of investigation (reg 17 for officers; the police staff procedure's
    notice for staff) and the subject's response window (reg 18 for officers)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subject = models.ForeignKey(CaseSubject, on_delete=models.CASCADE, related_name="reg17_notices")
    procedure = models.CharField(max_length=40, default=REGULATIONS, db_default=REGULATIONS)
    served_on = models.DateField()
    # how it was given, and the day it counts as served (an e-mailed notice: the deemed day, SI 2025/558)
    method = models.CharField(max_length=24, blank=True, default="", db_default="")
    deemed_served_on = models.DateField(null=True, blank=True)
    response_due_on = models.DateField(help_text="10 working days after service (reg 18)")
    pdf = models.BinaryField(editable=False)
    sha256 = models.CharField(max_length=64)
    served_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    response_received_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-served_on"]

    @property
    def response_label(self) -> str:
        return "Reg 18 response" if self.procedure == REGULATIONS else "Response to the misconduct notice"


@pghistory.track(*_trackers())
class InvestigationAction(models.Model):
    """The action log: interviews, enquiries, notes."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=16, choices=ActionKind.choices)
    description = models.TextField()
    due_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    # who is to do it (the action log and diary); None = the case's investigator
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="owned_actions"
    )
    reminded_at = models.DateTimeField(null=True, blank=True, help_text="When the owner was reminded of the due date")
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who marked it done (empty while open, or when logged as already done before this was kept)",
    )
    completed_recorded_at = models.DateTimeField(null=True, blank=True, help_text="When it was marked done")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at"]
        indexes = [models.Index(fields=["owner", "due_on"], name="action_owner_due")]


@pghistory.track(*_trackers(), exclude=["content"])
class EvidenceItem(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    exhibit_reference = models.CharField(max_length=40)
    description = models.CharField(max_length=300)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    content = models.BinaryField(editable=False)
    sha256 = models.CharField(max_length=64)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["exhibit_reference"]
        constraints = [models.UniqueConstraint(fields=["case", "exhibit_reference"], name="evidence_exhibit_unique")]


class CustodyEntry(models.Model):
    """Chain of custody: append-only, one row per handling of an exhibit.

    `at` is when the row was recorded; a movement also carries `happened_at`, when it happened as
    the person entered it (a movement is often written up after the event).
    """

    evidence = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="custody")
    action = models.CharField(max_length=100)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=300, blank=True, default="")
    sha256_verified = models.BooleanField(null=True)
    happened_at = models.DateTimeField(null=True, blank=True, help_text="When the movement happened, as entered")
    from_location = models.CharField(max_length=200, blank=True, default="", db_default="")
    to_location = models.CharField(max_length=200, blank=True, default="", db_default="")
    purpose = models.CharField(max_length=200, blank=True, default="", db_default="")

    class Meta:
        ordering = ["at", "id"]

    @property
    def when(self):
        """When it happened: as entered for a movement, else when it was recorded."""
        return self.happened_at or self.at


@pghistory.track(*_trackers())
class DiaryEntry(models.Model):
    """The investigator's diary: what happened on a matter, on the day it happened (as entered),
    beside when it was written down. Read with the case (need-to-know of the case applies)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="diary_entries")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="diary_entries")
    happened_on = models.DateField()
    text = models.TextField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-recorded_at", "-id"]
        verbose_name_plural = "diary entries"
        indexes = [models.Index(fields=["author", "happened_on"], name="diary_author_day")]


@pghistory.track(*_trackers())
class InvestigationReport(models.Model):
    """The investigation report (reg 21)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reports")
    summary = models.TextField()
    submitted_on = models.DateField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proceed_reason = models.TextField(
        blank=True,
        default="",
        db_default="",
        help_text="Why the report went ahead while a subject's response window (reg 18) was still open",
    )

    class Meta:
        ordering = ["-submitted_on"]


@pghistory.track(*_trackers())
class CaseToAnswerDecision(models.Model):
    subject = models.ForeignKey(CaseSubject, on_delete=models.CASCADE, related_name="decisions")
    case_to_answer = models.BooleanField()
    route = models.CharField(max_length=24, choices=DecisionRoute.choices)
    rationale = models.TextField()
    decided_on = models.DateField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-decided_on"]


@pghistory.track(*_trackers())
class ReflectiveReview(models.Model):
    """Reflective practice review development report (Part 6)."""

    subject = models.OneToOneField(CaseSubject, on_delete=models.CASCADE, related_name="reflective_review")
    summary = models.TextField(blank=True, default="")
    actions = models.TextField(blank=True, default="", help_text="Actions with deadlines")
    lessons = models.TextField(blank=True, default="")
    review_date = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)


@pghistory.track(*_trackers())
class Reg19Report(models.Model):
    """A timeliness report to the local policing body, drafted by the system (reg 19)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reg19_reports")
    period_number = models.PositiveSmallIntegerField(help_text="1 at 12 months, 2 at 18 months, ...")
    due_on = models.DateField()
    attention_date = models.DateField()
    reg17_notice_date = models.DateField(null=True, blank=True)
    progress = models.TextField()
    expected_completion = models.DateField(null=True, blank=True)
    expected_report_date = models.DateField(null=True, blank=True)
    reasons_for_delay = models.TextField(blank=True, default="")
    planned_steps = models.TextField(blank=True, default="")
    drafted_at = models.DateTimeField(auto_now_add=True)
    submitted_on = models.DateField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-period_number"]
        constraints = [models.UniqueConstraint(fields=["case", "period_number"], name="reg19_period_unique")]


class StageTransition(models.Model):
    """The timeline: every lifecycle step of a subject, with who, when and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    subject = models.ForeignKey(
        CaseSubject, null=True, blank=True, on_delete=models.CASCADE, related_name="transitions"
    )
    event = models.CharField(max_length=60)
    from_stage = models.CharField(max_length=24, blank=True, default="")
    to_stage = models.CharField(max_length=24, blank=True, default="")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True, default="")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    @property
    def event_label(self) -> str:
        return (
            self.event.replace("_", " ")
            .replace("reg17", "regulation 17")
            .replace("reg19", "regulation 19")
            .capitalize()
        )

    @property
    def from_label(self) -> str:
        return SubjectStage(self.from_stage).label if self.from_stage in SubjectStage.values else ""

    @property
    def to_label(self) -> str:
        return SubjectStage(self.to_stage).label if self.to_stage in SubjectStage.values else ""


# ---------------------------------------------------------------- need-to-know


@pghistory.track(*_trackers())
class CaseAccessGrant(models.Model):
    """A named person allowed to see a restricted case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="access_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_grants")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="case_grant_unique")]


@pghistory.track(*_trackers())
class ConflictDeclaration(models.Model):
    """A user's declared conflict of interest: with a case, or with a person (every case about them)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="conflicts")
    person = models.ForeignKey("workforce.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=300)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case__isnull=False) | models.Q(person__isnull=False), name="conflict_has_target"
            )
        ]


# ---------------------------------------------------------------- prioritisation


@pghistory.track(*_trackers())
class PriorityWeight(models.Model):
    """A component of the priority score and its weight: reference data an authorised role can
    change (with history); a change re-scores every open case."""

    code = models.SlugField(max_length=40, primary_key=True)
    label = models.CharField(max_length=120)
    weight = models.FloatField()
    parameter = models.FloatField(
        null=True, blank=True, help_text="e.g. years for repeat subjects, days for time pressure"
    )

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.label}: {self.weight}"


class CasePriority(models.Model):
    """The current priority of an open case, with the components behind it.

    Not history-tracked (it is recomputed nightly); `requested_at` marks a case waiting to be
    re-scored, so a crash before the worker ran loses nothing: the sweeper finds it.
    """

    case = models.OneToOneField(Case, primary_key=True, on_delete=models.CASCADE, related_name="priority")
    is_open = models.BooleanField(default=True)
    score = models.FloatField(default=0)
    # queue membership, kept with the score so each queue is one walk down its own index
    awaiting_decision = models.BooleanField(default=False)
    at_risk = models.BooleanField(default=False)
    stages = ArrayField(models.CharField(max_length=24), default=list, help_text="Stages of the open subjects")
    severities = ArrayField(models.CharField(max_length=40), default=list, help_text="Severities of the open subjects")
    components = models.JSONField(default=list)
    weights_version = models.CharField(max_length=16, blank=True, default="")
    computed_at = models.DateTimeField(null=True, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["is_open", "-score"], name="casepriority_open_score"),
            models.Index(
                fields=["awaiting_decision", "-score"], name="casepriority_awaiting", condition=models.Q(is_open=True)
            ),
            models.Index(fields=["at_risk", "-score"], name="casepriority_at_risk", condition=models.Q(is_open=True)),
            models.Index(
                fields=["requested_at"], name="casepriority_requested", condition=models.Q(requested_at__isnull=False)
            ),
        ]


class ScoringRun(models.Model):
    """A nightly (or on-demand) re-score of every open case, in chunks a worker claims."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    total_cases = models.PositiveIntegerField(default=0)
    reason = models.CharField(max_length=200, default="nightly")

    class Meta:
        ordering = ["-started_at"]


class ScoringChunk(models.Model):
    run = models.ForeignKey(ScoringRun, on_delete=models.CASCADE, related_name="chunks")
    case_ids = ArrayField(models.BigIntegerField())
    enqueued_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["run", "done_at"])]


# ---------------------------------------------------------------- early intervention


@pghistory.track(*_trackers())
class InterventionRule(models.Model):
    """A configurable early-intervention rule on people (reference data)."""

    code = models.SlugField(max_length=40, primary_key=True)
    label = models.CharField(max_length=200)
    threshold = models.FloatField(help_text="count, or percentile for peer rules")
    window_months = models.PositiveSmallIntegerField(default=12)
    active = models.BooleanField(default=True)

    def __str__(self):
        return self.label


@pghistory.track(*_trackers())
class InterventionFlag(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        UNDER_REVIEW = "under_review", "Under review"
        ACTIONED = "actioned", "Actioned"
        CLOSED = "closed", "Closed: no action"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("workforce.Person", on_delete=models.PROTECT, related_name="intervention_flags")
    rule = models.ForeignKey(InterventionRule, on_delete=models.PROTECT)
    evidence = models.JSONField(default=dict, help_text="What fired the rule: counts, case references, peers")
    raised_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    review_note = models.TextField(blank=True, default="")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "rule"],
                condition=models.Q(status__in=["new", "under_review"]),
                name="one_open_flag_per_rule",
            )
        ]


# ---------------------------------------------------------------- dismissals (SI 2025/558) and suspension

from .models_dismissals import Conviction, FormerOfficerForum, VettingReferral  # noqa: E402,F401  (SI 2025/558)
from .suspension_models import (  # noqa: E402, F401  (models live there; imported so Django finds them)
    CriminalProceedingEvent,
    ListedOffence,
    SuspensionDecision,
    SuspensionReview,
)
