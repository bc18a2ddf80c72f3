"""Intelligence as a source for the other parts of the unit's tools: entries on a person's integrity
history (core.timeline contract) and entity mentions for the link analysis (core.entities).

Outside the unit (and for a member who may not read a log in full) an entry carries only the
sanitised text and no link; a log the reader may not even know of is never returned."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from django.urls import reverse

from core.entities import EntityMention
from core.timeline import TimelineEntry

from .choices import EntityKind, LinkSource
from .models import Entity, IntelEntity, IntelSubject
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


def _raw(entity: Entity) -> str:
    """A raw value that normalises back to the entity's key (entity_keys.entity_key)."""
    if entity.kind == EntityKind.OUTSIDE_PERSON:
        surname, forenames, _dob = (entity.key.split("|") + ["", ""])[:3]
        return f"{forenames} {surname}".strip().title()
    return entity.display


def entity_mentions(*, since: datetime | None = None) -> Iterator[EntityMention]:
    """Each entity a log mentions, against each of the log's subjects."""
    mentions = IntelEntity.objects.select_related("entity", "log")
    if since is not None:
        mentions = mentions.filter(log__created_at__gte=since)
    subjects: dict[int, list[int]] = {}
    pairs = IntelSubject.objects.filter(log_id__in=mentions.values("log_id")).values_list("log_id", "person_id")
    for log_id, person_id in pairs:
        subjects.setdefault(log_id, []).append(person_id)
    for mention in mentions.iterator(chunk_size=2000):
        for person_id in subjects.get(mention.log_id, []):
            yield EntityMention(
                person_id=person_id,
                kind=mention.entity.kind,
                raw=_raw(mention.entity),
                source_kind=LinkSource.INTELLIGENCE,
                source_id=str(mention.log.public_id),
                seen_on=mention.log.received_on,
                relationship=mention.relationship,
                attributes=mention.entity.attributes,
            )
