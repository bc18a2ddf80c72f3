"""Every write to an intelligence log. Keyword-only, one transaction, history with who and why
(pghistory context: the acting user and the reason). Rules raise ValidationError with a message a
person can act on (forms show it on the field; the API answers 400).

The life of a log: recorded (received) -> graded 3x5x2 and sanitised (assessed) -> tasked (owner,
what is tasked, review date) -> possibly developed into an operation (a restricted case) ->
closed with an outcome (criminal investigation, conduct matter, vetting review, management action,
no further action), each with reasons.

Only a unit member who may read the log in full acts on it (counter_corruption.selectors). The
sanitised text is required before anything leaves the unit (a tasking, an operation, a conduct
matter, a vetting review, a criminal investigation or management action): the conduct matter a log
leads to carries the sanitised text only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .choices import (
    AtRisk,
    EntityKind,
    HandlingCode,
    HandlingLevel,
    IntelAssessment,
    IntelOutcome,
    IntelStatus,
    SourceEvaluation,
    SourceType,
)
from .entity_keys import EntityKeyError, entity_key
from .models import Entity, IntelEntity, IntelGrant, IntelLog, IntelSubject, Theme
from .references import next_intel_reference
from .selectors import is_unit_member, may_read_in_full, people_conflicted_for

# outcomes that send something outside the unit: the sanitised text must exist first
DISSEMINATING_OUTCOMES = {
    IntelOutcome.CRIMINAL_INVESTIGATION,
    IntelOutcome.CONDUCT_MATTER,
    IntelOutcome.VETTING_REVIEW,
    IntelOutcome.MANAGEMENT_ACTION,
}


@dataclass(frozen=True)
class EntityInput:
    """An entity mentioned by a log, as typed: resolved to an Entity by its normalised key."""

    kind: str
    raw: str
    relationship: str = ""
    attributes: dict = field(default_factory=dict)


def _context(actor, reason: str):
    return pghistory.context(user=getattr(actor, "pk", None), reason=reason)


def _require(value: str, field_name: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field_name: message})
    return value


def _require_member(actor) -> None:
    if not is_unit_member(actor):
        raise ValidationError("Only members of the counter-corruption unit record and work intelligence.")


def _locked(actor, log: IntelLog) -> IntelLog:
    """The log locked for update, after checking the actor may read it in full."""
    _require_member(actor)
    if not may_read_in_full(user=actor, log=log):
        raise ValidationError("You may not work this log.")
    return IntelLog.objects.select_for_update().get(pk=log.pk)


def _require_open(log: IntelLog) -> None:
    if log.status == IntelStatus.CLOSED:
        raise ValidationError("This log is closed: record new intelligence instead.")


def entity_resolve(*, kind: str, raw: str, attributes: dict | None = None) -> Entity:
    """The Entity of this raw value (created the first time its normalised key is seen)."""
    try:
        key, display = entity_key(kind, raw, attributes)
    except EntityKeyError as exc:
        raise ValidationError({"entities": f"{EntityKind(kind).label if kind in EntityKind.values else kind}: {exc}"})
    entity, _ = Entity.objects.get_or_create(
        kind=kind, key=key, defaults={"display": display[:300], "attributes": attributes or {}}
    )
    return entity


# ------------------------------------------------------------------ recording


def intel_log_record(
    *,
    actor,
    source_type: str,
    received_on: date,
    original_text: str,
    subjects: list,
    entities: list[EntityInput] | None = None,
    themes: list | None = None,
    at_risk: str = AtRisk.NONE,
    handling_level: str = HandlingLevel.UNIT,
    report=None,
    legacy_grading: str = "",
    reason: str = "intelligence recorded",
) -> IntelLog:
    """A new log (status received). ``subjects``: workforce people; ``entities``: outside people,
    addresses, phones, vehicles, businesses, resolved by their normalised keys."""
    _require_member(actor)
    original_text = _require(original_text, "original_text", "Enter the intelligence as received.")
    if source_type not in SourceType.values:
        raise ValidationError({"source_type": "Choose the source type."})
    if at_risk not in AtRisk.values:
        raise ValidationError({"at_risk": "Choose who, if anyone, is at risk."})
    if handling_level not in HandlingLevel.values:
        raise ValidationError({"handling_level": "Choose the handling level."})
    if received_on is None:
        raise ValidationError({"received_on": "Enter the date the intelligence was received."})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "The date received cannot be in the future."})
    subjects = list({p.pk: p for p in subjects}.values())
    conflicted = people_conflicted_for(user=actor, people=subjects)
    if conflicted:
        names = ", ".join(p.staff_number for p in subjects if p.pk in conflicted)
        raise ValidationError(
            {
                "subjects": f"You may not hold intelligence about {names} (yourself, your line-management chain "
                "or a declared conflict): pass it to another member of the unit."
            }
        )
    with transaction.atomic(), _context(actor, reason):
        log = IntelLog.objects.create(
            reference=next_intel_reference(received_on.year),
            received_on=received_on,
            source_type=source_type,
            original_text=original_text,
            at_risk=at_risk,
            handling_level=handling_level,
            legacy_grading=legacy_grading,
            report=report,
            recorded_by=actor,
        )
        IntelSubject.objects.bulk_create([IntelSubject(log=log, person=p) for p in subjects])
        for item in entities or []:
            entity = entity_resolve(kind=item.kind, raw=item.raw, attributes=item.attributes)
            IntelEntity.objects.get_or_create(
                log=log, entity=entity, defaults={"relationship": item.relationship[:120]}
            )
        if themes:
            log.themes.set(themes)
        if handling_level == HandlingLevel.NAMED:
            IntelGrant.objects.create(log=log, user=actor, granted_by=actor, reason="recorded the log")
    return log


def intel_log_record_from_report(
    *,
    actor,
    report_reference: str,
    original_text: str = "",
    received_on: date | None = None,
    subjects: list | None = None,
    **kwargs,
) -> IntelLog:
    """A log from a reporting-line report (read through reporting's selector, so a report the
    officer may not see cannot be used): linked to it, source type reporting line, the report's
    text as the original unless given, the people linked to the report as subjects unless given."""
    from reporting.selectors import reports_visible_to

    report = reports_visible_to(user=actor).filter(reference=report_reference).first()
    if report is None:
        raise ValidationError({"report": "No report with that reference that you may see."})
    if not original_text.strip():
        parts = [report.what_happened]
        for label, value in (
            ("When", report.when_happened),
            ("Where", report.where_happened),
            ("Who", report.people_described),
        ):
            if value:
                parts.append(f"{label}: {value}")
        original_text = "\n".join(parts)
    if subjects is None:
        subjects = [link.person for link in report.person_links.select_related("person")]
    return intel_log_record(
        actor=actor,
        source_type=SourceType.REPORTING_LINE,
        received_on=received_on or timezone.localtime(report.received_at).date(),
        original_text=original_text,
        subjects=subjects,
        report=report,
        reason=kwargs.pop("reason", f"intelligence recorded from report {report.reference}"),
        **kwargs,
    )


# ------------------------------------------------------------------ assessment


def intel_grade(
    *,
    actor,
    log: IntelLog,
    source_evaluation: str,
    intelligence_assessment: str,
    handling_code: str,
    handling_conditions: str = "",
    reason: str,
) -> IntelLog:
    """Grade 3x5x2. Handling code C needs its conditions. A legacy 5x5x5 grading stays as imported."""
    errors = {}
    if source_evaluation not in SourceEvaluation.values:
        errors["source_evaluation"] = "Choose the source evaluation (A, B or C)."
    if intelligence_assessment not in IntelAssessment.values:
        errors["intelligence_assessment"] = "Choose the intelligence assessment (1 to 5)."
    if handling_code not in HandlingCode.values:
        errors["handling_code"] = "Choose the handling code (P or C)."
    handling_conditions = (handling_conditions or "").strip()
    if handling_code == HandlingCode.C and not handling_conditions:
        errors["handling_conditions"] = "Handling code C: record the conditions on sharing."
    if not (reason or "").strip():
        errors["reason"] = "Give the reasons for the grading."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), _context(actor, reason):
        log = _locked(actor, log)
        _require_open(log)
        log.source_evaluation = source_evaluation
        log.intelligence_assessment = intelligence_assessment
        log.handling_code = handling_code
        log.handling_conditions = handling_conditions if handling_code == HandlingCode.C else ""
        log.graded_at = timezone.now()
        _assessed_if_ready(log)
        log.save()
    return log


def _assessed_if_ready(log: IntelLog) -> None:
    if log.status == IntelStatus.RECEIVED and log.graded_at and log.is_sanitised:
        log.status = IntelStatus.ASSESSED


def intel_sanitise(*, actor, log: IntelLog, sanitised_text: str, reason: str = "sanitised") -> IntelLog:
    """The version anyone outside the unit is ever shown: no source, no means of knowing."""
    sanitised_text = _require(sanitised_text, "sanitised_text", "Enter the sanitised text.")
    if sanitised_text == log.original_text.strip():
        raise ValidationError(
            {"sanitised_text": "The sanitised text is the original word for word: remove what identifies the source."}
        )
    with transaction.atomic(), _context(actor, reason or "sanitised"):
        log = _locked(actor, log)
        _require_open(log)
        log.sanitised_text = sanitised_text
        log.sanitised_at = timezone.now()
        _assessed_if_ready(log)
        log.save()
    return log


def intel_classify(*, actor, log: IntelLog, themes: list, at_risk: str, handling_level: str, reason: str) -> IntelLog:
    """Themes, the vulnerability of anyone at risk, and the handling level."""
    reason = _require(reason, "reason", "Give the reasons for the change.")
    if at_risk not in AtRisk.values:
        raise ValidationError({"at_risk": "Choose who, if anyone, is at risk."})
    if handling_level not in HandlingLevel.values:
        raise ValidationError({"handling_level": "Choose the handling level."})
    with transaction.atomic(), _context(actor, reason):
        log = _locked(actor, log)
        log.at_risk = at_risk
        if handling_level == HandlingLevel.NAMED and log.handling_level != HandlingLevel.NAMED:
            # whoever restricts the log stays on it
            IntelGrant.objects.get_or_create(
                log=log, user=actor, defaults={"granted_by": actor, "reason": "restricted the log to named people"}
            )
        log.handling_level = handling_level
        log.save()
        log.themes.set([t if isinstance(t, Theme) else Theme.objects.get(code=t) for t in themes])
    return log


def intel_grant(*, actor, log: IntelLog, user, reason: str) -> IntelGrant:
    """Name a unit member on the log (read in full when its handling level is 'named people only')."""
    reason = _require(reason, "reason", "Give the reason for naming this person.")
    if not is_unit_member(user):
        raise ValidationError({"user": "Only members of the counter-corruption unit can be named on a log."})
    if people_conflicted_for(user=user, people=[s.person for s in log.subjects.select_related("person")]):
        raise ValidationError({"user": f"{user.get_full_name()} may not see this log (a conflict with a subject)."})
    with transaction.atomic(), _context(actor, reason):
        _locked(actor, log)
        grant, created = IntelGrant.objects.get_or_create(
            log=log, user=user, defaults={"granted_by": actor, "reason": reason[:300]}
        )
        if not created:
            raise ValidationError({"user": f"{user.get_full_name()} is already named on this log."})
    return grant


def intel_grant_revoke(*, actor, log: IntelLog, user, reason: str) -> None:
    reason = _require(reason, "reason", "Give the reason for removing this person.")
    with transaction.atomic(), _context(actor, reason):
        log = _locked(actor, log)
        grants = IntelGrant.objects.filter(log=log)
        if not grants.filter(user=user).exists():
            raise ValidationError({"user": "That person is not named on this log."})
        if log.handling_level == HandlingLevel.NAMED and grants.count() == 1:
            raise ValidationError({"user": "A log for named people only must keep at least one person named."})
        grants.filter(user=user).delete()


# ------------------------------------------------------------------ tasking, operation, outcome


def intel_task(
    *, actor, log: IntelLog, owner, tasking: str, review_on: date | None, reason: str, tasked_on: date | None = None
) -> IntelLog:
    """The tasking decision: who owns it (a unit member who may read the log), what is tasked and
    when it is reviewed. Needs the grading and the sanitised text first."""
    errors = {}
    if not (tasking or "").strip():
        errors["tasking"] = "Say what is tasked."
    if review_on is None:
        errors["review_on"] = "Enter the review date."
    tasked_on = tasked_on or timezone.localdate()
    if review_on is not None and review_on <= tasked_on:
        errors["review_on"] = "The review date must be after the tasking."
    if owner is None:
        errors["owner"] = "Choose who owns the tasking."
    elif not (is_unit_member(owner) and may_read_in_full(user=owner, log=log)):
        errors["owner"] = "The owner must be a member of the unit who may read this log."
    if not (reason or "").strip():
        errors["reason"] = "Give the reasons for the tasking."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), _context(actor, reason):
        log = _locked(actor, log)
        _require_open(log)
        if not log.grading:
            raise ValidationError("Grade the log before tasking it.")
        if not log.is_sanitised:
            raise ValidationError("Sanitise the log before tasking it.")
        log.tasked_to = owner
        log.tasking = tasking.strip()
        log.tasked_on = tasked_on
        log.review_on = review_on
        if log.status in (IntelStatus.RECEIVED, IntelStatus.ASSESSED):
            log.status = IntelStatus.TASKED
        log.save()
    return log


def intel_operation_develop(
    *, actor, log: IntelLog, name: str, members: list, reason: str, on: date | None = None
) -> IntelLog:
    """Develop the log into an operation: a restricted case (source intelligence) about the log's
    subjects, visible only to the unit members named (and whoever develops it), linked to the log."""
    from cases.choices import Source
    from cases.services import case_access_grant, case_open, subject_add

    name = _require(name, "name", "Enter the operation's name.")
    reason = _require(reason, "reason", "Give the reasons for developing an operation.")
    members = list({m.pk: m for m in [actor, *members]}.values())
    refused = [m for m in members if not (is_unit_member(m) and may_read_in_full(user=m, log=log))]
    if refused:
        raise ValidationError(
            {"members": "Only unit members who may read this log: " + ", ".join(m.get_full_name() for m in refused)}
        )
    with transaction.atomic(), _context(actor, reason):
        log = _locked(actor, log)
        _require_open(log)
        if log.operation_id:
            raise ValidationError("This log is already developed into an operation.")
        if not log.is_sanitised:
            raise ValidationError("Sanitise the log before developing an operation.")
        subjects = [s.person for s in log.subjects.select_related("person")]
        if not subjects:
            raise ValidationError("An operation needs at least one subject: the log names none.")
        case = case_open(
            actor=actor,
            source=Source.INTELLIGENCE,
            received_date=on or timezone.localdate(),
            summary=f"Operation {name}: {log.sanitised_text}"[:300],
            intermediary_reference=log.reference,
            is_restricted=True,
        )
        for person in subjects:
            subject_add(actor=actor, case=case, person=person)
        for member in members:
            case_access_grant(actor=actor, case=case, user=member, reason=f"Operation {name} ({log.reference})")
        log.operation = case
        log.status = IntelStatus.OPERATION
        log.save()
    return log


def intel_outcome_record(*, actor, log: IntelLog, outcome: str, reason: str, on: date | None = None) -> IntelLog:
    """Close the log with its outcome and reasons. A conduct matter outcome opens one through the
    case services (source intelligence), about the log's subjects, carrying the sanitised text only."""
    from cases.choices import Source
    from cases.services import case_open, subject_add

    if outcome not in IntelOutcome.values:
        raise ValidationError({"outcome": "Choose the outcome."})
    reason = _require(reason, "reason", "Give the reasons for the outcome.")
    on = on or timezone.localdate()
    with transaction.atomic(), _context(actor, f"outcome: {outcome}: {reason}"):
        log = _locked(actor, log)
        _require_open(log)
        if not log.grading:
            raise ValidationError("Grade the log before recording its outcome.")
        if outcome in DISSEMINATING_OUTCOMES and not log.is_sanitised:
            raise ValidationError({"outcome": "Sanitise the log first: this outcome takes it outside the unit."})
        if outcome == IntelOutcome.CONDUCT_MATTER:
            subjects = [s.person for s in log.subjects.select_related("person")]
            if not subjects:
                raise ValidationError({"outcome": "A conduct matter needs a subject: the log names none."})
            case = case_open(
                actor=actor,
                source=Source.INTELLIGENCE,
                received_date=on,
                summary=f"From intelligence {log.reference}: {log.sanitised_text}"[:300],
                intermediary_reference=log.reference,
            )
            for person in subjects:
                subject_add(actor=actor, case=case, person=person)
            log.case = case
        log.outcome = outcome
        log.outcome_reason = reason
        log.outcome_on = on
        log.status = IntelStatus.CLOSED
        log.save()
    return log
