"""Screening hits' sightings for the link analysis (core.entities).

A hit holds what PND said about the employee: its category (e.g. ``associate_of_nominal``) and a
free-text summary. From the summary: the nominal the employee is recorded as an associate of (name
and date of birth where given), and any phone, vehicle, e-mail address or address it quotes."""

from __future__ import annotations

from collections.abc import Iterator

from core.entities import EntityMention
from core.entity_text import addresses_in, associates_in, emails_in, phones_in, vehicles_in

from .models.screening import ScreeningHit, pnd_label


def entity_mentions(*, since=None) -> Iterator[EntityMention]:
    hits = ScreeningHit.objects.exclude(summary="")
    if since is not None:
        hits = hits.filter(raised_at__gte=since)
    rows = hits.values_list("person_id", "public_id", "category", "summary", "record_date").order_by("id")
    for person_id, public_id, category, summary, record_date in rows.iterator(chunk_size=2000):
        common = {
            "person_id": person_id,
            "source_kind": "screening",
            "source_id": str(public_id),
            "seen_on": record_date,
        }
        label = pnd_label(category)
        for name, born in associates_in(summary):
            attributes = {"date_of_birth": born, "nominal": category == "associate_of_nominal"}
            yield EntityMention(kind="person", raw=name, relationship=label, attributes=attributes, **common)
        for kind, values in (
            ("phone", phones_in(summary)),
            ("vehicle", vehicles_in(summary)),
            ("email", emails_in(summary)),
            ("address", addresses_in(summary)),
        ):
            for raw in values:
                yield EntityMention(kind=kind, raw=raw, relationship=f"in a PND record ({label})", **common)
