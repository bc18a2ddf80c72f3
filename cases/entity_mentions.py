"""Conduct matters' sightings for the link analysis (core.entities): the complainant or victim an
allegation names, against the subject the allegation is about. The same outside person behind
allegations against different officers (a vulnerable person targeted by several) is a link."""

from __future__ import annotations

from collections.abc import Iterator

from core.entities import EntityMention

from .models import Allegation


def entity_mentions(*, since=None) -> Iterator[EntityMention]:
    allegations = Allegation.objects.exclude(complainant_name="")
    if since is not None:
        allegations = allegations.filter(created_at__gte=since)
    rows = allegations.values_list(
        "subject__person_id", "case__reference", "complainant_name", "incident_date", "victim_vulnerable"
    ).order_by("id")
    for person_id, reference, name, incident_date, vulnerable in rows.iterator(chunk_size=2000):
        yield EntityMention(
            person_id=person_id,
            kind="person",
            raw=name,
            source_kind="conduct",
            source_id=reference,
            seen_on=incident_date,
            relationship="vulnerable complainant or victim" if vulnerable else "complainant or victim",
        )
