"""Hearing panels: who may sit, checked against the version of the rule "hearing_panel" that applies.

The version is chosen from the date written notice of the referral to the hearing was given (the
transitional provision of SI 2024/521: docs/law/panels.md), so a matter referred before 7 May 2024
keeps the legally qualified chair, police member and independent member of the 2020 rules, and one
referred on or after it gets the chief officer's panel. The numbers and lists a version needs are its
params (data an administrator can change with history), never constants here.

Every check returns reasons a person can act on; the services refuse with them as field errors
(pages) or a 400 (API). Writes go through cases.lifecycle.step: locks, history with who and why,
and the case timeline.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import lifecycle
from cases.models import CaseSubject
from cases.rules import rule_for

from .choices import Finding, Outcome, ProceedingStatus
from .panel_models import ChairBasis, HearingPanel, PanelAdvice, PanelSeat, PanelStatus, PanelVote, SeatRole

RULE = "hearing_panel"
PANEL_FORUMS = ("hearing", "accelerated_hearing")
DELEGATE_BASES = (ChairBasis.SENIOR_OFFICER, ChairBasis.FORMER_SENIOR_OFFICER, ChairBasis.POLICE_STAFF)
SEAT_FIELDS = (
    "role",
    "name",
    "chair_basis",
    "rank",
    "force",
    "left_senior_service_on",
    "qualified",
    "qualification",
    "appointed_by",
    "appointed_on",
    "conflict_declared_on",
    "conflict_declared",
    "conflict_details",
)


def _norm(name: str) -> str:
    return " ".join((name or "").lower().replace(".", " ").split())


def proceeding_for_case(*, case, proceeding_id):
    """A proceeding of a case the caller already read through the case selector (None if not one)."""
    from .models import Proceeding

    try:
        return (
            Proceeding.objects.select_related("subject__person", "subject__case")
            .filter(subject__case=case, public_id=proceeding_id)
            .first()
        )
    except (ValidationError, ValueError):
        return None


def referral_date(subject: CaseSubject) -> date | None:
    """When the subject was referred to the hearing: the latest case-to-answer decision that referred
    them (the notice of referral follows it; the hearings officer may enter the notice's own date)."""
    decision = subject.decisions.filter(route__in=PANEL_FORUMS).order_by("-decided_on", "-id").first()
    return decision.decided_on if decision else None


def panel_rule(subject: CaseSubject, referred_on: date | None):
    """The version of the hearing panel rule for this subject, decided by the date of referral."""
    return rule_for(subject, RULE, event_date=referred_on)


def senior_subject(version, subject: CaseSubject) -> bool:
    return bool(version.params.get("senior_subject_chair_bases")) and (
        subject.person.rank_or_grade.upper() in version.params.get("senior_ranks", [])
    )


def _rank(version, rank: str) -> int:
    return version.params.get("rank_order", {}).get((rank or "").upper(), 0)


def seat_problems(*, version, panel: HearingPanel, seat: dict, others: list | None = None) -> dict[str, list[str]]:
    """Why this member may not sit on this panel under this version (empty: they may)."""
    params = version.params
    proceeding = panel.proceeding
    subject = proceeding.subject
    forum = proceeding.forum
    problems: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    role = seat.get("role", "")
    today = timezone.localdate()
    if role not in SeatRole.values:
        refuse("role", "Choose the member's role on the panel.")
        return problems
    if not (seat.get("name") or "").strip():
        refuse("name", "Give the member's name.")
    fewest_most = params["seats"].get(forum, {}).get(role, [0, 0])
    label = SeatRole(role).label.lower()
    rules = f"{version.title} ({version.instrument})"
    if fewest_most[1] == 0:
        refuse("role", f"A {proceeding.get_forum_display().lower()} under {rules} has no {label}.")
    elif others is not None and sum(1 for o in others if o["role"] == role) >= fewest_most[1]:
        refuse("role", f"The panel already has its {label}{'s' if fewest_most[1] > 1 else ''} ({fewest_most[1]}).")
    if not (seat.get("appointed_by") or "").strip():
        refuse("appointed_by", "Say who appointed them.")
    appointed_on = seat.get("appointed_on")
    if not appointed_on:
        refuse("appointed_on", "Give the date of the appointment.")
    elif appointed_on > today:
        refuse("appointed_on", "The date of the appointment cannot be in the future.")
    declared_on = seat.get("conflict_declared_on")
    if not declared_on:
        refuse("conflict_declared_on", "Record the member's conflict check: the date they declared any conflict.")
    elif declared_on > today:
        refuse("conflict_declared_on", "The conflict check cannot be dated in the future.")
    if seat.get("conflict_declared"):
        refuse(
            "conflict_declared",
            f"{seat.get('name') or 'This member'} declared a conflict of interest and cannot sit: appoint someone else.",
        )
    if role == SeatRole.INDEPENDENT_MEMBER and seat.get("qualified") and not (seat.get("qualification") or "").strip():
        refuse("qualification", "Record the relevant qualifications or experience of the qualified member.")
    if role == SeatRole.POLICE_MEMBER and params.get("police_member_min_rank"):
        least = params["police_member_min_rank"]
        if _rank(version, seat.get("rank", "")) < _rank(version, least):
            refuse("rank", f"The police member must be of the rank of {least} or above.")
    if role == SeatRole.CHAIR:
        problems_chair = chair_problems(version=version, panel=panel, subject=subject, forum=forum, seat=seat)
        for field, messages in problems_chair.items():
            for message in messages:
                refuse(field, message)
    return problems


def chair_problems(*, version, panel: HearingPanel, subject: CaseSubject, forum: str, seat: dict) -> dict:
    params = version.params
    problems: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    basis = seat.get("chair_basis", "")
    rank = (seat.get("rank") or "").upper()
    rules = f"{version.title} ({version.instrument})"
    if (
        params.get("certifier_may_not_chair")
        and panel.certified_by
        and _norm(seat.get("name")) == _norm(panel.certified_by)
    ):
        refuse(
            "name", f"{seat.get('name')} certified the case for an accelerated hearing (reg 49) and cannot chair it."
        )
    if basis not in ChairBasis.values:
        refuse("chair_basis", "Give the basis on which the chair sits.")
        return problems
    if senior_subject(version, subject):
        subject_rank = subject.person.rank_or_grade.upper()
        if subject_rank in params.get("hm_inspector_subject_ranks", []):
            if basis != ChairBasis.HM_INSPECTOR:
                refuse(
                    "chair_basis",
                    f"The officer concerned is a {subject_rank}: HM Chief Inspector of Constabulary or an HM "
                    "Inspector chairs.",
                )
            return problems
        if basis not in params["senior_subject_chair_bases"]:
            refuse(
                "chair_basis",
                f"The officer concerned is a senior officer ({subject_rank}): a more senior officer from another "
                "force chairs.",
            )
            return problems
        if basis == ChairBasis.OTHER_FORCE_SENIOR_OFFICER:
            force = (seat.get("force") or "").strip()
            if not force or _norm(force) == _norm(settings.FORCE_NAME):
                refuse("force", f"The chair must come from another force, not {settings.FORCE_NAME}.")
            if _rank(version, rank) <= _rank(version, subject_rank):
                refuse("rank", f"The chair must be more senior than the officer concerned ({subject_rank}).")
        return problems
    allowed = params["chair_bases"].get(forum, [])
    if basis not in allowed:
        names = "; ".join(ChairBasis(b).label.lower() for b in allowed) or "none"
        refuse("chair_basis", f"Under {rules} the chair of a {forum.replace('_', ' ')} is: {names}.")
        return problems
    if basis == ChairBasis.SENIOR_OFFICER and rank not in params.get("senior_ranks", []):
        refuse("rank", "A senior officer is an assistant chief constable or above (Met: commander or above).")
    if basis == ChairBasis.FORMER_SENIOR_OFFICER:
        left = seat.get("left_senior_service_on")
        years = params.get("former_senior_officer_years") or 0
        delegated = panel.delegated_on or timezone.localdate()
        if not left:
            refuse("left_senior_service_on", "Give the date they last served as a senior officer.")
        elif years and left < delegated - relativedelta(years=years):
            refuse(
                "left_senior_service_on",
                f"They last served as a senior officer on {left:%-d %B %Y}, more than {years} years before the "
                f"delegation ({delegated:%-d %B %Y}).",
            )
    if basis == ChairBasis.POLICE_STAFF and params.get("operational_bars_staff_chair") and panel.operational_policing:
        refuse(
            "chair_basis",
            "The case substantially involves operational policing matters: a member of police staff cannot chair it.",
        )
    return problems


def composition_problems(panel: HearingPanel, version) -> list[str]:
    """What the panel as a whole still lacks or breaks under this version."""
    params = version.params
    forum = panel.proceeding.forum
    seats = list(panel.seats.all())
    problems = []
    counts = Counter(s.role for s in seats)
    for role, (fewest, most) in params["seats"].get(forum, {}).items():
        label = SeatRole(role).label.lower()
        if counts[role] < fewest:
            problems.append(f"The panel needs {fewest} {label}{'s' if fewest > 1 else ''} (has {counts[role]}).")
        elif counts[role] > most:
            problems.append(
                f"The panel may have at most {most} {label}{'s' if most != 1 else ''} (has {counts[role]})."
            )
    need_qualified = params.get("qualified_independent_members", {}).get(forum, 0)
    qualified = sum(1 for s in seats if s.role == SeatRole.INDEPENDENT_MEMBER and s.qualified)
    if qualified < need_qualified:
        problems.append(
            "One independent member must have qualifications or experience relevant to disciplinary proceedings: "
            "none is recorded as qualified."
        )
    lpb = params.get("lpb_appoints", [])
    for seat in seats:
        if seat.role in lpb and "polic" not in _norm(seat.appointed_by) and "mayor" not in _norm(seat.appointed_by):
            problems.append(
                f"{seat.name} must be appointed by the local policing body (e.g. the police and crime commissioner)."
            )
    chair = next((s for s in seats if s.role == SeatRole.CHAIR), None)
    if chair and chair.chair_basis in DELEGATE_BASES and not (panel.delegated_by and panel.delegated_on):
        problems.append("Record the chief officer's delegation to the chair: who delegated, and when.")
    names = Counter(_norm(s.name) for s in seats)
    for name, n in names.items():
        if n > 1:
            problems.append(f"{name.title()} holds more than one seat on the panel.")
    for seat in seats:
        for _field, messages in seat_problems(
            version=version, panel=panel, seat=_seat_dict(seat), others=[_seat_dict(o) for o in seats if o != seat]
        ).items():
            problems.extend(f"{seat.name}: {m}" for m in messages)
    return problems


def _seat_dict(seat: PanelSeat) -> dict:
    return {f: getattr(seat, f) for f in SEAT_FIELDS}


def _errors(problems: dict[str, list[str]]) -> ValidationError:
    return ValidationError(problems)


# ------------------------------------------------------------------ services


def panel_start(
    *,
    actor,
    proceeding,
    referred_on: date,
    operational_policing: bool = False,
    certified_by: str = "",
    certified_on: date | None = None,
    delegated_by: str = "",
    delegated_on: date | None = None,
    delegation_reasons: str = "",
) -> HearingPanel:
    """Open the panel for a scheduled hearing: the facts its composition depends on."""
    subject = proceeding.subject
    if proceeding.forum not in PANEL_FORUMS:
        raise ValidationError(f"A {proceeding.get_forum_display().lower()} has no panel.")
    if proceeding.status != ProceedingStatus.SCHEDULED:
        raise ValidationError("The panel is put together before the hearing is held.")
    lifecycle.require_not_future(referred_on, "referred_on", "The date of the notice of referral")
    lifecycle.require_not_future(certified_on, "certified_on", "The date of the certification")
    lifecycle.require_not_future(delegated_on, "delegated_on", "The date of the delegation")
    if proceeding.forum == "accelerated_hearing" and not certified_by.strip():
        raise ValidationError(
            {"certified_by": "Record who certified the case for an accelerated hearing (reg 49): they cannot chair it."}
        )
    if referred_on < subject.case.received_date:
        raise ValidationError({"referred_on": "The referral cannot be before the matter came to attention."})
    version = panel_rule(subject, referred_on)

    def guard():
        if HearingPanel.objects.filter(proceeding=proceeding).exists():
            raise lifecycle.already(case=subject.case, subject=subject, event="panel_started", what="The panel")

    guard()
    with lifecycle.step(
        actor=actor,
        case=subject.case,
        subject=subject,
        reason=f"Panel opened under {version.title} ({version.instrument})",
        event="panel_started",
        guard=guard,
    ) as step:
        panel = HearingPanel.objects.create(
            proceeding=proceeding,
            rule_version=version,
            referred_on=referred_on,
            operational_policing=operational_policing,
            certified_by=certified_by.strip(),
            certified_on=certified_on,
            delegated_by=delegated_by.strip(),
            delegated_on=delegated_on,
            delegation_reasons=delegation_reasons,
            created_by=actor,
        )
        step.log(subject)
    return panel


def _require_draft(panel: HearingPanel) -> None:
    if HearingPanel.objects.filter(pk=panel.pk, status=PanelStatus.COMPLETE).exists():
        raise lifecycle.StepConflict("The panel is already complete: it cannot be changed.")


def panel_seat_add(*, actor, panel: HearingPanel, **seat) -> PanelSeat:
    """Seat a member, refused with reasons when the version that applies does not allow them."""
    seat = {f: seat.get(f) for f in SEAT_FIELDS}
    for text in ("name", "chair_basis", "rank", "force", "qualification", "appointed_by", "conflict_details"):
        seat[text] = (seat[text] or "").strip()
    seat["qualified"] = bool(seat["qualified"])
    seat["conflict_declared"] = bool(seat["conflict_declared"])
    if seat["role"] != SeatRole.CHAIR:
        seat["chair_basis"] = ""
    subject = panel.proceeding.subject
    version = panel.rule_version
    _require_draft(panel)
    others = [_seat_dict(s) for s in panel.seats.all()]
    problems = seat_problems(version=version, panel=panel, seat=seat, others=others)
    if problems:
        raise _errors(problems)
    with lifecycle.step(
        actor=actor,
        case=subject.case,
        subject=subject,
        reason=f"{seat['name']} appointed as {SeatRole(seat['role']).label.lower()} by {seat['appointed_by']} "
        f"on {seat['appointed_on']:%-d %B %Y}; conflict check {seat['conflict_declared_on']:%-d %B %Y}",
        event="panel_member_added",
        guard=lambda: _require_draft(panel),
    ) as step:
        created = PanelSeat.objects.create(panel=panel, added_by=actor, **seat)
        step.log(subject)
    return created


def panel_seat_remove(*, actor, panel: HearingPanel, seat: PanelSeat, reason: str) -> None:
    lifecycle.require_reason(reason, "reason")
    subject = panel.proceeding.subject
    _require_draft(panel)
    with lifecycle.step(
        actor=actor,
        case=subject.case,
        subject=subject,
        reason=f"{seat.name} removed from the panel: {reason}",
        event="panel_member_removed",
        guard=lambda: _require_draft(panel),
    ) as step:
        seat.delete()
        step.log(subject)


def panel_discard(*, actor, panel: HearingPanel, reason: str) -> None:
    """Start again: a panel still being put together is discarded (e.g. the date of the notice of
    referral was wrong, so were the rules). Its rows stay in history; the timeline says who and why."""
    lifecycle.require_reason(reason, "reason")
    subject = panel.proceeding.subject
    _require_draft(panel)
    with lifecycle.step(
        actor=actor,
        case=subject.case,
        subject=subject,
        reason=f"Panel discarded to start again: {reason}",
        event="panel_discarded",
        guard=lambda: _require_draft(panel),
    ) as step:
        PanelAdvice.objects.filter(panel=panel).delete()
        panel.delete()
        step.log(subject)


def panel_complete(*, actor, panel: HearingPanel) -> HearingPanel:
    """Check the whole panel against its rules and mark it complete (refused with every reason)."""
    subject = panel.proceeding.subject
    _require_draft(panel)
    problems = composition_problems(panel, panel.rule_version)
    if problems:
        raise ValidationError({"panel": problems})
    with lifecycle.step(
        actor=actor,
        case=subject.case,
        subject=subject,
        reason=f"Panel complete and checked against {panel.rule_version.title} ({panel.rule_version.instrument})",
        event="panel_completed",
        guard=lambda: _require_draft(panel),
    ) as step:
        panel.status, panel.completed_on, panel.completed_by = PanelStatus.COMPLETE, timezone.now(), actor
        panel.save(update_fields=["status", "completed_on", "completed_by"])
        step.log(subject)
    return panel


def panel_advice_record(*, actor, panel: HearingPanel, given_on: date, advice: str) -> PanelAdvice:
    """The legally qualified person's advice to the panel (which must have regard to it)."""
    lifecycle.require_reason(advice, "advice")
    lifecycle.require_not_future(given_on, "given_on", "The date the advice was given")
    adviser = panel.seats.filter(role=SeatRole.LEGALLY_QUALIFIED_ADVISER).first()
    if adviser is None:
        raise ValidationError({"advice": "The panel has no legally qualified adviser to give advice."})
    subject = panel.proceeding.subject
    with lifecycle.step(
        actor=actor,
        case=subject.case,
        subject=subject,
        reason=f"Advice from {adviser.name} recorded",
        event="panel_advice_recorded",
    ) as step:
        created = PanelAdvice.objects.create(
            panel=panel, adviser=adviser, given_on=given_on, advice=advice, recorded_by=actor
        )
        step.log(subject)
    return created


def majority(values: list[str]) -> str | None:
    """The choice more than half the members voted for, or None."""
    if not values:
        return None
    choice, n = Counter(values).most_common(1)[0]
    return choice if n * 2 > len(values) else None


def panel_decision_record(
    *,
    actor,
    panel: HearingPanel,
    votes: dict,
    reasons: str,
    decided_on: date | None = None,
    warning_months: int | None = None,
    exceptional_circumstances: str = "",
):
    """The panel's finding and outcome, decided by majority of its voting members' votes.

    `votes`: {seat public_id (str): {"finding": ..., "outcome": ...}} for every voting member. The
    recorded finding and outcome are the majority's; the outcome must also be one the reg 42 table
    allows (hearings.services.outcome_record checks that)."""
    from .services import outcome_record

    if panel.status != PanelStatus.COMPLETE:
        raise ValidationError("Complete the panel (checked against the rules) before recording its decision.")
    voters = [s for s in panel.seats.all() if s.is_voting]
    problems: dict[str, list[str]] = {}
    cast = {}
    for seat in voters:
        vote = votes.get(str(seat.public_id)) or {}
        finding, outcome = vote.get("finding", ""), vote.get("outcome", "")
        if finding not in Finding.values or outcome not in Outcome.values:
            problems.setdefault("votes", []).append(f"Record {seat.name}'s vote on the finding and the outcome.")
            continue
        cast[seat] = (finding, outcome)
    unknown = set(votes) - {str(s.public_id) for s in voters}
    if unknown:
        problems.setdefault("votes", []).append("Only the panel's voting members vote (the adviser does not).")
    if problems:
        raise ValidationError(problems)
    finding = majority([f for f, _ in cast.values()])
    if finding is None:
        raise ValidationError({"votes": ["No majority for a finding: the panel decides by majority."]})
    outcome = majority([o for f, o in cast.values()])
    if outcome is None:
        raise ValidationError(
            {"votes": ["No majority for an outcome: the members must reach a majority on one outcome."]}
        )
    with transaction.atomic():
        result = outcome_record(
            actor=actor,
            proceeding=panel.proceeding,
            finding=finding,
            outcome=outcome,
            reasons=reasons,
            decided_on=decided_on,
            warning_months=warning_months,
            exceptional_circumstances=exceptional_circumstances,
        )
        PanelVote.objects.bulk_create(
            [PanelVote(outcome=result, seat=s, finding=f, outcome_vote=o) for s, (f, o) in cast.items()]
        )
    return result


def vote_summary(outcome) -> str:
    """'Finding 3–0, outcome 2–1' for a decision with recorded votes ('' without)."""
    votes = list(outcome.votes.all())
    if not votes:
        return ""
    f_for = sum(1 for v in votes if v.finding == outcome.finding)
    o_for = sum(1 for v in votes if v.outcome_vote == outcome.outcome)
    kind = "unanimous" if f_for == o_for == len(votes) else "by majority"
    return f"Finding {f_for}–{len(votes) - f_for}, outcome {o_for}–{len(votes) - o_for} ({kind})"


def panel_build(*, actor, proceeding, panel: dict, seats: list[dict], complete: bool = True) -> HearingPanel:
    """The API's one-call panel: open it, seat every member and complete it, or refuse the whole of it
    with every reason (seat errors by position)."""
    with transaction.atomic():
        built = panel_start(actor=actor, proceeding=proceeding, **panel)
        seat_errors = {}
        for index, seat in enumerate(seats):
            try:
                panel_seat_add(actor=actor, panel=built, **seat)
            except ValidationError as error:
                fields = error.message_dict if hasattr(error, "error_dict") else {"member": error.messages}
                seat_errors.update({f"seats[{index}].{field}": m for field, m in fields.items()})
        if seat_errors:
            raise ValidationError(seat_errors)  # rolls the whole panel back
        if complete:
            panel_complete(actor=actor, panel=built)
    return built


def case_section(case) -> dict:
    """The case page's hearing panels (cases.extensions): a fixed number of queries per page."""
    found = (
        HearingPanel.objects.filter(proceeding__subject__case=case)
        .select_related("rule_version", "proceeding__subject__person", "proceeding__outcome")
        .prefetch_related("seats", "advice__adviser", "proceeding__outcome__votes__seat")
        .order_by("proceeding__scheduled_for", "id")
    )
    rows = []
    for panel in found:
        outcome = getattr(panel.proceeding, "outcome", None)
        rows.append(
            {
                "panel": panel,
                "proceeding": panel.proceeding,
                "seats": list(panel.seats.all()),
                "advice": list(panel.advice.all()),
                "outcome": outcome,
                "votes": list(outcome.votes.all()) if outcome else [],
                "vote_summary": vote_summary(outcome) if outcome else "",
            }
        )
    return {"hearing_panels": rows}
