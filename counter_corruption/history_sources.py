"""The counter-corruption unit's own records on a person's integrity history: intelligence logs
about them and link alerts raised on them (core.timeline entries)."""

from __future__ import annotations

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Q, Value
from django.urls import reverse

from core.timeline import TimelineEntry

from .choices import SourceType
from .models import LinkAlert
from .selectors import intel_logs_referenced_for, is_unit_member

SOURCE_TYPE = dict(SourceType.choices)


def _url(name: str, *args) -> str:
    return reverse(name, args=args)


def intelligence_entries(*, user, person) -> list[TimelineEntry]:
    """Logs referencing the person through ``intel_logs_referenced_for``. For a unit member that
    selector is ``intel_logs_visible_to``: every log returned is one they may read in full, which is
    what ``sanitised_view`` would answer log by log (one query each); everyone else is given the
    sanitised text only (``sanitised_view``'s rule, applied to the rows). One query, themes included."""
    full = is_unit_member(user)
    rows = (
        intel_logs_referenced_for(user=user)
        .filter(subjects__person=person)
        .annotate(theme_codes=ArrayAgg("themes__code", filter=Q(themes__isnull=False), default=Value([])))
        .order_by("received_on", "id")
        .values_list(
            "public_id", "reference", "received_on", "source_type", "source_evaluation", "intelligence_assessment",
            "handling_code", "legacy_grading", "original_text", "sanitised_text", "status", "theme_codes",
        )
    )  # fmt: skip
    entries = []
    for (
        public_id,
        reference,
        received_on,
        source,
        evaluation,
        assessment,
        code,
        legacy,
        original,
        sanitised,
        status,
        themes,
    ) in rows:
        grading = f"{evaluation}{assessment}{code}" if evaluation and assessment and code else legacy
        entries.append(
            TimelineEntry(
                happened_on=received_on,
                kind="intelligence",
                kind_label="Intelligence",
                title=f"Intelligence log ({SOURCE_TYPE.get(source, source).lower()}), graded {grading or 'ungraded'}",
                detail=original if full else (sanitised or "(not yet sanitised)"),
                url=_url("counter_corruption:intel-detail", public_id) if full else "",
                themes=tuple(sorted(themes)),
                reference=reference,
                imported=bool(legacy and not evaluation),
                extra={"sanitised": not full, "status": status},
            )
        )
    return entries


def link_alert_entries(*, user, person) -> list[TimelineEntry]:
    """Link alerts on the person: the unit only (the alert names an entity from intelligence)."""
    if not is_unit_member(user):
        return []
    alerts = LinkAlert.objects.filter(person=person).select_related("entity").order_by("raised_at", "id")
    return [
        TimelineEntry(
            happened_on=alert.raised_at.date(),
            kind="link_alert",
            kind_label="Link alert",
            title=f"Linked to {alert.entity.get_kind_display().lower()} {alert.entity.display}",
            detail=f"Status: {alert.get_status_display().lower()}."
            + (" The entity is a known criminal nominal." if alert.entity.is_nominal else ""),
            url=_url("counter_corruption:link-alert", alert.public_id),
            extra={"entity_kind": alert.entity.kind},
        )
        for alert in alerts
    ]


def monitoring_alert_entries(*, user, person) -> list[TimelineEntry]:
    """Lawful business monitoring alerts on the person (as the searcher): the unit only, and never
    one its reader may not review (``alerts_visible_to``)."""
    from .monitoring_selectors import alerts_visible_to

    alerts = alerts_visible_to(user=user).filter(searcher=person).order_by("period", "id")
    return [
        TimelineEntry(
            happened_on=alert.period,
            kind="monitoring_alert",
            kind_label="Monitoring alert",
            title=f"{alert.rule.label}: {alert.events_count} search{'es' if alert.events_count != 1 else ''} "
            f"in {alert.period:%B %Y}, score {alert.score}",
            detail=f"Status: {alert.get_status_display().lower()}."
            + (f" Decision: {alert.decision_reason}" if alert.decision_reason else ""),
            url=_url("counter_corruption:monitoring-alert", alert.public_id),
            extra={"rule": alert.rule_id, "score": alert.score, "status": alert.status},
        )
        for alert in alerts
    ]
