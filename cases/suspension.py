"""Suspension and restricted duties: a decision with reasons, reviews, lifting, and the deadlines.

Two versions of the rule ("suspension", held as data in law.RuleVersion, chosen by the conduct
date of the subject's matter):

- "2020": regulation 11 of the Police (Conduct) Regulations 2020 as first made. The appropriate
  authority *may* suspend, and only where the suspension conditions are met: restricted duties
  (temporary redeployment) were considered and would not do, and the investigation may be
  prejudiced or the public interest requires it. Reviews every 4 weeks. The 2024 automatic
  suspension policy (charge for a listed offence) is held as a presumption: departing from it
  needs written reasons.
- "2026": the Police (Conduct and Vetting etc.) (Amendment) Regulations 2026, for conduct on or
  after 13 July 2026. Suspension is a *duty* where a ground is met and restricted duties would
  not do; reg 11B: a subject under criminal investigation for conduct assessed as gross misconduct
  is decided on within 3 working days; reviews every 12 weeks; reg 11C: arrest for a listed
  sexual or domestic-abuse offence means suspension unless exceptional circumstances (reasons
  required), and a charge for a listed offence means suspension.

Every write takes the actor and the reasons, runs as one lifecycle step (locks, history with the
reason, the case timeline, a re-score of the case) and keeps the subject's `suspended` and
`restricted_duties` booleans as the derived current state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from core.working_days import add_working_days

from . import lifecycle
from .choices import Severity, SubjectStage
from .models import CaseSubject, SeverityAssessment
from .suspension_models import (
    CriminalEventKind,
    CriminalProceedingEvent,
    ListedOffence,
    OffenceGroup,
    ReviewOutcome,
    SuspensionDecision,
    SuspensionOutcome,
    SuspensionReview,
)

RULE = "suspension"
QUEUE_LIMIT = 500  # subjects in the suspension queue (a force has tens, not thousands, at a time)
COMMENCEMENT_2026 = date(2026, 7, 13)

RULE_VERSIONS = [
    dict(
        rule=RULE,
        version="2020",
        title="Suspension: regulation 11 as first made, with the 2024 automatic suspension policy",
        instrument="Police (Conduct) Regulations 2020, SI 2020/4",
        commences_on=date(2020, 2, 1),
        applies_by="conduct_date",
        transitional="Conduct before 13 July 2026 keeps these rules, whenever it comes to attention.",
        summary=(
            "The appropriate authority may suspend only where restricted duties were considered and would not do, "
            "and the investigation may be prejudiced or the public interest requires it. Reviews every 4 weeks. "
            "2024 policy: a charge for a listed offence is presumed to lead to suspension; departing from it needs "
            "written reasons."
        ),
        params={
            "review_weeks": 4,
            "decision_due_working_days": None,
            "suspension_is_duty": False,
            "arrest_presumption": False,
            "charge": "presumption",
        },
    ),
    dict(
        rule=RULE,
        version="2026",
        title="Suspension: regulations 11, 11B and 11C as amended in 2026",
        instrument="Police (Conduct and Vetting etc.) (Amendment) Regulations 2026",
        commences_on=COMMENCEMENT_2026,
        applies_by="conduct_date",
        transitional="Applies to conduct on or after 13 July 2026; earlier conduct keeps the 2020 rules.",
        summary=(
            "Suspension is a duty where the investigation may be prejudiced or the public interest requires it and "
            "restricted duties would not do. Reg 11B: a decision within 3 working days where the officer is under "
            "criminal investigation for conduct assessed as gross misconduct. Reviews every 12 weeks. Reg 11C: "
            "arrest for a listed sexual or domestic-abuse offence means suspension unless exceptional "
            "circumstances; a charge for a listed offence means suspension."
        ),
        params={
            "review_weeks": 12,
            "decision_due_working_days": 3,
            "suspension_is_duty": True,
            "arrest_presumption": True,
            "charge": "mandatory",
        },
    ),
]

# A starting list (code, label, group, on arrest, on charge): an administrator keeps it in line
# with Schedule 3 to the 2026 Regulations (docs/law/suspension.md).
LISTED_OFFENCES = [
    ("rape", "Rape (Sexual Offences Act 2003 s.1)", OffenceGroup.SEXUAL, True, True),
    ("assault_by_penetration", "Assault by penetration (SOA 2003 s.2)", OffenceGroup.SEXUAL, True, True),
    ("sexual_assault", "Sexual assault (SOA 2003 s.3)", OffenceGroup.SEXUAL, True, True),
    (
        "causing_sexual_activity",
        "Causing sexual activity without consent (SOA 2003 s.4)",
        OffenceGroup.SEXUAL,
        True,
        True,
    ),
    ("child_sexual_offence", "Sexual offences against children (SOA 2003 ss.5-15A)", OffenceGroup.SEXUAL, True, True),
    ("voyeurism", "Voyeurism (SOA 2003 ss.67, 67A)", OffenceGroup.SEXUAL, True, True),
    ("exposure", "Exposure (SOA 2003 s.66)", OffenceGroup.SEXUAL, True, True),
    (
        "intimate_image_abuse",
        "Sharing or threatening to share intimate images (SOA 2003 s.66B)",
        OffenceGroup.SEXUAL,
        True,
        True,
    ),
    ("indecent_images", "Indecent images of children (PCA 1978 s.1; CJA 1988 s.160)", OffenceGroup.SEXUAL, True, True),
    (
        "controlling_behaviour",
        "Controlling or coercive behaviour (Serious Crime Act 2015 s.76)",
        OffenceGroup.DOMESTIC_ABUSE,
        True,
        True,
    ),
    (
        "strangulation",
        "Strangulation or suffocation (Serious Crime Act 2015 s.75A)",
        OffenceGroup.DOMESTIC_ABUSE,
        True,
        True,
    ),
    ("stalking", "Stalking (Protection from Harassment Act 1997 ss.2A, 4A)", OffenceGroup.DOMESTIC_ABUSE, True, True),
    ("harassment", "Harassment (Protection from Harassment Act 1997 ss.2, 4)", OffenceGroup.DOMESTIC_ABUSE, True, True),
    (
        "breach_protective_order",
        "Breach of a domestic abuse protection or non-molestation order",
        OffenceGroup.DOMESTIC_ABUSE,
        True,
        True,
    ),
    (
        "domestic_assault",
        "Assault in a domestic abuse context (ABH, GBH, common assault)",
        OffenceGroup.DOMESTIC_ABUSE,
        True,
        True,
    ),
    (
        "misconduct_public_office_sexual",
        "Misconduct in public office for a sexual purpose",
        OffenceGroup.OTHER,
        False,
        True,
    ),
]


def ensure_suspension_reference_data(**kwargs) -> None:
    """post_migrate: the rule's versions and the listed offences (never overwritten)."""
    for code, label, group, on_arrest, on_charge in LISTED_OFFENCES:
        ListedOffence.objects.get_or_create(
            code=code, defaults={"label": label, "group": group, "on_arrest": on_arrest, "on_charge": on_charge}
        )
    from law.rules import ensure_versions

    ensure_versions([dict(v) for v in RULE_VERSIONS])


# ------------------------------------------------------------------ rules


def rule_version_for(subject: CaseSubject):
    """The RuleVersion applying to this subject (by its conduct date)."""
    from .rules import rule_for

    return rule_for(subject, RULE)


def params_of(version) -> dict:
    """The version's params, with the built-in values of its slug as the fallback."""
    built_in = {v["version"]: v["params"] for v in RULE_VERSIONS}
    if version is None:
        return dict(built_in["2020"])
    return {**built_in.get(version.version, built_in["2020"]), **(version.params or {})}


def _version_label(version) -> str:
    return "the 2026 rules" if params_of(version).get("suspension_is_duty") else "the 2020 rules"


def listed_charge(subject: CaseSubject) -> CriminalProceedingEvent | None:
    return (
        subject.criminal_events.filter(kind=CriminalEventKind.CHARGE, offence__on_charge=True)
        .select_related("offence")
        .first()
    )


def listed_arrest(subject: CaseSubject) -> CriminalProceedingEvent | None:
    return (
        subject.criminal_events.filter(kind=CriminalEventKind.ARREST, offence__on_arrest=True)
        .select_related("offence")
        .first()
    )


def standing_decision(subject: CaseSubject) -> SuspensionDecision | None:
    """The suspension or restriction that stands now, if any."""
    return (
        SuspensionDecision.objects.filter(subject=subject, ended_on__isnull=True)
        .exclude(outcome=SuspensionOutcome.NEITHER)
        .select_related("rule_version", "decided_by")
        .first()
    )


def gross_misconduct_assessed_on(subject: CaseSubject) -> date | None:
    """When the subject's conduct was assessed as gross misconduct (the standing assessment)."""
    if subject.severity != Severity.GROSS_MISCONDUCT:
        return None
    latest = SeverityAssessment.objects.filter(subject=subject).order_by("-created_at").first()
    if latest is not None and latest.severity == Severity.GROSS_MISCONDUCT:
        return latest.assessed_on
    return subject.severity_date


def pending_events(subject: CaseSubject) -> list[CriminalProceedingEvent]:
    """Criminal investigations, arrests and charges no decision has answered yet: a decision
    answers an event when it names it, or was made on or after the day it became known."""
    decisions = list(SuspensionDecision.objects.filter(subject=subject).values_list("trigger_id", "decided_on"))
    answered = {t for t, _ in decisions if t}
    latest = max((d for _, d in decisions), default=None)
    return [
        e
        for e in subject.criminal_events.select_related("offence").order_by("known_on", "id")
        if e.id not in answered and (latest is None or latest < e.known_on)
    ]


def decision_due_on(subject: CaseSubject, event: CriminalProceedingEvent, version=None) -> date | None:
    """Reg 11B: 3 working days from the later of the gross misconduct assessment and the day the
    appropriate authority learnt of the criminal investigation (arrest, charge). None where no
    clock runs (the 2020 rules, or the conduct is not assessed as gross misconduct)."""
    params = params_of(version if version is not None else rule_version_for(subject))
    days = params.get("decision_due_working_days")
    assessed = gross_misconduct_assessed_on(subject)
    if not days or assessed is None:
        return None
    return add_working_days(max(assessed, event.known_on), int(days))


def next_review_due(decision: SuspensionDecision) -> date | None:
    """A standing suspension is reviewed every 4 weeks (2020) or 12 weeks (2026) from the decision
    or its last review. A list reading many decisions annotates `last_review`
    (Max("reviews__reviewed_on")) to save a query each."""
    if decision.outcome != SuspensionOutcome.SUSPEND or decision.ended_on:
        return None
    weeks = int(params_of(decision.rule_version).get("review_weeks") or 4)
    if hasattr(decision, "last_review"):
        last = decision.last_review
    else:
        last = decision.reviews.order_by("-reviewed_on").values_list("reviewed_on", flat=True).first()
    return (last or decision.decided_on) + timedelta(weeks=weeks)


@dataclass(frozen=True)
class SuspensionDeadline:
    subject: CaseSubject
    kind: str  # "decision" | "review"
    due_on: date | None
    label: str

    def overdue(self, today: date) -> bool:
        return self.due_on is not None and self.due_on < today


def deadlines_for(subject: CaseSubject) -> list[SuspensionDeadline]:
    """The suspension decision due (reg 11B) and the next review due, for one subject."""
    out = []
    if subject.stage == SubjectStage.CLOSED:
        return out
    name = subject.person.display_name
    pending = pending_events(subject)
    if pending:
        event = pending[0]
        due = decision_due_on(subject, event)
        out.append(
            SuspensionDeadline(
                subject,
                "decision",
                due,
                f"Suspension decision for {name} ({event.get_kind_display().lower()})"
                + (" within 3 working days (reg 11B)" if due else ""),
            )
        )
    standing = standing_decision(subject)
    if standing is not None:
        due = next_review_due(standing)
        if due:
            out.append(SuspensionDeadline(subject, "review", due, f"Suspension review for {name}"))
    return out


def deadlines_shown(subject: CaseSubject, today: date) -> list[tuple[date, str]]:
    """(due, what) for the case page's deadlines, overdue ones marked."""
    return [
        (d.due_on, d.label + (" (overdue)" if d.overdue(today) else ""))
        for d in deadlines_for(subject)
        if d.due_on is not None
    ]


# ------------------------------------------------------------------ services


def criminal_event_record(
    *,
    actor,
    subject: CaseSubject,
    kind: str,
    occurred_on: date,
    known_on: date,
    offence: ListedOffence | None = None,
    offence_description: str = "",
    reason: str = "",
) -> CriminalProceedingEvent:
    """Record a criminal investigation, arrest or charge of the subject: it calls for a decision."""
    if kind not in CriminalEventKind.values:
        raise ValidationError({"kind": "Choose a criminal investigation, an arrest or a charge."})
    if offence is None and not offence_description.strip():
        raise ValidationError({"offence": "Choose the listed offence, or describe the offence if it is not listed."})
    lifecycle.require_not_future(occurred_on, "occurred_on", "The date of the event")
    lifecycle.require_not_future(known_on, "known_on", "The date it became known")
    if known_on < occurred_on:
        raise ValidationError({"known_on": "It cannot have become known before it happened."})
    label = CriminalEventKind(kind).label
    with lifecycle.step(
        actor=actor,
        case=subject.case,
        subject=subject,
        reason=reason or f"{label} recorded",
        event="criminal_proceedings_recorded",
        guard=lambda: _require_open(subject),
    ) as step:
        event = CriminalProceedingEvent.objects.create(
            subject=subject,
            kind=kind,
            offence=offence,
            offence_description=offence_description.strip(),
            occurred_on=occurred_on,
            known_on=known_on,
            recorded_by=actor,
        )
        step.log(subject, reason=f"{event}. {reason}".strip())
    return event


def _require_open(subject: CaseSubject) -> None:
    if subject.stage == SubjectStage.CLOSED:
        raise ValidationError(f"The matter is finalised for {subject.person.display_name}: nothing to decide.")


def _sync_state(subject: CaseSubject) -> None:
    standing = standing_decision(subject)
    subject.suspended = bool(standing and standing.outcome == SuspensionOutcome.SUSPEND)
    subject.restricted_duties = bool(standing and standing.outcome == SuspensionOutcome.RESTRICTED_DUTIES)
    subject.save(update_fields=["suspended", "restricted_duties"])


def decision_refusals(
    *,
    subject: CaseSubject,
    version,
    outcome: str,
    investigation_prejudiced: bool,
    public_interest: bool,
    restricted_duties_considered: str,
    exceptional_circumstances: str,
) -> dict[str, str]:
    """Why the rules refuse this decision, field by field (empty when it may be recorded)."""
    params = params_of(version)
    rules = _version_label(version)
    errors: dict[str, str] = {}
    charge = listed_charge(subject)
    arrest = listed_arrest(subject)
    presumed = False
    if charge is not None:
        presumed = True
        if params.get("charge") == "mandatory" and outcome != SuspensionOutcome.SUSPEND:
            errors["outcome"] = (
                f"{subject.person.display_name} is charged with a listed offence ({charge.offence.label}): under "
                f"{rules} (reg 11C) suspension is mandatory."
            )
        elif outcome != SuspensionOutcome.SUSPEND and not exceptional_circumstances.strip():
            errors["exceptional_circumstances"] = (
                f"Charged with a listed offence ({charge.offence.label}): the 2024 policy presumes suspension. "
                "Give the exceptional circumstances that justify departing from it."
            )
    elif arrest is not None and params.get("arrest_presumption"):
        presumed = True
        if outcome != SuspensionOutcome.SUSPEND and not exceptional_circumstances.strip():
            errors["exceptional_circumstances"] = (
                f"Arrested for a listed offence ({arrest.offence.label}): under {rules} (reg 11C) the public "
                "interest requires suspension unless there are exceptional circumstances. The presumption is not "
                "rebutted: give the exceptional circumstances."
            )
    ground = investigation_prejudiced or public_interest
    if outcome == SuspensionOutcome.SUSPEND and not presumed:
        if not ground:
            errors["investigation_prejudiced"] = (
                "Suspension only where the investigation may be prejudiced or the public interest requires it: "
                "record which ground is met."
            )
        if not restricted_duties_considered.strip():
            errors["restricted_duties_considered"] = (
                "Restricted duties come first: say why temporary redeployment would not do."
            )
    if outcome == SuspensionOutcome.NEITHER and ground and params.get("suspension_is_duty") and "outcome" not in errors:
        errors["outcome"] = (
            f"Under {rules} a ground for suspension is met, so suspension is a duty: suspend, or place "
            f"{subject.person.display_name} on restricted duties if they would do."
        )
    return errors


def suspension_decide(
    *,
    actor,
    subject: CaseSubject,
    outcome: str,
    reasons: str,
    decided_on: date | None = None,
    investigation_prejudiced: bool = False,
    public_interest: bool = False,
    restricted_duties_considered: str = "",
    exceptional_circumstances: str = "",
    trigger: CriminalProceedingEvent | None = None,
) -> SuspensionDecision:
    """Decide whether to suspend the subject, place them on restricted duties, or neither."""
    decided_on = decided_on or timezone.localdate()
    if outcome not in SuspensionOutcome.values:
        raise ValidationError({"outcome": "Choose suspend, restricted duties, or neither."})
    lifecycle.require_reason(reasons, "reasons")
    lifecycle.require_not_future(decided_on, "decided_on", "The date of the decision")
    if trigger is not None and trigger.subject_id != subject.pk:
        raise ValidationError({"trigger": "That event is not about this subject."})
    version = rule_version_for(subject)

    def guard():
        _require_open(subject)
        standing = standing_decision(subject)
        if standing is not None and outcome != SuspensionOutcome.NEITHER:
            raise ValidationError(
                {
                    "outcome": f"{subject.person.display_name} is already "
                    f"{'suspended' if standing.outcome == SuspensionOutcome.SUSPEND else 'on restricted duties'} "
                    f"(decided {standing.decided_on:%d %B %Y}): review or lift that decision instead."
                }
            )
        errors = decision_refusals(
            subject=subject,
            version=version,
            outcome=outcome,
            investigation_prejudiced=investigation_prejudiced,
            public_interest=public_interest,
            restricted_duties_considered=restricted_duties_considered,
            exceptional_circumstances=exceptional_circumstances,
        )
        if errors:
            raise ValidationError(errors)

    with lifecycle.step(
        actor=actor, case=subject.case, subject=subject, reason=reasons, event="suspension_decided", guard=guard
    ) as step:
        pending = pending_events(subject)
        event = trigger or (pending[0] if pending else None)
        due = decision_due_on(subject, event, version) if event is not None and event in pending else None
        decision = SuspensionDecision.objects.create(
            subject=subject,
            outcome=outcome,
            investigation_prejudiced=investigation_prejudiced,
            public_interest=public_interest,
            restricted_duties_considered=restricted_duties_considered.strip(),
            exceptional_circumstances=exceptional_circumstances.strip(),
            reasons=reasons.strip(),
            decided_on=decided_on,
            decided_by=actor,
            trigger=event,
            due_on=due,
            rule_version=version,
        )
        _sync_state(subject)
        late = f" Made {decision.late_by} working day(s) after it was due ({due:%d %B %Y})." if decision.late_by else ""
        step.log(subject, reason=f"{SuspensionOutcome(outcome).label}. {reasons.strip()}{late}")
    return decision


def suspension_review(
    *, actor, subject: CaseSubject, outcome: str, reasons: str, reviewed_on: date | None = None
) -> SuspensionReview:
    """Review the standing suspension: continue it, lift it, or convert it to restricted duties."""
    reviewed_on = reviewed_on or timezone.localdate()
    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": "Choose continue, lift, or convert to restricted duties."})
    lifecycle.require_reason(reasons, "reasons")
    lifecycle.require_not_future(reviewed_on, "reviewed_on", "The date of the review")
    found: dict = {}

    def guard():
        decision = standing_decision(subject)
        if decision is None or decision.outcome != SuspensionOutcome.SUSPEND:
            raise ValidationError(f"{subject.person.display_name} is not suspended: there is no suspension to review.")
        if reviewed_on < decision.decided_on:
            raise ValidationError({"reviewed_on": "A review cannot be before the suspension it reviews."})
        charge = listed_charge(subject)
        if (
            charge is not None
            and outcome != ReviewOutcome.CONTINUE
            and params_of(decision.rule_version).get("charge") == "mandatory"
        ):
            raise ValidationError(
                {
                    "outcome": f"Charged with a listed offence ({charge.offence.label}): under the 2026 rules "
                    "(reg 11C) the suspension continues while the charge stands."
                }
            )
        found["decision"] = decision

    with lifecycle.step(
        actor=actor, case=subject.case, subject=subject, reason=reasons, event="suspension_reviewed", guard=guard
    ) as step:
        decision = found["decision"]
        review = SuspensionReview.objects.create(
            decision=decision,
            due_on=next_review_due(decision),
            reviewed_on=reviewed_on,
            outcome=outcome,
            reasons=reasons.strip(),
            reviewed_by=actor,
            rule_version=decision.rule_version,
        )
        if outcome != ReviewOutcome.CONTINUE:
            decision.ended_on, decision.ended_by, decision.end_reason = reviewed_on, actor, reasons.strip()
            decision.save(update_fields=["ended_on", "ended_by", "end_reason"])
        if outcome == ReviewOutcome.CONVERT:
            review.resulting_decision = SuspensionDecision.objects.create(
                subject=subject,
                outcome=SuspensionOutcome.RESTRICTED_DUTIES,
                reasons=reasons.strip(),
                decided_on=reviewed_on,
                decided_by=actor,
                previous=decision,
                rule_version=decision.rule_version,
            )
            review.save(update_fields=["resulting_decision"])
        _sync_state(subject)
        late = " (made after the review was due)" if review.was_late else ""
        step.log(subject, reason=f"{ReviewOutcome(outcome).label}{late}. {reasons.strip()}")
    return review


def suspension_lift(*, actor, subject: CaseSubject, reasons: str, lifted_on: date | None = None) -> SuspensionDecision:
    """End the standing suspension or restricted duties (e.g. the criminal investigation ended)."""
    lifted_on = lifted_on or timezone.localdate()
    lifecycle.require_reason(reasons, "reasons")
    lifecycle.require_not_future(lifted_on, "lifted_on", "The date it was lifted")
    found: dict = {}

    def guard():
        decision = standing_decision(subject)
        if decision is None:
            raise ValidationError(
                f"{subject.person.display_name} is neither suspended nor on restricted duties: nothing to lift."
            )
        if lifted_on < decision.decided_on:
            raise ValidationError({"lifted_on": "It cannot be lifted before it was decided."})
        charge = listed_charge(subject)
        if (
            charge is not None
            and decision.outcome == SuspensionOutcome.SUSPEND
            and params_of(decision.rule_version).get("charge") == "mandatory"
        ):
            raise ValidationError(
                f"Charged with a listed offence ({charge.offence.label}): under the 2026 rules (reg 11C) the "
                "suspension continues while the charge stands."
            )
        found["decision"] = decision

    with lifecycle.step(
        actor=actor, case=subject.case, subject=subject, reason=reasons, event="suspension_lifted", guard=guard
    ) as step:
        decision = found["decision"]
        decision.ended_on, decision.ended_by, decision.end_reason = lifted_on, actor, reasons.strip()
        decision.save(update_fields=["ended_on", "ended_by", "end_reason"])
        _sync_state(subject)
        step.log(subject)
    return decision


# ------------------------------------------------------------------ reads (queues, priority)


def suspension_rows(*, cases, today: date) -> list[dict]:
    """For the suspension queue: each open subject of these (already authorised) cases with a
    suspension decision to make, a standing suspension or restriction, or a decision made late in
    the last 90 days; overdue first, then by due date."""
    recent = today - timedelta(days=90)
    subjects = (
        CaseSubject.objects.filter(case__in=cases.values("id"))
        .exclude(stage=SubjectStage.CLOSED)
        .filter(
            Q(criminal_events__isnull=False)
            | Q(suspended=True)
            | Q(restricted_duties=True)
            | Q(suspension_decisions__decided_on__gte=recent)
        )
        .distinct()
        .select_related("case", "person")
        .order_by("id")[:QUEUE_LIMIT]
    )
    rows = []
    for subject in subjects:
        deadlines = deadlines_for(subject)
        standing = standing_decision(subject)
        late = (
            SuspensionDecision.objects.filter(subject=subject, decided_on__gte=recent, due_on__isnull=False)
            .order_by("-decided_on")
            .first()
        )
        late = late if late is not None and late.late_by else None
        if not deadlines and standing is None and late is None:
            continue
        dated = [d.due_on for d in deadlines if d.due_on]
        rows.append(
            {
                "subject": subject,
                "case": subject.case,
                "standing": standing,
                "deadlines": deadlines,
                "late_decision": late,
                "overdue": any(d.overdue(today) for d in deadlines),
                "sort": min(dated) if dated else date.max,
                "version": rule_version_for(subject),
            }
        )
    rows.sort(key=lambda r: (not r["overdue"], r["late_decision"] is None, r["sort"], r["case"].reference))
    return rows


def suspension_pressure(*, case_ids: list[int], today: date) -> dict[int, list[tuple[str, date | None]]]:
    """For the priority score: per case, its open subjects' suspension deadlines (kind, due)."""
    out: dict[int, list[tuple[str, date | None]]] = {}
    subjects = (
        CaseSubject.objects.filter(case_id__in=case_ids)
        .exclude(stage=SubjectStage.CLOSED)
        .filter(Q(criminal_events__isnull=False) | Q(suspended=True))
        .distinct()
        .select_related("person")
    )
    for subject in subjects:
        for deadline in deadlines_for(subject):
            out.setdefault(subject.case_id, []).append((deadline.kind, deadline.due_on))
    return out


def suspension_component(pressure: list[tuple[str, date | None]], weight, today: date) -> tuple[float, str] | None:
    """Points and detail for the "suspension_deadline" priority component: the full weight when a
    suspension decision or review is overdue, half when due within the parameter's working days
    (default 5), a quarter for a decision to make with no statutory clock."""
    if not pressure or weight is None:
        return None
    horizon = add_working_days(today, int(weight.parameter or 5))
    best: tuple[float, str] | None = None
    for kind, due in pressure:
        what = "suspension decision" if kind == "decision" else "suspension review"
        if due is None:
            candidate = (weight.weight * 0.25, f"{what} to make")
        elif due < today:
            candidate = (weight.weight, f"{what} overdue since {due:%d %b %Y}")
        elif due <= horizon:
            candidate = (weight.weight * 0.5, f"{what} due {due:%d %b %Y}")
        else:
            continue
        if best is None or candidate[0] > best[0]:
            best = candidate
    return best
