"""The police staff misconduct procedure's steps, added to the one step registry (cases.steps),
and the list of steps a staff matter offers: nothing from the Police (Conduct) Regulations
(severity under reg 14, the reg 17 notice, meetings and hearings, reg 42 outcomes, RPRP)."""

from __future__ import annotations

from cases.choices import SubjectStage as S
from cases.models import STAFF_PROCEDURE
from cases.staff_procedure import is_staff_matter
from cases.steps import AUTHORITY, HEARINGS, PROCEDURE_STEPS, Step, register

from . import forms as sf
from . import services
from .services import NOT_REGULATIONS


def _staff(stage=None):
    def available(case, subject):
        return is_staff_matter(subject) and (stage is None or subject.stage in stage)

    return available


def _letter_due(case, subject):
    return (
        is_staff_matter(subject)
        and subject.stage != S.REFERRED
        and services.ProceedingOutcome.objects.filter(
            proceeding__subject=subject, proceeding__forum="staff_hearing", notice_given_on__isnull=True
        ).exists()
    )


STAFF_STEPS = [
    Step(
        "staff-assess",
        "Assess the matter (police staff procedure)",
        AUTHORITY,
        sf.StaffAssessForm,
        lambda a, c, s, d: services.staff_assess(actor=a, subject=s, **d),
        per_subject=True,
        available=_staff((S.RECEIVED, S.ASSESSED, S.UNDER_INVESTIGATION)),
    ),
    Step(
        "staff-decision",
        "Decide: refer to a disciplinary hearing?",
        AUTHORITY,
        sf.StaffDecisionForm,
        lambda a, c, s, d: services.staff_decide(actor=a, subject=s, **d),
        per_subject=True,
        available=_staff((S.AWAITING_DECISION,)),
    ),
    Step(
        "staff-hearing",
        "Arrange the disciplinary hearing and send the invitation",
        HEARINGS,
        sf.StaffHearingForm,
        lambda a, c, s, d: services.staff_hearing_arrange(actor=a, subject=s, **d),
        per_subject=True,
        available=lambda c, s: _staff((S.REFERRED,))(c, s) and services._staff_proceeding(s) is None,
        button="Produce and record the invitation",
    ),
    Step(
        "staff-outcome",
        "Record the hearing manager's finding and outcome",
        HEARINGS,
        sf.StaffOutcomeForm,
        lambda a, c, s, d: services.staff_outcome_record(actor=a, subject=s, **d),
        per_subject=True,
        available=lambda c, s: _staff((S.REFERRED,))(c, s) and services._staff_proceeding(s) is not None,
    ),
    Step(
        "staff-outcome-letter",
        "Give the outcome letter (with the right of appeal)",
        HEARINGS,
        sf.StaffOutcomeLetterForm,
        lambda a, c, s, d: services.staff_outcome_letter_give(actor=a, subject=s, **d),
        per_subject=True,
        available=_letter_due,
        button="Produce and record the letter",
    ),
    Step(
        "staff-appeal",
        "Record an appeal to a more senior manager",
        HEARINGS,
        sf.StaffAppealForm,
        lambda a, c, s, d: services.staff_appeal_lodge(actor=a, subject=s, **d),
        per_subject=True,
        available=_staff((S.OUTCOME_RECORDED,)),
    ),
    Step(
        "staff-appeal-decision",
        "Record the appeal manager's decision",
        HEARINGS,
        sf.StaffAppealDecisionForm,
        lambda a, c, s, d: services.staff_appeal_decide(actor=a, subject=s, **d),
        per_subject=True,
        available=_staff((S.UNDER_APPEAL,)),
    ),
]

# What a staff matter offers: its own steps, and the shared ones whose words fit an employee
# (the notice of investigation under the procedure, the written response, suspension or
# restricted duties, leaving, finalising when no appeal is made).
STAFF_MATTER_STEPS = frozenset(
    {step.name for step in STAFF_STEPS} | {"staff-notice", "response", "restriction", "left", "finalise"}
)
REFUSAL = NOT_REGULATIONS + " '{step}' is not a step of that procedure."


def register_staff_steps() -> None:
    from cases.steps import STEPS

    if "staff-assess" not in STEPS:
        register(*STAFF_STEPS, after="decision" if "decision" in STEPS else None)
    PROCEDURE_STEPS[STAFF_PROCEDURE] = (STAFF_MATTER_STEPS, REFUSAL)
