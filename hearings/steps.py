"""The hearings steps on a subject, added to the one step registry (cases.steps) when the app
is ready: hearings depends on cases, never the other way round."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from cases import forms as f
from cases.choices import SubjectStage as S
from cases.steps import AUTHORITY, CASEWORK, HEARINGS, Step, register

from . import forms as hf
from . import services
from .choices import ProceedingStatus
from .forms import OutcomeNoticeForm


def _proceeding(subject):
    return subject.proceedings.filter(status=ProceedingStatus.SCHEDULED).first()


def _open_appeal(subject):
    return subject.appeals.filter(result="").first()


def _unnotified(subject):
    return services.ProceedingOutcome.objects.filter(proceeding__subject=subject, notice_given_on__isnull=True).first()


def _notice(actor, case, subject, d):
    outcome = _unnotified(subject)
    if outcome is None:
        raise ValidationError("There is no outcome waiting for its notice.")
    return services.outcome_notice_give(actor=actor, outcome=outcome, **d)


def _schedule(actor, case, subject, d):
    panel = [("chair", d["chair"])]
    if d["independent_member"]:
        panel.append(("independent_member", d["independent_member"]))
    return services.proceeding_schedule(
        actor=actor,
        subject=subject,
        scheduled_for=d["scheduled_for"],
        scheduled_time=d.get("scheduled_time"),
        venue=d["venue"],
        panel=panel,
        several_unconnected_matters=d["several_unconnected_matters"],
    )


def _outcome(actor, case, subject, d):
    proceeding = _proceeding(subject)
    if proceeding is None:
        raise ValidationError("Schedule the meeting or hearing before recording its outcome.")
    return services.outcome_record(actor=actor, proceeding=proceeding, **d)


def _appeal_decide(actor, case, subject, d):
    appeal = _open_appeal(subject)
    if appeal is None:
        raise ValidationError("There is no appeal awaiting a decision.")
    return services.appeal_decide(actor=actor, appeal=appeal, **d)


HEARING_STEPS = [
    Step(
        "schedule",
        "Schedule the meeting or hearing",
        HEARINGS,
        hf.ProceedingForm,
        _schedule,
        per_subject=True,
        available=lambda c, s: s.stage == S.REFERRED and _proceeding(s) is None,
    ),
    Step(
        "outcome",
        "Record the outcome",
        HEARINGS,
        hf.OutcomeForm,
        _outcome,
        per_subject=True,
        rule="gross_misconduct_outcome",
        # a hearing with a panel records its decision on the panel page, with each member's vote
        available=lambda c, s: (
            s.stage == S.REFERRED and _proceeding(s) is not None and not hasattr(_proceeding(s), "hearing_panel")
        ),
    ),
    Step(
        "outcome-notice",
        "Give the outcome notice and record its service",
        HEARINGS,
        OutcomeNoticeForm,
        _notice,
        per_subject=True,
        rule="notice_service",
        available=lambda c, s: s.stage != S.REFERRED and _unnotified(s) is not None,
        button="Produce and record the notice",
    ),
    Step(
        "appeal",
        "Record an appeal",
        HEARINGS,
        hf.AppealForm,
        lambda a, c, s, d: services.appeal_lodge(actor=a, subject=s, **d),
        per_subject=True,
        rule="pat_appeal_by_authority",
        available=lambda c, s: s.stage == S.OUTCOME_RECORDED,
    ),
    Step(
        "appeal-decision",
        "Record the appeal decision",
        HEARINGS,
        hf.AppealDecisionForm,
        _appeal_decide,
        per_subject=True,
        available=lambda c, s: s.stage == S.UNDER_APPEAL,
    ),
    Step(
        "finalise",
        "Finalise: no appeal",
        HEARINGS,
        f.ReasonForm,
        lambda a, c, s, d: services.outcome_finalise(actor=a, subject=s, **d),
        per_subject=True,
        available=lambda c, s: s.stage == S.OUTCOME_RECORDED,
    ),
]

LEFT_FORCE = Step(
    "left",
    "Record that the subject left the force",
    CASEWORK | AUTHORITY,
    f.LeftForceForm,
    lambda a, c, s, d: services.subject_left_force(actor=a, subject=s, **d),
    per_subject=True,
    available=lambda c, s: s.stage != S.CLOSED and not s.left_while_under_investigation,
)


def register_steps() -> None:
    from cases.steps import STEPS

    if "schedule" not in STEPS:
        register(*HEARING_STEPS, after="decision")
        register(LEFT_FORCE)
