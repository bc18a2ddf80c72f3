"""The counter-corruption unit's own records on a person's integrity history: intelligence logs
about them and link alerts raised on them (core.timeline entries)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import NoReverseMatch, reverse

from core.timeline import TimelineEntry

from .models import LinkAlert, Theme
from .selectors import intel_logs_referenced_for, is_unit_member, sanitised_view


def _url(name: str, *args) -> str:
    # the intelligence and link pages are built alongside; until one is mounted there is no link
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def intelligence_entries(*, user, person) -> list[TimelineEntry]:
    """Logs referencing the person through ``intel_logs_referenced_for``. For a unit member that
    selector is ``intel_logs_visible_to``: every log returned is one they may read in full, which is
    what ``sanitised_view`` would answer log by log (one query each); everyone else gets the
    sanitised text from ``sanitised_view`` (no query). Two queries whatever the number of logs."""
    full = is_unit_member(user)
    logs = (
        intel_logs_referenced_for(user=user)
        .filter(subjects__person=person)
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.only("code")))
        .distinct()
        .order_by("received_on", "id")
    )
    entries = []
    for log in logs:
        text = log.original_text if full else sanitised_view(user=user, log=log)
        grading = log.grading or "ungraded"
        entries.append(
            TimelineEntry(
                happened_on=log.received_on,
                kind="intelligence",
                kind_label="Intelligence",
                title=f"Intelligence log ({log.get_source_type_display().lower()}), graded {grading}",
                detail=text,
                url=_url("counter_corruption:intel-log", log.public_id) if full else "",
                themes=tuple(theme.code for theme in log.themes.all()),
                reference=log.reference,
                imported=bool(log.legacy_grading and not log.source_evaluation),
                extra={"sanitised": not full, "status": log.status},
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
