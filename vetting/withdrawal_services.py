"""Every read and write of a vetting withdrawal case (Police (Vetting) Regulations 2025).

Reads: `withdrawals_visible_to` (default deny): vetting officers and the appropriate authority only,
and never about themselves, their line-management chain or a declared conflict; the subject and
their chain never see the case. Writes: keyword-only services, each one step in one transaction
through `withdrawal_step` (row lock, conflict check against the stage the caller saw, history with
actor and reason, a timeline entry). A refusal is a ValidationError keyed by field where there is
one (pages show it on the field, the API answers 400); someone else acting first is a
`StepConflict` (the API answers 409).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

import pghistory
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from accounts.choices import Role
from audit.choices import AccessAction
from audit.services import access_event_record
from cases.lifecycle import StepConflict, already_done
from core.working_days import add_working_days
from workforce.models import Person

from . import withdrawal_documents as documents
from .models.clearances import ClearanceState
from .models.screening import HitStatus, ScreeningHit
from .models.withdrawal import (
    AppealLevel,
    AppealResult,
    DeclarationStatus,
    HarmGround,
    InformationSource,
    LeavingKind,
    SeverityOutcome,
    SuspensionDecision,
    WithdrawalAppeal,
    WithdrawalCase,
    WithdrawalEvent,
    WithdrawalNotice,
    WithdrawalOutcome,
    WithdrawalStage,
    WithdrawalSuspension,
    WithheldMaterial,
)
from .selectors import vetting_blocked_people
from .withdrawal_rules import rule_for_information, time_limits

WITHDRAWAL_ROLES = (Role.VETTING_OFFICER, Role.APPROPRIATE_AUTHORITY)
S = WithdrawalStage


# ---------------------------------------------------------------- reads


def may_work_withdrawals(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_role(*WITHDRAWAL_ROLES))


def people_managed_by(*, person_id: int | None) -> set[int]:
    """Everyone below this person in line management (cycle-safe, at most 50 levels)."""
    if person_id is None:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH RECURSIVE below(id, depth) AS (
                SELECT id, 0 FROM workforce_person WHERE line_manager_id = %s
                UNION
                SELECT p.id, b.depth + 1 FROM workforce_person p JOIN below b ON p.line_manager_id = b.id
                WHERE b.depth < 50
            )
            SELECT DISTINCT id FROM below
            """,
            [person_id],
        )
        return {row[0] for row in cursor.fetchall()}


def withdrawal_blocked_people(*, user) -> set[int]:
    """Whom this user must never see a withdrawal about: the vetting rule (themselves, their
    managers, declared conflicts) and, for a vetting withdrawal, also anyone they manage: the
    subject's own chain never sees it."""
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    return vetting_blocked_people(user=user) | people_managed_by(person_id=user.person_id)


def withdrawals_visible_to(*, user) -> QuerySet[WithdrawalCase]:
    if not may_work_withdrawals(user):
        return WithdrawalCase.objects.none()
    return WithdrawalCase.objects.exclude(person_id__in=withdrawal_blocked_people(user=user))


def withdrawal_get(*, user, public_id) -> WithdrawalCase:
    """The case if this user may see it, else 404 (never 403)."""
    try:
        case = (
            withdrawals_visible_to(user=user)
            .select_related("person__unit", "rule_version", "assessor", "decided_by", "clearance__level", "source_case")
            .filter(public_id=public_id)
            .first()
        )
    except (ValidationError, ValueError):
        case = None
    if case is None:
        raise Http404
    return case


def record_withdrawal_view(*, user, case: WithdrawalCase, purpose: str, request=None, action=AccessAction.VIEW):
    access_event_record(
        actor=user,
        action=action,
        object_type="vetting_withdrawal",
        object_id=str(case.public_id),
        object_label=f"{case.reference} {case.person.staff_number}",
        purpose=purpose,
        request=request,
    )


def require_may_act(*, actor, person_id: int) -> None:
    if actor is None:
        return
    if not may_work_withdrawals(actor):
        raise ValidationError("Only vetting officers and the appropriate authority act on vetting withdrawals.")
    if person_id in withdrawal_blocked_people(user=actor):
        raise ValidationError(
            "You cannot act on this vetting withdrawal: it is about you, someone in your line-management chain "
            "or someone you declared a conflict of interest with."
        )


# ---------------------------------------------------------------- the step helper


def _today() -> date:
    return timezone.localdate()


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


EARLIEST = date(2025, 5, 14)  # no step of this procedure can predate the regulations


def _past(
    value: date | None,
    field: str,
    what: str,
    *,
    not_before: date | None = None,
    before_what: str = "",
    floor: bool = True,
) -> date:
    value = value or _today()
    if value > _today():
        raise ValidationError({field: f"{what} cannot be in the future."})
    if floor and value < EARLIEST:
        raise ValidationError({field: f"{what} cannot be before the regulations came into force (14 May 2025)."})
    if not_before and value < not_before:
        raise ValidationError({field: f"{what} cannot be before {before_what} ({not_before:%-d %B %Y})."})
    return value


def _who(user) -> str:
    return (user.get_full_name() or user.username) if user else "the system"


class Step:
    def __init__(self, *, actor, case: WithdrawalCase, reason: str, event: str, title: str):
        self.actor, self.case, self.reason, self.event, self.title = actor, case, reason, event, title

    def move(self, method: str) -> None:
        before = self.case.stage
        try:
            getattr(self.case, method)()
        except TransitionNotAllowed:
            raise ValidationError(
                f"{self.title} is not possible while the case is '{WithdrawalStage(before).label}'."
            ) from None
        self.from_stage = before

    def log(self, *, title: str = "", reason: str = "") -> WithdrawalEvent:
        return WithdrawalEvent.objects.create(
            case=self.case,
            event=self.event,
            title=title or self.title,
            from_stage=getattr(self, "from_stage", ""),
            to_stage=self.case.stage if hasattr(self, "from_stage") else "",
            actor=self.actor,
            reason=reason or self.reason,
        )


def moved_on(case: WithdrawalCase) -> StepConflict:
    """The refusal for a step decided on a page someone else has since moved on: who, and when."""
    last = case.timeline.select_related("actor").first()
    if last is None:
        return StepConflict("This case has moved on meanwhile. Reload the page to see where it stands.")
    return already_done(by=last.actor, at=last.at, what=f"{last.title} ({case.reference})")


@contextmanager
def withdrawal_step(
    *,
    actor,
    case: WithdrawalCase,
    reason: str,
    event: str,
    title: str,
    guard: Callable[[WithdrawalCase], None] | None = None,
) -> Iterator[Step]:
    """One step: lock the case row, refuse if it moved since the caller read it (StepConflict naming
    who moved it and when), run the guard on the locked row, then let the caller change it; history
    carries the actor and the reason, and the timeline entry is written by `step.log()`."""
    require_may_act(actor=actor, person_id=case.person_id)
    with transaction.atomic(), pghistory.context(user=getattr(actor, "id", None), reason=reason, event=event):
        locked = WithdrawalCase.objects.select_for_update(of=("self",)).get(pk=case.pk)
        if locked.stage != case.stage:
            raise moved_on(locked)
        for field in ("person", "rule_version"):
            setattr(locked, field, getattr(case, field))
        if guard is not None:
            guard(locked)
        current = Step(actor=actor, case=locked, reason=reason, event=event, title=title)
        yield current
        locked.save()
        current.log()
    case.refresh_from_db()


# ---------------------------------------------------------------- start


def _next_reference(year: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('vetting_withdrawal_reference'))")
    prefix = f"VW-{year}-"
    last = (
        WithdrawalCase.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:05d}"


def withdrawal_start(
    *,
    actor,
    person: Person,
    source: str,
    information: str,
    reason: str,
    received_on: date | None = None,
    source_hit: ScreeningHit | None = None,
    source_case=None,
) -> WithdrawalCase:
    """Record information suggesting an officer may no longer be suitable to hold vetting clearance
    (reg 4): the start of a vetting withdrawal case."""
    require_may_act(actor=actor, person_id=person.pk)
    if source not in InformationSource.values:
        raise ValidationError({"source": "Choose where the information came from."})
    information = _required(information, "information", "Say what the information is.")
    reason = _required(reason, "reason", "Give the reason for starting a vetting withdrawal.")
    received_on = _past(received_on, "received_on", "The date the information was received", floor=False)
    version = rule_for_information(received_on)
    params = version.params or {}
    if (
        params.get("refuse_information_before_commencement", True)
        and version.commences_on
        and received_on < version.commences_on
    ):
        raise ValidationError(
            {
                "received_on": f"The {version.title} apply to information received from "
                f"{version.commences_on:%-d %B %Y}; information received on {received_on:%-d %B %Y} cannot "
                "start a vetting withdrawal under them."
            }
        )
    if version.commences_on is None:
        raise ValidationError(f"The {version.title} are not in force: no vetting withdrawal can be started.")
    if person.person_type not in params.get("officer_types", ["officer", "special"]):
        raise ValidationError(
            {
                "person": f"{person.display_name} is not a police officer: the Vetting Regulations apply to officers only."
            }
        )
    if person.is_leaver:
        raise ValidationError({"person": f"{person.display_name} has left the force."})
    if source == InformationSource.SCREENING_HIT and source_hit is None:
        raise ValidationError({"source": "A screening-hit case is started from the hit's page."})
    if source_hit is not None and source_hit.person_id != person.pk:
        raise ValidationError({"source": "The screening hit is about someone else."})
    try:
        with (
            transaction.atomic(),
            pghistory.context(user=getattr(actor, "id", None), reason=reason, event="withdrawal_started"),
        ):
            case = WithdrawalCase.objects.create(
                reference=_next_reference(_today().year),
                person=person,
                source=source,
                source_hit=source_hit,
                source_case=source_case,
                information_received_on=received_on,
                information=information,
                rule_version=version,
                created_by=actor,
            )
            WithdrawalEvent.objects.create(
                case=case,
                event="information_received",
                title="Information received",
                to_stage=case.stage,
                actor=actor,
                reason=f"{InformationSource(source).label}: {reason}",
            )
            if source_hit is not None:
                hit = ScreeningHit.objects.select_for_update().get(pk=source_hit.pk)
                if hit.status == HitStatus.NEW:
                    hit.status, hit.decided_at, hit.decided_by = HitStatus.CLOSED, timezone.now(), actor
                    hit.outcome_reason = f"Vetting withdrawal {case.reference} started: {reason}"
                    hit.save(update_fields=["status", "decided_at", "decided_by", "outcome_reason"])
    except IntegrityError:
        open_case = WithdrawalCase.objects.filter(person=person).exclude(stage=S.CLOSED).first()
        raise ValidationError(
            {
                "person": f"{person.display_name} already has an open vetting withdrawal"
                + (f" ({open_case.reference}): add the information to that case." if open_case else ".")
            }
        ) from None
    return case


def vetting_referral(subject, actor, reason: str) -> WithdrawalCase:
    """The conduct hook (cases.extensions `vetting_referral`): a conduct matter's subject referred to
    be dealt with under the Vetting Regulations. Whatever the conduct outcome (a "no case to
    answer" included), the same information may found a vetting assessment."""
    case = subject.case
    return withdrawal_start(
        actor=actor,
        person=subject.person,
        source=InformationSource.CONDUCT_MATTER,
        information=f"Conduct matter {case.reference}: {case.summary}",
        reason=reason,
        received_on=_today(),
        source_case=case,
    )


# ---------------------------------------------------------------- steps


def duty_record(*, actor, case: WithdrawalCase, declaration: str, reason: str, declared_on: date | None = None):
    """Reg 5: the officer's duty to hold clearance and to notify promptly: did they?"""
    reason = _required(reason, "reason", "Say what is known of the officer's notification.")
    if declaration not in DeclarationStatus.values:
        raise ValidationError({"declaration": "Choose whether the officer notified the vetting authority."})
    notified = declaration in (DeclarationStatus.DECLARED, DeclarationStatus.DECLARED_LATE)
    if notified and declared_on is None:
        raise ValidationError({"declared_on": "Give the date the officer notified."})
    if declared_on:
        _past(declared_on, "declared_on", "The date the officer notified")
    with withdrawal_step(
        actor=actor, case=case, reason=reason, event="duty_recorded", title="Duty to notify recorded"
    ) as step:
        step.move("record_duty")
        step.case.declaration, step.case.declared_on, step.case.declaration_note = declaration, declared_on, reason
    return case


def suspension_decide(*, actor, case: WithdrawalCase, decision: str, reasons: str, decided_on: date | None = None):
    """Reg 13: suspend (or not, or end it) from the day the regulations apply until it is decided not
    to hold a withdrawal assessment or the assessment concludes."""
    reasons = _required(reasons, "reasons", "Give the reasons for the suspension decision.")
    if decision not in SuspensionDecision.values:
        raise ValidationError({"decision": "Choose the suspension decision."})
    decided_on = _past(
        decided_on,
        "decided_on",
        "The decision date",
        not_before=case.information_received_on,
        before_what="the information was received",
    )

    def guard(locked):
        if locked.stage not in (
            S.RECEIVED,
            S.DUTY_RECORDED,
            S.ASSESSMENT_REQUIRED,
            S.ASSESSOR_APPOINTED,
            S.INTERVIEWED,
        ):
            raise ValidationError(
                {"decision": "Suspension is possible only until the withdrawal assessment concludes (reg 13)."}
            )
        if decision == SuspensionDecision.SUSPEND and locked.suspended:
            raise ValidationError({"decision": "The officer is already suspended."})
        if decision == SuspensionDecision.END and not locked.suspended:
            raise ValidationError({"decision": "The officer is not suspended."})

    title = SuspensionDecision(decision).label
    with withdrawal_step(actor=actor, case=case, reason=reasons, event="suspension", title=title, guard=guard) as step:
        WithdrawalSuspension.objects.create(
            case=step.case, decision=decision, decided_on=decided_on, reasons=reasons, decided_by=actor
        )
        if decision == SuspensionDecision.SUSPEND:
            step.case.suspended = True
        elif decision == SuspensionDecision.END:
            step.case.suspended = False
    return case


def severity_assess(*, actor, case: WithdrawalCase, outcome: str, reasons: str, assessed_on: date | None = None):
    """Reg 15: could the matter reasonably result in withdrawal? Then there must be a withdrawal
    assessment; otherwise the case closes (and any suspension ends)."""
    reasons = _required(reasons, "reasons", "Give the reasons for the severity assessment.")
    if outcome not in SeverityOutcome.values:
        raise ValidationError({"outcome": "Choose the outcome of the severity assessment."})
    assessed_on = _past(
        assessed_on,
        "assessed_on",
        "The assessment date",
        not_before=case.information_received_on,
        before_what="the information was received",
    )
    with withdrawal_step(
        actor=actor, case=case, reason=reasons, event="severity_assessed", title="Severity assessment"
    ) as step:
        step.move("require_assessment" if outcome == SeverityOutcome.WITHDRAWAL_ASSESSMENT else "close")
        step.case.severity_outcome, step.case.severity_assessed_on, step.case.severity_reasons = (
            outcome,
            assessed_on,
            reasons,
        )
        if outcome == SeverityOutcome.NO_ASSESSMENT:
            _end_suspension(step, assessed_on, "No withdrawal assessment: the suspension ends (reg 13(5)(a)).")
    return case


def _end_suspension(step: Step, on: date, why: str) -> None:
    if step.case.suspended:
        step.case.suspended = False
        WithdrawalSuspension.objects.create(
            case=step.case, decision=SuspensionDecision.END, decided_on=on, reasons=why, decided_by=step.actor
        )


def assessor_appoint(
    *,
    actor,
    case: WithdrawalCase,
    assessor,
    reason: str,
    appointed_on: date | None = None,
    interview_planned_on: date | None = None,
):
    """Reg 16: appoint the person who carries out the withdrawal assessment; the officer is served
    the notice of withdrawal assessment (PDF) with their rights and the time for responding."""
    reason = _required(reason, "reason", "Say why this assessor was chosen.")
    if assessor is None or not assessor.has_role(*WITHDRAWAL_ROLES):
        raise ValidationError({"assessor": "Choose a vetting officer or the appropriate authority as assessor."})
    if getattr(assessor, "person_id", None) and assessor.person_id == case.person_id:
        raise ValidationError({"assessor": "The officer concerned cannot assess themself."})
    if case.person_id in withdrawal_blocked_people(user=assessor):
        raise ValidationError(
            {"assessor": "This assessor is in a conflict with the officer (self, chain or declared)."}
        )
    appointed_on = _past(appointed_on, "appointed_on", "The appointment date")
    if case.severity_assessed_on and appointed_on < case.severity_assessed_on:
        raise ValidationError({"appointed_on": "The assessor cannot be appointed before the severity assessment."})
    with withdrawal_step(
        actor=actor, case=case, reason=reason, event="assessor_appointed", title="Assessor appointed"
    ) as step:
        step.move("appoint_assessor")
        limits = time_limits(step.case)
        earliest = add_working_days(appointed_on, int(limits["interview_notice"]["working_days"]))
        if interview_planned_on and interview_planned_on < earliest:
            raise ValidationError(
                {"interview_planned_on": f"The officer must have {limits['interview_notice']['working_days']} working days' "
                 f"notice of the interview: the earliest date is {earliest:%-d %B %Y}."}
            )  # fmt: skip
        step.case.assessor, step.case.assessor_appointed_on = assessor, appointed_on
        step.case.interview_planned_on = interview_planned_on
        due = add_working_days(appointed_on, int(limits["officer_response"]["working_days"]))
        _notice(step, WithdrawalNotice.Kind.ASSESSMENT, appointed_on, due)
    return case


def _notice(step: Step, kind: str, served_on: date, due: date | None) -> WithdrawalNotice:
    pdf = documents.withdrawal_notice_pdf(case=step.case, kind=kind, served_on=served_on, due_on=due)
    return WithdrawalNotice.objects.create(
        case=step.case,
        kind=kind,
        served_on=served_on,
        response_due_on=due,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        served_by=step.actor,
    )


def withheld_add(
    *, actor, case: WithdrawalCase, description: str, ground: str, reasons: str, decided_on: date | None = None
):
    """Reg 8: material withheld from the officer because disclosing it would cause harm: what, on
    which ground, and why (never the material itself)."""
    description = _required(description, "description", "Say what is withheld (not its content).")
    reasons = _required(reasons, "reasons", "Give the reasons the harm test is met.")
    if ground not in HarmGround.values:
        raise ValidationError({"ground": "Choose the harm-test ground."})
    decided_on = _past(decided_on, "decided_on", "The decision date")

    def guard(locked):
        if locked.stage not in (S.ASSESSMENT_REQUIRED, S.ASSESSOR_APPOINTED, S.INTERVIEWED):
            raise ValidationError("Material is withheld during the withdrawal assessment only.")

    with withdrawal_step(
        actor=actor,
        case=case,
        reason=reasons,
        event="material_withheld",
        title="Material withheld (harm test)",
        guard=guard,
    ) as step:
        WithheldMaterial.objects.create(
            case=step.case,
            description=description,
            ground=ground,
            reasons=reasons,
            decided_by=actor,
            decided_on=decided_on,
        )
        step.reason = f"{description}: {HarmGround(ground).label}. {reasons}"
    return case


def interview_record(
    *, actor, case: WithdrawalCase, interview_on: date, summary: str, police_friend: str = "", lawyer: str = ""
):
    """The assessor's interview of the officer, with their police friend (reg 9) and lawyer (reg 10)."""
    summary = _required(summary, "summary", "Summarise the interview.")
    if interview_on is None:
        raise ValidationError({"interview_on": "Give the interview date."})
    _past(interview_on, "interview_on", "The interview date")
    notice = case.notices.filter(kind=WithdrawalNotice.Kind.ASSESSMENT).first()
    if notice is not None:
        days = int(time_limits(case)["interview_notice"]["working_days"])
        earliest = add_working_days(notice.served_on, days)
        if interview_on < earliest:
            raise ValidationError(
                {"interview_on": f"The officer must have {days} working days' notice of the interview: the earliest "
                 f"date was {earliest:%-d %B %Y}."}
            )  # fmt: skip
    with withdrawal_step(actor=actor, case=case, reason=summary, event="interviewed", title="Interview") as step:
        step.move("interview")
        step.case.interview_on, step.case.interview_summary = interview_on, summary
        step.case.police_friend, step.case.lawyer = (police_friend or "").strip(), (lawyer or "").strip()
    return case


def decision_record(*, actor, case: WithdrawalCase, outcome: str, reasons: str, decided_on: date | None = None):
    """The decision whether to withdraw the clearance, with reasons; served on the officer as a
    written notice. Withdrawing withdraws the officer's live clearance (linked to this case)."""
    from .clearance_services import _decide, clearance_current

    reasons = _required(reasons, "reasons", "Give the reasons for the decision: it must be justifiable later.")
    if outcome not in WithdrawalOutcome.values:
        raise ValidationError({"outcome": "Choose whether the clearance is withdrawn."})
    decided_on = _past(
        decided_on, "decided_on", "The decision date", not_before=case.interview_on, before_what="the interview"
    )
    title = (
        "Decision: clearance withdrawn"
        if outcome == WithdrawalOutcome.WITHDRAW
        else "Decision: clearance not withdrawn"
    )
    with withdrawal_step(actor=actor, case=case, reason=reasons, event="decided", title=title) as step:
        step.move("withdraw" if outcome == WithdrawalOutcome.WITHDRAW else "close")
        c = step.case
        c.outcome, c.decided_on, c.decided_by, c.decision_reasons = outcome, decided_on, actor, reasons
        _end_suspension(
            step, decided_on, "The withdrawal assessment has concluded: the suspension ends (reg 13(5)(b))."
        )
        if outcome == WithdrawalOutcome.WITHDRAW:
            clearance = clearance_current(person=c.person)
            if clearance is not None:
                from .models.clearances import Clearance

                locked = Clearance.objects.select_for_update().select_related("level").get(pk=clearance.pk)
                _decide(
                    actor=actor, clearance=locked, to_state=ClearanceState.WITHDRAWN,
                    rationale=f"Vetting withdrawal {c.reference}: {reasons}", decided_on=decided_on, method="withdraw",
                )  # fmt: skip
                c.clearance = locked
        _notice(step, WithdrawalNotice.Kind.DECISION, decided_on, None)
    return case


def dismissal_record(*, actor, case: WithdrawalCase, reason: str, dismissed_on: date | None = None):
    """Dismissal without notice of an officer whose clearance is withdrawn; the notice states the
    right of appeal and its time limit."""
    reason = _required(reason, "reason", "Record the basis of the dismissal.")
    dismissed_on = _past(
        dismissed_on,
        "dismissed_on",
        "The dismissal date",
        not_before=case.decided_on,
        before_what="the withdrawal decision",
    )

    def guard(locked):
        if locked.left_on:
            raise ValidationError(
                f"{locked.person.display_name} {LeavingKind(locked.left_how).label.lower()} on {locked.left_on:%-d %B %Y}: "
                "a former officer cannot be dismissed (the advisory list referral is recorded instead)."
            )

    with withdrawal_step(
        actor=actor, case=case, reason=reason, event="dismissed", title="Dismissed without notice", guard=guard
    ) as step:
        step.move("dismiss")
        step.case.dismissed_on = dismissed_on
        limits = time_limits(step.case)
        _notice(
            step,
            WithdrawalNotice.Kind.DISMISSAL,
            dismissed_on,
            add_working_days(dismissed_on, int(limits["internal_appeal"]["working_days"])),
        )
    return case


def appeal_lodge(*, actor, case: WithdrawalCase, grounds: str, lodged_on: date | None = None, late_reasons: str = ""):
    """An appeal: to the internal panel after dismissal, then to the Police Appeals Tribunal once
    the panel dismissed it. Out of time only with the reasons for lateness."""
    grounds = _required(grounds, "grounds", "Give the grounds of appeal.")
    lodged_on = _past(lodged_on, "lodged_on", "The date the appeal was lodged")
    level = AppealLevel.INTERNAL if case.stage == S.DISMISSED else AppealLevel.TRIBUNAL
    limits = time_limits(case)
    if level == AppealLevel.INTERNAL:
        start = (
            case.notices.filter(kind=WithdrawalNotice.Kind.DISMISSAL).values_list("served_on", flat=True).first()
            or case.dismissed_on
        )
        key = "internal_appeal"
    else:
        start = case.appeals.filter(level=AppealLevel.INTERNAL).values_list("decided_on", flat=True).first()
        key = "tribunal_appeal"
    if start and lodged_on < start:
        raise ValidationError({"lodged_on": f"The appeal cannot be lodged before {start:%-d %B %Y}."})
    due = add_working_days(start or lodged_on, int(limits[key]["working_days"]))
    late_reasons = (late_reasons or "").strip()
    if lodged_on > due and not late_reasons:
        raise ValidationError(
            {"late_reasons": f"The time for appealing ended on {due:%-d %B %Y} ({limits[key]['working_days']} working "
             "days): record why a late appeal is accepted, or do not lodge it."}
        )  # fmt: skip
    title = f"Appeal lodged: {AppealLevel(level).label}"
    with withdrawal_step(actor=actor, case=case, reason=grounds, event="appeal_lodged", title=title) as step:
        step.move("appeal_internal" if level == AppealLevel.INTERNAL else "appeal_tribunal")
        WithdrawalAppeal.objects.create(
            case=step.case,
            level=level,
            lodged_on=lodged_on,
            due_by=due,
            grounds=grounds,
            late_reasons=late_reasons,
            lodged_by=actor,
        )
    return case


def appeal_decide(*, actor, case: WithdrawalCase, result: str, reasons: str, decided_on: date | None = None):
    """The panel's or the Tribunal's result. Allowed: the clearance is reinstated and the case
    closes; dismissed by the panel: the officer may go on to the Tribunal."""
    from .clearance_services import _decide

    reasons = _required(reasons, "reasons", "Give the reasons for the appeal result.")
    if result not in AppealResult.values:
        raise ValidationError({"result": "Choose the appeal result."})
    decided_on = _past(decided_on, "decided_on", "The appeal decision date")
    with withdrawal_step(
        actor=actor, case=case, reason=reasons, event="appeal_decided", title="Appeal decided"
    ) as step:
        if step.case.stage not in (S.INTERNAL_APPEAL, S.TRIBUNAL_APPEAL):
            raise ValidationError(
                f"There is no appeal to decide while the case is '{WithdrawalStage(step.case.stage).label}'."
            )
        appeal = step.case.appeals.select_for_update().get(
            result="", level=AppealLevel.INTERNAL if step.case.stage == S.INTERNAL_APPEAL else AppealLevel.TRIBUNAL
        )
        if decided_on < appeal.lodged_on:
            raise ValidationError({"decided_on": "The appeal cannot be decided before it was lodged."})
        appeal.result, appeal.reasons, appeal.decided_on, appeal.decided_by = result, reasons, decided_on, actor
        appeal.save()
        step.title = f"{AppealLevel(appeal.level).label}: {AppealResult(result).label.split(':')[0].lower()}"
        if result == AppealResult.DISMISSED and appeal.level == AppealLevel.INTERNAL:
            step.move("internal_appeal_dismissed")
        else:
            step.move("close")
        if result == AppealResult.ALLOWED and step.case.clearance_id:
            from .models.clearances import Clearance

            clearance = Clearance.objects.select_for_update().select_related("level").get(pk=step.case.clearance_id)
            if clearance.state == ClearanceState.WITHDRAWN:
                _decide(
                    actor=actor, clearance=clearance, to_state=ClearanceState.GRANTED,
                    rationale=f"{AppealLevel(appeal.level).label} allowed the appeal ({step.case.reference}): {reasons}",
                    decided_on=decided_on, method="overturn",
                )  # fmt: skip
        _notice(step, WithdrawalNotice.Kind.APPEAL, decided_on, None)
    return case


def leaving_record(*, actor, case: WithdrawalCase, how: str, left_on: date, reason: str):
    """Resignation or retirement during the process: recorded, and the officer referred to the
    College of Policing's advisory list. The assessment may continue to a decision."""
    reason = _required(reason, "reason", "Record how the leaving became known.")
    if how not in LeavingKind.values:
        raise ValidationError({"how": "Choose resigned or retired."})
    if left_on is None:
        raise ValidationError({"left_on": "Give the leaving date."})
    _past(
        left_on,
        "left_on",
        "The leaving date",
        not_before=case.information_received_on,
        before_what="the information was received",
    )

    def guard(locked):
        if locked.left_on:
            raise ValidationError("The officer's leaving is already recorded.")
        if locked.stage in (S.DISMISSED, S.INTERNAL_APPEAL, S.APPEAL_DISMISSED, S.TRIBUNAL_APPEAL, S.CLOSED):
            raise ValidationError("The officer has already been dismissed or the case is closed.")

    title = f"{LeavingKind(how).label} during the process: advisory list referral"
    with withdrawal_step(actor=actor, case=case, reason=reason, event="left_service", title=title, guard=guard) as step:
        step.case.left_on, step.case.left_how, step.case.advisory_list_referred_on = left_on, how, _today()
    return case


def close_after_appeal_time(*, actor, case: WithdrawalCase, reason: str):
    """Close a dismissed case once the time for appealing has passed with no appeal."""
    reason = _required(reason, "reason", "Say why the case closes.")
    with withdrawal_step(actor=actor, case=case, reason=reason, event="closed", title="Case closed") as step:
        step.move("close")
    return case


# ---------------------------------------------------------------- which steps are possible now


def available_steps(case: WithdrawalCase) -> list[str]:
    stage = case.stage
    steps = []
    order = {
        S.RECEIVED: ["duty"],
        S.DUTY_RECORDED: ["severity"],
        S.ASSESSMENT_REQUIRED: ["assessor"],
        S.ASSESSOR_APPOINTED: ["interview"],
        S.INTERVIEWED: ["decision"],
        S.WITHDRAWN: ["dismissal"],
        S.DISMISSED: ["appeal", "close"],
        S.INTERNAL_APPEAL: ["appeal-decision"],
        S.APPEAL_DISMISSED: ["appeal", "close"],
        S.TRIBUNAL_APPEAL: ["appeal-decision"],
    }
    steps += order.get(stage, [])
    if stage in (S.RECEIVED, S.DUTY_RECORDED, S.ASSESSMENT_REQUIRED, S.ASSESSOR_APPOINTED, S.INTERVIEWED):
        steps.append("suspension")
    if stage in (S.ASSESSMENT_REQUIRED, S.ASSESSOR_APPOINTED, S.INTERVIEWED):
        steps.append("withheld")
    if (
        stage not in (S.DISMISSED, S.INTERNAL_APPEAL, S.APPEAL_DISMISSED, S.TRIBUNAL_APPEAL, S.CLOSED)
        and not case.left_on
    ):
        steps.append("leaving")
    if case.left_on and "dismissal" in steps:
        steps.remove("dismissal")
    return steps
