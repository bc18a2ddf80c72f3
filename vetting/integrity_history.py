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

from .models import ClearanceDecision, ScreeningHit
from .models.withdrawal import WithdrawalCase
from .selectors import clearances_visible_to, hits_visible_to, vetting_blocked_people
from .withdrawal_services import may_work_withdrawals, withdrawal_blocked_people, withdrawals_visible_to


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
        return (
            ScreeningHit.objects.exclude(person_id__in=blocked),
            ClearanceDecision.objects.exclude(clearance__person_id__in=blocked),
            WithdrawalCase.objects.exclude(person_id__in=withdrawal_blocked_people(user=user)),
            False,
        )
    withdrawals = withdrawals_visible_to(user=user) if may_work_withdrawals(user) else WithdrawalCase.objects.none()
    return ScreeningHit.objects.none(), ClearanceDecision.objects.none(), withdrawals, True


def history_entries(*, user, person) -> list[TimelineEntry]:
    if not user.is_authenticated:
        return []
    hits, decisions, withdrawals, linked = _readable(user)
    entries: list[TimelineEntry] = []
    for hit in hits.filter(person=person).order_by("record_date", "id"):
        entries.append(
            TimelineEntry(
                happened_on=hit.record_date or hit.raised_at.date(),
                kind="screening_hit",
                kind_label="Screening hit",
                title=f"PND: {hit.record_label}",
                detail=f"Graded {hit.get_grade_display().lower()}; {hit.get_status_display().lower()}.",
                url=reverse("vetting:hit", args=[hit.public_id]) if linked else "",
                reference=hit.record_id,
                extra={"category": hit.category, "offence_group": hit.offence_group},
            )
        )
    for decision in (
        decisions.filter(clearance__person=person).select_related("clearance__level").order_by("decided_on", "id")
    ):
        clearance = decision.clearance
        entries.append(
            TimelineEntry(
                happened_on=decision.decided_on,
                kind="vetting_decision",
                kind_label="Vetting decision",
                title=f"{clearance.level_id}: {decision.get_to_state_display().lower()}",
                detail=clearance.level.label,
                url=reverse("vetting:clearance", args=[clearance.public_id]) if linked else "",
                extra={"state": decision.to_state},
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
