"""A performance case under the Police (Performance) Regulations 2020: the officer, the line
manager, the meetings with their notices and outcomes, appeals, and a timeline of every step.

The lifecycle lives on `PerformanceCase.state` (django-fsm-2, protected); it is moved only by
performance.services through performance.lifecycle.step (row lock, conflict check, history with
actor and reason, timeline entry). Which stages exist depends on the rule version applied to the
case (law.RuleVersion "performance_procedure", chosen from the date the matter came to the line
manager's attention): the 2020 procedure has a third-stage meeting, the 2025 amendment does not.
"""

import uuid

import pghistory
from django.conf import settings
from django.db import models
from django_fsm import RETURN_VALUE, FSMField, FSMModelMixin, transition

from .choices import (
    AppealResult,
    Assessment,
    MeetingOutcome,
    MeetingStage,
    PerformanceKind,
    PerformanceState,
)

S = PerformanceState


def _trackers():
    return (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())


def _has_third_stage(case) -> bool:
    return bool(case.rule_version and "third" in case.rule_version.params.get("stages", []))


def _two_stages(case) -> bool:
    return not _has_third_stage(case)


def _not_gross_incompetence(case) -> bool:
    return case.kind != PerformanceKind.GROSS_INCOMPETENCE


def _gross_incompetence(case) -> bool:
    return case.kind == PerformanceKind.GROSS_INCOMPETENCE


@pghistory.track(*_trackers())
class PerformanceCase(FSMModelMixin, models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    officer = models.ForeignKey("workforce.Person", on_delete=models.PROTECT, related_name="performance_cases")
    line_manager = models.ForeignKey(
        "workforce.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The officer's line manager when the case was opened",
    )  # fmt: skip
    appeal_manager = models.ForeignKey(
        "workforce.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="Appointed by the appropriate authority; senior to the line manager (SI 2025/558)",
    )  # fmt: skip
    senior_manager = models.ForeignKey(
        "workforce.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="Appointed by the appropriate authority; at least as senior as the appeal manager",
    )  # fmt: skip
    kind = models.CharField(max_length=20, choices=PerformanceKind.choices, default=PerformanceKind.PERFORMANCE)
    concerns = models.TextField(help_text="What is unsatisfactory, in plain words")
    attention_date = models.DateField(help_text="When it came to the attention of the line manager")
    rule_version = models.ForeignKey(
        "law.RuleVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = FSMField(max_length=20, choices=S.choices, default=S.OPENED, protected=True)
    # the improvement period running now (written or final written improvement notice)
    period_ends_on = models.DateField(null=True, blank=True)
    notice_valid_until = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=40, choices=MeetingOutcome.choices, blank=True, default="")
    closed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "period_ends_on"])]

    def __str__(self):
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.state == S.CLOSED

    @property
    def params(self) -> dict:
        return self.rule_version.params if self.rule_version else {}

    # Lifecycle: called only from performance.services inside performance.lifecycle.step.
    @transition(field=state, source=S.OPENED, target=S.FIRST_STAGE, conditions=[_not_gross_incompetence])
    def arrange_first_stage(self):
        pass

    @transition(
        field=state,
        source=[S.OPENED, S.FIRST_STAGE],
        target=RETURN_VALUE(S.FIRST_IMPROVEMENT, S.CLOSED),
        conditions=[_not_gross_incompetence],
    )
    def hold_first_stage(self, outcome):
        return S.FIRST_IMPROVEMENT if outcome == MeetingOutcome.WRITTEN_IMPROVEMENT_NOTICE else S.CLOSED

    @transition(field=state, source=[S.FIRST_IMPROVEMENT, S.SECOND_IMPROVEMENT], target=S.CLOSED)
    def improved(self):
        pass

    @transition(field=state, source=S.FIRST_IMPROVEMENT, target=S.SECOND_STAGE)
    def require_second_stage(self):
        pass

    @transition(field=state, source=S.SECOND_IMPROVEMENT, target=S.THIRD_STAGE, conditions=[_has_third_stage])
    def require_third_stage(self):
        pass

    @transition(field=state, source=S.SECOND_IMPROVEMENT, target=S.SECOND_STAGE, conditions=[_two_stages])
    def require_final_second_stage(self):
        """2025: after a final written improvement notice, the next meeting is again a second-stage one."""

    @transition(field=state, source=S.OPENED, target=S.THIRD_STAGE, conditions=[_gross_incompetence, _has_third_stage])
    def refer_gross_incompetence_third(self):
        pass

    @transition(field=state, source=S.OPENED, target=S.SECOND_STAGE, conditions=[_gross_incompetence, _two_stages])
    def refer_gross_incompetence_second(self):
        pass

    @transition(
        field=state, source=[S.SECOND_STAGE, S.THIRD_STAGE], target=RETURN_VALUE(S.SECOND_IMPROVEMENT, S.CLOSED)
    )
    def hold_later_stage(self, outcome):
        notice = (MeetingOutcome.FINAL_WRITTEN_IMPROVEMENT_NOTICE, MeetingOutcome.EXTEND_FINAL_NOTICE)
        return S.SECOND_IMPROVEMENT if outcome in notice else S.CLOSED

    @transition(field=state, source=[s for s in S.values if s != S.CLOSED], target=S.CLOSED)
    def withdraw(self):
        pass

    @transition(field=state, source=[S.FIRST_IMPROVEMENT, S.SECOND_IMPROVEMENT, S.CLOSED], target=S.CLOSED)
    def reverse_on_appeal(self):
        """A finding reversed on appeal revokes the notice: the case ends."""


@pghistory.track(*_trackers())
class PerformanceMeeting(models.Model):
    """One meeting: its notice, the meeting itself and its outcome (with the notice that follows)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(PerformanceCase, on_delete=models.CASCADE, related_name="meetings")
    stage = models.CharField(max_length=8, choices=MeetingStage.choices)
    notice_given_on = models.DateField()
    meeting_on = models.DateField(null=True, blank=True)
    conducted_by = models.CharField(max_length=200, blank=True, default="", help_text="Name and role")
    outcome = models.CharField(max_length=40, choices=MeetingOutcome.choices, blank=True, default="")
    improvement_required = models.TextField(blank=True, default="")
    period_ends_on = models.DateField(null=True, blank=True, help_text="End of the specified period")
    notice_valid_until = models.DateField(null=True, blank=True)
    appeal_due_on = models.DateField(null=True, blank=True)
    reasons = models.TextField(blank=True, default="")
    rule_version = models.ForeignKey(
        "law.RuleVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["notice_given_on", "id"]

    def __str__(self):
        return f"{self.get_stage_display()} ({self.case.reference})"

    @property
    def held(self) -> bool:
        return bool(self.outcome)


@pghistory.track(*_trackers())
class PeriodExtension(models.Model):
    case = models.ForeignKey(PerformanceCase, on_delete=models.CASCADE, related_name="extensions")
    meeting = models.ForeignKey(PerformanceMeeting, on_delete=models.CASCADE, related_name="extensions")
    from_date = models.DateField()
    to_date = models.DateField()
    reasons = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField()
    rule_version = models.ForeignKey(
        "law.RuleVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["decided_on", "id"]


@pghistory.track(*_trackers())
class PeriodAssessment(models.Model):
    """The line manager's assessment at the end of a specified period."""

    case = models.ForeignKey(PerformanceCase, on_delete=models.CASCADE, related_name="assessments")
    meeting = models.ForeignKey(PerformanceMeeting, on_delete=models.CASCADE, related_name="assessments")
    result = models.CharField(max_length=16, choices=Assessment.choices)
    assessed_on = models.DateField()
    reasons = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    rule_version = models.ForeignKey(
        "law.RuleVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["assessed_on", "id"]


@pghistory.track(*_trackers())
class PerformanceAppeal(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(PerformanceCase, on_delete=models.CASCADE, related_name="appeals")
    meeting = models.ForeignKey(PerformanceMeeting, on_delete=models.PROTECT, related_name="appeals")
    heard_by = models.CharField(max_length=40, help_text="Appeal manager, second line manager, senior manager or PAT")
    lodged_on = models.DateField()
    grounds = models.TextField()
    result = models.CharField(max_length=12, choices=AppealResult.choices, blank=True, default="")
    reasons = models.TextField(blank=True, default="")
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rule_version = models.ForeignKey(
        "law.RuleVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["lodged_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting"], name="performance_one_appeal_per_meeting"),
        ]


class PerformanceEvent(models.Model):
    """The case timeline: every step, who took it and why."""

    case = models.ForeignKey(PerformanceCase, on_delete=models.CASCADE, related_name="timeline")
    event = models.CharField(max_length=40)
    from_state = models.CharField(max_length=20, blank=True, default="")
    to_state = models.CharField(max_length=20, blank=True, default="")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    @property
    def label(self) -> str:
        return self.event.replace("_", " ").capitalize()
