"""The registers' entries on a person's integrity history (core.timeline): each register read through
integrity.selectors, so an entry the user may not open is never returned."""

from __future__ import annotations

from core.timeline import TimelineEntry

from .models import BusinessInterest, CircumstanceChange, GiftHospitality, NotifiableAssociation
from .registers import REGISTERS, entry_title
from .selectors import entries_visible_to
from .services import entry_url

KINDS = {
    BusinessInterest: "business_interest",
    NotifiableAssociation: "notifiable_association",
    GiftHospitality: "gift_hospitality",
    CircumstanceChange: "circumstance_change",
}


def _themes(entry) -> tuple[str, ...]:
    """The counter-corruption themes (codes) an entry counts towards."""
    if isinstance(entry, NotifiableAssociation):
        return ("inappropriate_association",)
    if isinstance(entry, CircumstanceChange) and entry.kind.theme:
        return (entry.kind.theme,)
    return ()


def _happened_on(entry):
    if isinstance(entry, GiftHospitality):
        return entry.offered_on
    if isinstance(entry, CircumstanceChange):
        return entry.changed_on
    return entry.declared_on


def history_entries(*, user, person) -> list[TimelineEntry]:
    entries = []
    for register in REGISTERS.values():
        rows = (
            entries_visible_to(user=user, model=register.model)
            .filter(person=person)
            .select_related(*register.select_related)
        )
        for entry in rows:
            entries.append(
                TimelineEntry(
                    happened_on=_happened_on(entry),
                    kind=KINDS[register.model],
                    kind_label=register.label,
                    title=entry_title(entry),
                    detail=entry.status_label + (f": {entry.decision_reasons}" if entry.decision_reasons else ""),
                    url=entry_url(entry),
                    themes=_themes(entry),
                    reference=entry.reference,
                    extra={"status": entry.status, "decision": entry.decision},
                )
            )
    return entries
