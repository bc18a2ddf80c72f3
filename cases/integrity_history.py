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

from .choices import CaseStatus, ClosureReason, Severity, Source
from .models import Allegation, InterventionFlag
from .selectors import cases_visible_to, intervention_flags_visible_to, people_in_conflict

# a previous system's matters carry its reference (LEG-...) and the import's mark
LEGACY_PREFIX = "LEG-"
SEVERITY = dict(Severity.choices)
CLOSURE = dict(ClosureReason.choices)
STATUS = dict(CaseStatus.choices)
SOURCE = dict(Source.choices)
FLAG_STATUS = dict(InterventionFlag.Status.choices)


def _flags_readable_by(user, person):
    if user.has_role(Role.SUPERVISOR, Role.APPROPRIATE_AUTHORITY):
        return intervention_flags_visible_to(user=user), True
    if user.has_role(*COUNTER_CORRUPTION_UNIT) and person.pk not in people_in_conflict(user=user):
        return InterventionFlag.objects.all(), False  # the selector's rule, for the one person asked about
    return InterventionFlag.objects.none(), False


def history_entries(*, user, person) -> list[TimelineEntry]:
    if not user.is_authenticated:
        return []
    entries: list[TimelineEntry] = []
    # the visible matters naming this person (small), then their allegations about the person: rows,
    # not model instances (a history may hold hundreds)
    visible = cases_visible_to(user=user).filter(case_subjects__person=person).values("pk")
    rows = (
        Allegation.objects.filter(subject__person=person, case__in=visible)
        .order_by("incident_date", "id")
        .values_list(
            "incident_date", "category_id", "category__label", "legacy_ref", "case__reference", "case__received_date",
            "case__source", "case__status", "case__from_history_import", "subject__severity", "subject__closure_reason",
        )
    )  # fmt: skip
    for (
        incident,
        category,
        category_label,
        legacy_ref,
        reference,
        received,
        source,
        status,
        from_import,
        severity,
        closure,
    ) in rows:
        severity_label = SEVERITY.get(severity, "severity not assessed")
        outcome = CLOSURE.get(closure) or STATUS.get(status, status)
        entries.append(
            TimelineEntry(
                happened_on=incident or received,
                kind="allegation",
                kind_label="Allegation",
                title=f"{category_label}: {severity_label.lower()}",
                detail=f"{SOURCE.get(source, source)}; {outcome.lower()}. Matter received {received:%d %B %Y}.",
                url=reverse("cases:detail", args=[reference]),
                reference=reference,
                imported=from_import or reference.upper().startswith(LEGACY_PREFIX),
                extra={"category": category, "legacy_ref": legacy_ref, "severity": severity},
            )
        )
    flags, linked = _flags_readable_by(user, person)
    flag_rows = (
        flags.filter(person=person)
        .order_by("raised_at")
        .values_list("public_id", "raised_at", "status", "rule_id", "rule__label")
    )
    for public_id, raised_at, status, rule, rule_label in flag_rows:
        entries.append(
            TimelineEntry(
                happened_on=raised_at.date(),
                kind="intervention_flag",
                kind_label="Early-intervention flag",
                title=rule_label,
                detail=f"Status: {FLAG_STATUS.get(status, status).lower()}.",
                url=reverse("queues:flag-review", args=[public_id]) if linked else "",
                extra={"rule": rule},
            )
        )
    return entries
