"""The police staff misconduct procedure's steps: assessment, the decision to refer to a
disciplinary hearing, the hearing before a manager (invitation and companion), the outcome and
its letter, the appeal to a more senior manager.

Every step goes through cases.lifecycle.step (locks, conflict check, history with the actor's
reason, timeline) and records the force policy version applied (law.RuleVersion, chosen by the
date the matter came to attention). Every number and list (notice periods, outcomes, warning
periods, appeal window) comes from that version's params, never from code.
"""

from __future__ import annotations

import hashlib
from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases import lifecycle
from cases import services as case_services
from cases.choices import ClosureReason, Forum, Severity, SubjectStage
from cases.extensions import decision_recorded
from cases.models import CaseSubject
from cases.staff_documents import staff_hearing_invitation_pdf, staff_outcome_letter_pdf
from cases.staff_procedure import is_staff_matter, outcome_label, policy_for
from core.working_days import add_working_days

from ..choices import AppealBody, AppealResult, Finding, ListKind, NoticeMethod, Outcome, ProceedingStatus
from ..models import Appeal, ListReferral, Proceeding, ProceedingOutcome
from ..services import SCHEDULE_HORIZON_YEARS, list_referral_make, live_final_written_warning
from .models import CompanionKind, StaffAppeal, StaffDecision, StaffDecisionKind, StaffHearing

NOT_REGULATIONS = (
    "{name} is a member of police staff: the Police (Conduct) Regulations do not apply, and the matter "
    "follows the force's police staff misconduct procedure."
)
STAFF_SEVERITIES = (Severity.MISCONDUCT, Severity.GROSS_MISCONDUCT, Severity.NO_FURTHER_ACTION)


def _require_staff(subject: CaseSubject) -> None:
    if not is_staff_matter(subject):
        raise ValidationError(
            f"{subject.person.display_name} is a police officer: the matter follows the Police (Conduct) "
            "Regulations 2020, not the police staff misconduct procedure."
        )


def _staff_proceeding(subject: CaseSubject) -> Proceeding | None:
    return subject.proceedings.filter(forum=Forum.STAFF_HEARING, status=ProceedingStatus.SCHEDULED).first()


def staff_assess(*, actor, subject: CaseSubject, severity: str, rationale: str, assessed_on: date | None = None):
    """The appropriate authority's assessment: misconduct, gross misconduct, or no further action
    under the procedure (dealt with by the line manager). No practice requiring improvement or
    reflective practice: those belong to the regulations."""
    _require_staff(subject)
    if severity not in STAFF_SEVERITIES:
        raise ValidationError(
            {
                "severity": f"'{Severity(severity).label if severity in Severity.values else severity}' is not an "
                "assessment under the police staff misconduct procedure: choose misconduct, gross misconduct or "
                "no further action."
            }
        )
    forum = Forum.STAFF_HEARING if severity != Severity.NO_FURTHER_ACTION else ""
    return case_services.severity_assess(
        actor=actor,
        subject=subject,
        severity=severity,
        likely_forum=forum,
        rationale=rationale,
        assessed_on=assessed_on,
    )


def staff_decide(
    *, actor, subject: CaseSubject, decision: str, reasons: str, decided_on: date | None = None
) -> StaffDecision:
    """After the investigation: refer to a disciplinary hearing before a manager, or not."""
    _require_staff(subject)
    lifecycle.require_reason(reasons, "reasons")
    decided_on = decided_on or timezone.localdate()
    lifecycle.require_not_future(decided_on, "decided_on", "The date of the decision")
    if decision not in StaffDecisionKind.values:
        raise ValidationError({"decision": "Choose whether the matter goes to a disciplinary hearing."})
    policy = policy_for(subject)

    def guard():
        if subject.stage != SubjectStage.AWAITING_DECISION:
            if subject.staff_decisions.exists():
                raise lifecycle.already(
                    case=subject.case, subject=subject, event="staff_hearing_decision", what="The decision on a hearing"
                )
            raise ValidationError("The decision on a hearing is made once the investigation report is in.")

    guard()
    label = StaffDecisionKind(decision).label
    with lifecycle.step(
        actor=actor, case=subject.case, subject=subject, reason=reasons, event="staff_hearing_decision", guard=guard
    ) as step:
        before = lifecycle.move(step, subject, "decide", "hearing" if decision == StaffDecisionKind.HEARING else "")
        subject.case_to_answer = decision != StaffDecisionKind.NO_CASE
        if decision == StaffDecisionKind.HEARING:
            subject.forum = Forum.STAFF_HEARING
        else:
            subject.closure_reason = (
                ClosureReason.NO_CASE_TO_ANSWER
                if decision == StaffDecisionKind.NO_CASE
                else ClosureReason.NFA_AFTER_DECISION
            )
            subject.finalised_on = decided_on
        subject.save()
        record = StaffDecision.objects.create(
            subject=subject,
            decision=decision,
            reasons=reasons,
            decided_on=decided_on,
            decided_by=actor,
            rule_version=policy,
        )
        step.log(subject, before, subject.stage)
        decision_recorded.send(sender=CaseSubject, actor=actor, subject=subject, kind="case_to_answer", summary=label)
        lifecycle.case_status_refresh(subject.case)
    return record


def staff_hearing_arrange(
    *,
    actor,
    subject: CaseSubject,
    hearing_on: date,
    hearing_manager: str,
    invitation_sent_on: date,
    companion_kind: str,
    companion_name: str = "",
    venue: str = "",
    method: str = NoticeMethod.IN_PERSON,
) -> StaffHearing:
    """Fix the disciplinary hearing before a manager and send the invitation: at least the
    policy's notice period (working days) before the hearing, with the right to a companion."""
    _require_staff(subject)
    policy = policy_for(subject)
    params = policy.params
    if not hearing_manager.strip():
        raise ValidationError({"hearing_manager": "Name the manager who will hear the matter."})
    companions = params.get("companions", [])
    if companion_kind not in {c["code"] for c in companions} | {CompanionKind.NONE}:
        allowed = " or a ".join(c["label"].lower() for c in companions)
        raise ValidationError(
            {"companion_kind": f"Under the police staff procedure the companion is a {allowed} (or nobody)."}
        )
    if companion_kind != CompanionKind.NONE and not companion_name.strip():
        raise ValidationError({"companion_name": "Name the companion (or choose 'Not accompanied')."})
    if method not in NoticeMethod.values:
        raise ValidationError({"method": "Say how the invitation was sent."})
    lifecycle.require_not_future(invitation_sent_on, "invitation_sent_on", "The date the invitation was sent")

    def guard():
        if subject.stage != SubjectStage.REFERRED:
            raise ValidationError(
                "The hearing is arranged once the matter has been referred to a disciplinary hearing."
            )
        if _staff_proceeding(subject) is not None:
            raise lifecycle.already(
                case=subject.case, subject=subject, event="staff_hearing_arranged", what="The disciplinary hearing"
            )

    guard()
    referred = subject.staff_decisions.filter(decision=StaffDecisionKind.HEARING).values_list("decided_on", flat=True)
    referred_on = referred.first() or subject.case.received_date
    if invitation_sent_on < referred_on:
        raise ValidationError(
            {"invitation_sent_on": f"The invitation cannot be sent before the referral ({referred_on:%-d %B %Y})."}
        )
    days = int(params.get("hearing_notice_working_days", 5))
    earliest = add_working_days(invitation_sent_on, days)
    if hearing_on < earliest:
        raise ValidationError(
            {
                "hearing_on": f"The invitation must be sent at least {days} working days before the hearing "
                f"under the {policy.title}: with the invitation sent on {invitation_sent_on:%-d %B %Y}, the "
                f"earliest date is {earliest:%-d %B %Y}."
            }
        )
    horizon = timezone.localdate() + relativedelta(years=SCHEDULE_HORIZON_YEARS)
    if hearing_on > horizon:
        raise ValidationError({"hearing_on": f"The date cannot be more than {SCHEDULE_HORIZON_YEARS} years ahead."})
    companion = CompanionKind(companion_kind).label + (f": {companion_name.strip()}" if companion_name.strip() else "")
    pdf = staff_hearing_invitation_pdf(
        subject=subject,
        policy=policy,
        hearing_on=hearing_on,
        venue=venue,
        hearing_manager=hearing_manager.strip(),
        sent_on=invitation_sent_on,
        companion=companion,
    )
    with lifecycle.step(
        actor=actor,
        case=subject.case,
        subject=subject,
        reason=f"disciplinary hearing before {hearing_manager.strip()} on {hearing_on:%-d %B %Y}; invitation sent "
        f"{invitation_sent_on:%-d %B %Y} ({policy.title})",
        event="staff_hearing_arranged",
        guard=guard,
    ) as step:
        proceeding = Proceeding.objects.create(
            subject=subject, forum=Forum.STAFF_HEARING, scheduled_for=hearing_on, venue=venue
        )
        hearing = StaffHearing.objects.create(
            proceeding=proceeding,
            hearing_manager=hearing_manager.strip(),
            invitation_sent_on=invitation_sent_on,
            invitation_method=method,
            earliest_hearing_on=earliest,
            companion_kind=companion_kind,
            companion_name=companion_name.strip(),
            invitation_pdf=pdf,
            invitation_sha256=hashlib.sha256(pdf).hexdigest(),
            arranged_by=actor,
            rule_version=policy,
        )
        step.log(subject)
    return hearing


def staff_outcomes_allowed(*, subject: CaseSubject, finding: str, on: date, policy=None) -> list[str]:
    """The outcomes the policy version allows the hearing manager for this finding."""
    params = (policy or policy_for(subject)).params
    allowed = list(params.get("outcomes", {}).get(finding, []))
    if (
        finding == Finding.MISCONDUCT
        and Outcome.DISMISSAL_WITH_NOTICE in allowed
        and params.get("dismissal_with_notice_needs_live_final_warning")
        and not live_final_written_warning(person=subject.person, on=on)
    ):
        allowed.remove(Outcome.DISMISSAL_WITH_NOTICE)
    return allowed


def staff_outcome_record(
    *, actor, subject: CaseSubject, finding: str, outcome: str, reasons: str, decided_on: date | None = None
) -> ProceedingOutcome:
    """The hearing manager's finding and outcome, checked against the policy version's outcomes."""
    _require_staff(subject)
    lifecycle.require_reason(reasons, "reasons")
    decided_on = decided_on or timezone.localdate()
    proceeding = _staff_proceeding(subject)
    if proceeding is None:
        if subject.proceedings.filter(forum=Forum.STAFF_HEARING).exists():
            raise lifecycle.already(
                case=subject.case, subject=subject, event="staff_outcome_recorded", what="The outcome of the hearing"
            )
        raise ValidationError("Arrange the disciplinary hearing before recording its outcome.")
    policy = proceeding.staff_hearing.rule_version or policy_for(subject)
    params = policy.params

    def guard():
        if Proceeding.objects.filter(pk=proceeding.pk).exclude(status=ProceedingStatus.SCHEDULED).exists():
            raise lifecycle.already(
                case=subject.case, subject=subject, event="staff_outcome_recorded", what="The outcome of the hearing"
            )

    if proceeding.scheduled_for and decided_on < proceeding.scheduled_for:
        raise ValidationError(
            {"decided_on": f"The outcome cannot be dated before the hearing ({proceeding.scheduled_for:%-d %B %Y})."}
        )
    lifecycle.require_not_future(decided_on, "decided_on", "The date of the outcome")
    findings = params.get("findings", {})
    if finding not in findings:
        raise ValidationError(
            {"finding": "Under the police staff procedure the finding is one of: " + "; ".join(findings.values()) + "."}
        )
    allowed = staff_outcomes_allowed(subject=subject, finding=finding, on=decided_on, policy=policy)
    if outcome not in allowed:
        names = ", ".join(outcome_label(params, o).lower() for o in allowed) or "none"
        if outcome == Outcome.REDUCTION_IN_RANK:
            why = (
                "Reduction in rank is an outcome for police officers under the Police (Conduct) Regulations; "
                "police staff have no rank and it is not an outcome of the police staff misconduct procedure."
            )
        elif outcome == Outcome.RPRP:
            why = "Reflective practice belongs to the Police (Conduct) Regulations, not the police staff procedure."
        elif outcome == Outcome.DISMISSAL_WITHOUT_NOTICE:
            why = "Summary dismissal is only for gross misconduct."
        elif outcome == Outcome.DISMISSAL_WITH_NOTICE and finding == Finding.MISCONDUCT:
            why = "Dismissal with notice for misconduct needs a live final written warning."
        else:
            why = f"{outcome_label(params, outcome)} is not an outcome for this finding under {policy.title}."
        raise ValidationError({"outcome": f"{why} Allowed: {names}."})
    months = params.get("warning_months", {}).get(outcome)
    expires = decided_on + relativedelta(months=int(months)) if months else None
    manager = proceeding.staff_hearing.hearing_manager
    with lifecycle.step(
        actor=actor, case=subject.case, subject=subject, reason=reasons, event="staff_outcome_recorded", guard=guard
    ) as step:
        result = ProceedingOutcome.objects.create(
            proceeding=proceeding,
            finding=finding,
            outcome=outcome,
            reasons=reasons,
            decided_on=decided_on,
            notice_due_on=add_working_days(decided_on, int(params.get("outcome_letter_working_days", 5))),
            warning_expires_on=expires,
            recorded_by=actor,
        )
        proceeding.status = ProceedingStatus.HELD
        proceeding.save(update_fields=["status"])
        before = lifecycle.move(step, subject, "record_outcome", outcome)
        subject.save()
        if outcome in params.get("barred_list_outcomes", []):
            # The barred list covers police staff dismissed from policing (Police Act 1996 Part 4A;
            # the Police Barred List and Police Advisory List Regulations 2017): the force reports it.
            list_referral_make(
                actor=actor,
                subject=subject,
                kind=ListKind.BARRED,
                reason=f"{outcome_label(params, outcome)} by {manager} under the police staff misconduct procedure",
                referred_on=decided_on,
            )
        step.log(subject, before, subject.stage)
    return result


def appeal_due_by(outcome: ProceedingOutcome, policy) -> date:
    """Last day to appeal: the policy's working days from the outcome letter (or the decision)."""
    start = outcome.notice_given_on or outcome.decided_on
    return add_working_days(start, int(policy.params.get("appeal_working_days", 10)))


def _held_outcome(subject: CaseSubject) -> ProceedingOutcome | None:
    return (
        ProceedingOutcome.objects.filter(proceeding__subject=subject, proceeding__forum=Forum.STAFF_HEARING)
        .select_related("proceeding__staff_hearing__rule_version")
        .order_by("-decided_on", "-id")
        .first()
    )


def _policy_of(outcome: ProceedingOutcome, subject: CaseSubject):
    hearing = getattr(outcome.proceeding, "staff_hearing", None)
    return (hearing.rule_version if hearing else None) or policy_for(subject)


def staff_outcome_letter_give(
    *, actor, subject: CaseSubject, given_on: date, method: str = NoticeMethod.IN_PERSON
) -> ProceedingOutcome:
    """Produce the outcome letter (finding, outcome, reasons, right of appeal) and record its giving."""
    _require_staff(subject)
    outcome = _held_outcome(subject)
    if outcome is None:
        raise ValidationError("There is no outcome waiting for its letter.")
    if method not in NoticeMethod.values:
        raise ValidationError({"method": "Say how the letter was given."})
    if given_on < outcome.decided_on:
        raise ValidationError(
            {"given_on": f"The letter cannot be given before the outcome was decided ({outcome.decided_on:%-d %B %Y})."}
        )
    lifecycle.require_not_future(given_on, "given_on", "The date the letter was given")

    def guard():
        if ProceedingOutcome.objects.filter(pk=outcome.pk, notice_given_on__isnull=False).exists():
            raise lifecycle.already(
                case=subject.case, subject=subject, event="staff_outcome_letter_given", what="The outcome letter"
            )

    guard()
    policy = _policy_of(outcome, subject)
    outcome.notice_given_on = given_on
    pdf = staff_outcome_letter_pdf(
        outcome=outcome, policy=policy, given_on=given_on, appeal_by=appeal_due_by(outcome, policy)
    )
    with lifecycle.step(
        actor=actor,
        case=subject.case,
        subject=subject,
        reason=f"outcome letter given ({NoticeMethod(method).label.lower()})",
        event="staff_outcome_letter_given",
        guard=guard,
    ) as step:
        outcome.notice_method, outcome.notice_given_by = method, actor
        outcome.notice_pdf, outcome.notice_sha256 = pdf, hashlib.sha256(pdf).hexdigest()
        outcome.save(
            update_fields=["notice_given_on", "notice_method", "notice_given_by", "notice_pdf", "notice_sha256"]
        )
        step.log(subject)
    return outcome


def staff_appeal_lodge(
    *, actor, subject: CaseSubject, lodged_on: date, grounds: str, appeal_manager: str, late_reasons: str = ""
) -> StaffAppeal:
    """An appeal to a more senior manager, within the policy's working days of the outcome letter
    (a late appeal only with the reasons it was accepted)."""
    _require_staff(subject)
    lifecycle.require_reason(grounds, "grounds")
    lifecycle.require_not_future(lodged_on, "lodged_on", "The date the appeal was lodged")
    if not appeal_manager.strip():
        raise ValidationError({"appeal_manager": "Name the more senior manager who will hear the appeal."})
    outcome = _held_outcome(subject)
    if outcome is None or subject.stage != SubjectStage.OUTCOME_RECORDED:
        raise ValidationError("An appeal is recorded once the hearing's outcome has been given.")
    if lodged_on < outcome.decided_on:
        raise ValidationError({"lodged_on": "The appeal cannot be lodged before the outcome was decided."})
    if appeal_manager.strip().lower() == outcome.proceeding.staff_hearing.hearing_manager.lower():
        raise ValidationError(
            {"appeal_manager": "The appeal is heard by a more senior manager than the one who heard the matter."}
        )
    policy = _policy_of(outcome, subject)
    due = appeal_due_by(outcome, policy)
    if lodged_on > due and not late_reasons.strip():
        raise ValidationError(
            {
                "lodged_on": f"The appeal is late: under {policy.title} it was due within "
                f"{policy.params.get('appeal_working_days')} working days, by {due:%-d %B %Y}. Record why a late "
                "appeal is accepted, or do not record it."
            }
        )

    with lifecycle.step(
        actor=actor, case=subject.case, subject=subject, reason=grounds, event="staff_appeal_lodged"
    ) as step:
        before = lifecycle.move(step, subject, "lodge_appeal")
        subject.save()
        appeal = Appeal.objects.create(subject=subject, body=AppealBody.INTERNAL, lodged_on=lodged_on, grounds=grounds)
        record = StaffAppeal.objects.create(
            appeal=appeal,
            appeal_manager=appeal_manager.strip(),
            due_by=due,
            late_reasons=late_reasons.strip() if lodged_on > due else "",
            rule_version=policy,
        )
        step.log(subject, before, subject.stage)
    return record


def staff_appeal_decide(*, actor, subject: CaseSubject, result: str, decided_on: date, reasons: str) -> Appeal:
    """The appeal manager's decision; the matter is then finalised."""
    _require_staff(subject)
    lifecycle.require_reason(reasons, "reasons")
    lifecycle.require_not_future(decided_on, "decided_on", "The date of the appeal decision")
    if result not in AppealResult.values:
        raise ValidationError({"result": "Choose the appeal manager's decision."})
    appeal = subject.appeals.filter(result="").select_related("staff_appeal").first()
    if appeal is None:
        raise lifecycle.already(
            case=subject.case, subject=subject, event="staff_appeal_decided", what="The appeal decision"
        )
    if decided_on < appeal.lodged_on:
        raise ValidationError({"decided_on": "The decision cannot be dated before the appeal was lodged."})

    def guard():
        if Appeal.objects.filter(pk=appeal.pk).exclude(result="").exists():
            raise lifecycle.already(
                case=subject.case, subject=subject, event="staff_appeal_decided", what="The appeal decision"
            )

    with lifecycle.step(
        actor=actor, case=subject.case, subject=subject, reason=reasons, event="staff_appeal_decided", guard=guard
    ) as step:
        appeal.result, appeal.decided_on, appeal.result_reasons = result, decided_on, reasons
        appeal.save()
        if result == AppealResult.ALLOWED:
            # a dismissal overturned on appeal comes off the barred list
            ListReferral.objects.filter(subject=subject, kind=ListKind.BARRED).delete()
        before = lifecycle.move(step, subject, "finalise")
        subject.closure_reason, subject.finalised_on = ClosureReason.APPEAL_DECIDED, decided_on
        subject.save()
        step.log(subject, before, subject.stage)
        lifecycle.case_status_refresh(subject.case)
    return appeal
