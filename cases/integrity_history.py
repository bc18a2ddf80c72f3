"""Conduct matters, allegations (native and imported) and early-intervention flags on a person's
integrity history (core.timeline; assembled by counter_corruption.history).

Each allegation is read through ``cases_visible_to``: a restricted matter the viewer is not
granted, or one about someone in conflict with them, never appears. Flags are read through
``intervention_flags_visible_to``; the counter-corruption unit, which has no flag queue, reads them
here by the same rule (never about themselves, their chain or a declared conflict), without a link.
Two queries for allegations, one for flags, whatever the number of entries."""

from __future__ import annotations

from django.urls import reverse

from accounts.choices import COUNTER_CORRUPTION_UNIT, Role
from core.timeline import TimelineEntry

from .models import Allegation, InterventionFlag
from .selectors import cases_visible_to, intervention_flags_visible_to, people_in_conflict

# a previous system's matters carry its reference (LEG-...) and the import's mark
LEGACY_PREFIX = "LEG-"


def _flags_readable_by(user):
    if user.has_role(Role.SUPERVISOR, Role.APPROPRIATE_AUTHORITY):
        return intervention_flags_visible_to(user=user), True
    if user.has_role(*COUNTER_CORRUPTION_UNIT):
        return InterventionFlag.objects.exclude(person_id__in=people_in_conflict(user=user)), False
    return InterventionFlag.objects.none(), False


def history_entries(*, user, person) -> list[TimelineEntry]:
    if not user.is_authenticated:
        return []
    entries: list[TimelineEntry] = []
    allegations = (
        Allegation.objects.filter(subject__person=person, case__in=cases_visible_to(user=user))
        .select_related("case", "subject", "category")
        .order_by("incident_date", "id")
    )
    for allegation in allegations:
        case, subject = allegation.case, allegation.subject
        imported = case.from_history_import or case.reference.upper().startswith(LEGACY_PREFIX)
        severity = subject.get_severity_display() if subject.severity else "severity not assessed"
        outcome = subject.get_closure_reason_display() if subject.closure_reason else case.get_status_display()
        entries.append(
            TimelineEntry(
                happened_on=allegation.incident_date or case.received_date,
                kind="allegation",
                kind_label="Allegation",
                title=f"{allegation.category.label}: {severity.lower()}",
                detail=f"{case.get_source_display()}; {outcome.lower()}. Matter received {case.received_date:%d %B %Y}.",
                url=reverse("cases:detail", args=[case.reference]),
                reference=case.reference,
                imported=imported,
                extra={
                    "category": allegation.category_id,
                    "legacy_ref": allegation.legacy_ref,
                    "severity": subject.severity,
                },
            )
        )
    flags, linked = _flags_readable_by(user)
    for flag in flags.filter(person=person).select_related("rule").order_by("raised_at"):
        entries.append(
            TimelineEntry(
                happened_on=flag.raised_at.date(),
                kind="intervention_flag",
                kind_label="Early-intervention flag",
                title=flag.rule.label,
                detail=f"Status: {flag.get_status_display().lower()}.",
                url=reverse("queues:flag-review", args=[flag.public_id]) if linked else "",
                extra={"rule": flag.rule_id},
            )
        )
    return entries
