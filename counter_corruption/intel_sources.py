"""Intelligence as a source for the other parts of the unit's tools: entries on a person's integrity
history (core.timeline contract) and entity mentions for the link analysis (core.entities).

Outside the unit (and for a member who may not read a log in full) an entry carries only the
sanitised text and no link; a log the reader may not even know of is never returned."""

from __future__ import annotations

from django.urls import reverse

from core.timeline import TimelineEntry

from .selectors import intel_logs_referenced_for, intel_logs_visible_to


def history_entries(*, user, person) -> list[TimelineEntry]:
    """The intelligence about this person the user may know of, one entry a log."""
    logs = list(
        intel_logs_referenced_for(user=user).filter(subjects__person=person).prefetch_related("themes").distinct()
    )
    readable = set(
        intel_logs_visible_to(user=user).filter(pk__in=[log.pk for log in logs]).values_list("pk", flat=True)
    )
    entries = []
    for log in logs:
        full = log.pk in readable
        entries.append(
            TimelineEntry(
                happened_on=log.received_on,
                kind="intelligence",
                kind_label="Intelligence",
                title=f"Intelligence graded {log.grading or 'ungraded'}: {log.get_status_display().lower()}",
                detail=(log.original_text if full else log.sanitised_text) or "(not yet sanitised)",
                url=reverse("counter_corruption:intel-detail", kwargs={"public_id": log.public_id}) if full else "",
                themes=tuple(t.code for t in log.themes.all()),
                reference=log.reference,
                imported=bool(log.legacy_grading and not log.source_evaluation),
            )
        )
    return entries
