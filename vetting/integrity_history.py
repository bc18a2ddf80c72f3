"""Screening hits, clearance decisions and vetting withdrawal cases on a person's integrity history
(core.timeline; assembled by counter_corruption.history).

Read through the vetting selectors (``hits_visible_to``, ``clearances_visible_to``,
``withdrawals_visible_to``): a vetting officer never sees a record about themselves, their chain
or a declared conflict. The counter-corruption unit, which has no vetting pages, reads the same
records here by the same person rules (``vetting_blocked_people``; for withdrawals also anyone they
manage), shown without a link. Three queries whatever the number of entries."""

from __future__ import annotations

from django.urls import reverse

from accounts.choices import COUNTER_CORRUPTION_UNIT, Role
from core.timeline import TimelineEntry

from .models import ClearanceDecision, ClearanceState, HitGrade, HitStatus, ScreeningHit
from .models.screening import pnd_label
from .models.withdrawal import WithdrawalCase
from .selectors import clearances_visible_to, hits_visible_to, vetting_blocked_people
from .withdrawal_services import may_work_withdrawals, people_managed_by, withdrawals_visible_to

GRADE = dict(HitGrade.choices)
HIT_STATUS = dict(HitStatus.choices)
CLEARANCE_STATE = dict(ClearanceState.choices)


def _readable(user):
    """(hits, clearance decisions, withdrawals, whether the user has the pages to open them)."""
    if user.has_role(Role.VETTING_OFFICER):
        return (
            hits_visible_to(user=user),
            ClearanceDecision.objects.filter(clearance__in=clearances_visible_to(user=user)),
            withdrawals_visible_to(user=user),
            True,
        )
    if user.has_role(*COUNTER_CORRUPTION_UNIT):
        blocked = vetting_blocked_people(user=user)
        # withdrawal_blocked_people: the vetting rule and anyone the user manages
        withdrawal_blocked = blocked | people_managed_by(person_id=user.person_id)
        return (
            ScreeningHit.objects.exclude(person_id__in=blocked),
            ClearanceDecision.objects.exclude(clearance__person_id__in=blocked),
            WithdrawalCase.objects.exclude(person_id__in=withdrawal_blocked),
            False,
        )
    withdrawals = withdrawals_visible_to(user=user) if may_work_withdrawals(user) else WithdrawalCase.objects.none()
    return ScreeningHit.objects.none(), ClearanceDecision.objects.none(), withdrawals, True


def history_entries(*, user, person) -> list[TimelineEntry]:
    if not user.is_authenticated:
        return []
    hits, decisions, withdrawals, linked = _readable(user)
    entries: list[TimelineEntry] = []
    hit_rows = (
        hits.filter(person=person)
        .order_by("record_date", "id")
        .values_list(
            "public_id", "record_id", "record_date", "raised_at", "category", "offence_group", "grade", "status"
        )
    )
    for public_id, record_id, record_date, raised_at, category, group, grade, status in hit_rows:
        label = pnd_label(category) + (f", {pnd_label(group).lower()}" if group else "")
        entries.append(
            TimelineEntry(
                happened_on=record_date or raised_at.date(),
                kind="screening_hit",
                kind_label="Screening hit",
                title=f"PND: {label}",
                detail=f"Graded {GRADE.get(grade, grade).lower()}; {HIT_STATUS.get(status, status).lower()}.",
                url=reverse("vetting:hit", args=[public_id]) if linked else "",
                reference=record_id,
                extra={"category": category, "offence_group": group},
            )
        )
    decision_rows = (
        decisions.filter(clearance__person=person)
        .order_by("decided_on", "id")
        .values_list("decided_on", "to_state", "clearance__public_id", "clearance__level_id", "clearance__level__label")
    )
    for decided_on, state, clearance_id, level, level_label in decision_rows:
        entries.append(
            TimelineEntry(
                happened_on=decided_on,
                kind="vetting_decision",
                kind_label="Vetting decision",
                title=f"{level}: {CLEARANCE_STATE.get(state, state).lower()}",
                detail=level_label,
                url=reverse("vetting:clearance", args=[clearance_id]) if linked else "",
                extra={"state": state},
            )
        )
    for case in withdrawals.filter(person=person).order_by("information_received_on", "id"):
        outcome = case.get_outcome_display() if case.outcome else case.get_stage_display()
        entries.append(
            TimelineEntry(
                happened_on=case.information_received_on,
                kind="vetting_withdrawal",
                kind_label="Vetting withdrawal",
                title=f"Vetting withdrawal: {outcome[0].lower()}{outcome[1:]}",
                detail=f"Information from {case.get_source_display().lower()}.",
                url=reverse("vetting:withdrawal", args=[case.public_id]) if linked else "",
                reference=case.reference,
            )
        )
    return entries
