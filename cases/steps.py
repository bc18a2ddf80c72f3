"""Every step a person can take on a case: who may take it, when it is available, its form,
and the service it calls. The web pages and the API both use this one registry.

Apps above cases (hearings, and the case types to come) add their own steps with `register`
from their AppConfig.ready, so cases never imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from accounts.choices import Role

from . import forms as f
from . import services
from .choices import SubjectStage
from .lifecycle import follows_regulations

R = Role
S = SubjectStage
CASEWORK = frozenset({R.INVESTIGATOR, R.SUPERVISOR})
AUTHORITY = frozenset({R.APPROPRIATE_AUTHORITY})
HEARINGS = frozenset({R.HEARINGS_OFFICER})


@dataclass(frozen=True)
class Step:
    name: str
    title: str
    roles: frozenset
    form: type
    run: Callable
    per_subject: bool = False
    available: Callable = lambda case, subject: True  # noqa: E731
    button: str = "Save"
    initial: Callable | None = None  # (case, subject) -> initial form values
    # the rule (law.RuleVersion.rule) the step decides under, or (case, subject) -> rule: its page shows the version
    rule: str | Callable = ""


def _reg19_draft(case):
    return case.reg19_reports.filter(submitted_on__isnull=True).order_by("period_number").first()


def _reg19_initial(case, subject):
    draft = _reg19_draft(case)
    return (
        {
            "progress": draft.progress,
            "reasons_for_delay": draft.reasons_for_delay,
            "planned_steps": draft.planned_steps,
            "expected_completion": draft.expected_completion,
            "expected_report_date": draft.expected_report_date,
        }
        if draft
        else {}
    )


def _add_allegation(actor, case, subject, d):
    from .models import CaseSubject

    person = d.pop("staff_number")
    target = CaseSubject.objects.filter(case=case, person=person).first() or services.subject_add(
        actor=actor, case=case, person=person
    )
    return services.allegation_add(actor=actor, subject=target, **d)


def _iopc(actor, case, subject, d):
    referral = services.iopc_referral_record(
        actor=actor,
        case=case,
        referred=d["referred"],
        grounds=list(d["grounds"]),
        rationale=d["rationale"],
        referred_on=d["referred_on"],
        iopc_reference=d["iopc_reference"],
    )
    if d["referred"] and d["mode"]:
        services.iopc_mode_record(actor=actor, case=case, mode=d["mode"], decided_on=d["mode_decided_on"])
    return referral


STEPS: dict[str, Step] = {
    s.name: s
    for s in [
        Step(
            "allegation",
            "Add a subject or allegation",
            CASEWORK | AUTHORITY,
            f.AddAllegationForm,
            _add_allegation,
            available=lambda c, s: c.status == "open",
        ),
        Step("iopc", "IOPC referral", AUTHORITY, f.IopcForm, _iopc, available=lambda c, s: c.status == "open"),
        Step(
            "appoint",
            "Appoint the investigator",
            frozenset({R.SUPERVISOR, R.APPROPRIATE_AUTHORITY}),
            f.AppointForm,
            lambda a, c, s, d: services.investigator_appoint(actor=a, case=c, **d),
            available=lambda c, s: c.status == "open",
        ),
        Step(
            "action",
            "Log an action",
            CASEWORK,
            f.ActionForm,
            lambda a, c, s, d: services.action_record(actor=a, case=c, **d),
            available=lambda c, s: c.status == "open",
        ),
        Step(
            "diary",
            "Add a diary entry",
            CASEWORK,
            f.DiaryEntryForm,
            lambda a, c, s, d: services.diary_entry_add(actor=a, case=c, **d),
            button="Add to the diary",
        ),
        Step(
            "evidence",
            "Add evidence",
            CASEWORK,
            f.EvidenceForm,
            lambda a, c, s, d: services.evidence_add(actor=a, case=c, **d),
            available=lambda c, s: c.status == "open",
            button="Upload",
        ),
        Step(
            "report",
            "Submit the investigation report",
            CASEWORK,
            f.ReportForm,
            lambda a, c, s, d: services.investigation_report_submit(actor=a, case=c, **d),
            available=lambda c, s: c.case_subjects.filter(stage=S.UNDER_INVESTIGATION).exists(),
        ),
        Step(
            "severity",
            "Assess severity",
            AUTHORITY,
            f.SeverityForm,
            lambda a, c, s, d: services.severity_assess(actor=a, subject=s, **d),
            per_subject=True,
            available=lambda c, s: s.stage in (S.RECEIVED, S.ASSESSED, S.UNDER_INVESTIGATION),
        ),
        Step(
            "reg19",
            "Complete and submit the regulation 19 report",
            AUTHORITY,
            f.Reg19Form,
            lambda a, c, s, d: services.reg19_report_submit(actor=a, report=_reg19_draft(c), **d),
            available=lambda c, s: _reg19_draft(c) is not None,
            initial=_reg19_initial,
            button="Submit to the local policing body",
        ),
        # suspension and restricted duties: decisions with reasons, registered by cases.suspension_views
        Step(
            "public-interest",
            "Mark public interest",
            frozenset({R.SUPERVISOR, R.APPROPRIATE_AUTHORITY}),
            f.PublicInterestForm,
            lambda a, c, s, d: services.case_public_interest_record(actor=a, case=c, **d),
            available=lambda c, s: c.status == "open",
            initial=lambda c, s: {"public_interest": c.public_interest},
        ),
        Step(
            "reg17",
            "Serve the regulation 17 notice",
            CASEWORK,
            f.Reg17Form,
            lambda a, c, s, d: services.reg17_notice_serve(actor=a, subject=s, **d),
            per_subject=True,
            available=lambda c, s: s.stage == S.UNDER_INVESTIGATION and follows_regulations(s.person),
            button="Produce and record the notice",
        ),
        Step(
            "staff-notice",
            "Serve the misconduct investigation notice (police staff procedure)",
            CASEWORK,
            f.Reg17Form,
            lambda a, c, s, d: services.reg17_notice_serve(actor=a, subject=s, **d),
            per_subject=True,
            available=lambda c, s: s.stage == S.UNDER_INVESTIGATION and not follows_regulations(s.person),
            button="Produce and record the notice",
        ),
        Step(
            "response",
            "Record the subject's written response",
            CASEWORK,
            f.ResponseForm,
            lambda a, c, s, d: services.reg18_response_record(actor=a, subject=s, **d),
            per_subject=True,
            available=lambda c, s: (
                s.stage in (S.UNDER_INVESTIGATION, S.AWAITING_DECISION)
                and s.reg17_notices.filter(response_received_on__isnull=True).exists()
            ),
        ),
        Step(
            "decision",
            "Decide: case to answer?",
            AUTHORITY,
            f.DecisionForm,
            lambda a, c, s, d: services.case_to_answer_decide(actor=a, subject=s, **d),
            per_subject=True,
            available=lambda c, s: s.stage == S.AWAITING_DECISION,
        ),
        Step(
            "rprp",
            "Complete the reflective practice review",
            CASEWORK | AUTHORITY,
            f.RprpForm,
            lambda a, c, s, d: services.rprp_complete(actor=a, subject=s, **d),
            per_subject=True,
            available=lambda c, s: s.stage == S.RPRP,
        ),
    ]
}


# A procedure held as force policy (police staff) offers only its own steps on a subject:
# procedure code -> (the step names it allows, why any other step is refused). Registered by the
# app that runs the procedure (hearings.staff); a procedure not listed offers every step.
PROCEDURE_STEPS: dict[str, tuple[frozenset[str], str]] = {}


def _procedure_refusal(step: Step, subject) -> str | None:
    if subject is None or not PROCEDURE_STEPS:
        return None
    from .staff_procedure import procedure_code

    allowed, why = PROCEDURE_STEPS.get(procedure_code(subject), (None, ""))
    if allowed is None or step.name in allowed:
        return None
    return why.format(step=step.title, name=subject.person.display_name)


def step_available(step: Step, case, subject=None) -> bool:
    """Is the step possible now: the subject's procedure has it, and its stage allows it."""
    return _procedure_refusal(step, subject) is None and step.available(case, subject)


def register(*steps: Step, after: str | None = None) -> None:
    """Add steps to the registry (in order), after the named step or at the end."""
    items = list(STEPS.items())
    position = len(items) if after is None else [name for name, _ in items].index(after) + 1
    items[position:position] = [(step.name, step) for step in steps]
    STEPS.clear()
    STEPS.update(items)


def unavailable_message(step: Step, case, subject=None) -> str:
    """Why a step offered a moment ago is refused now: who took the last step, and when."""
    from .lifecycle import last_step_note

    refusal = _procedure_refusal(step, subject)
    if refusal:
        return refusal
    return f"'{step.title}' is not possible at this stage of the matter{last_step_note(case, subject)}."


def steps_for(user, case, subject=None) -> list[Step]:
    """The steps this user can take now (on the case, or on one subject)."""
    return [
        step
        for step in STEPS.values()
        if step.per_subject == (subject is not None)
        and user.has_role(*step.roles)
        and step_available(step, case, subject)
    ]
