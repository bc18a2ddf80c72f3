"""A sighting of something outside the workforce (an outside person, an address, a phone, a
vehicle, a business, an e-mail address) against a workforce person, as a source app offers it to
the link analysis (counter_corruption.links). Each source app offers
``entity_mentions(*, since=None) -> Iterable[EntityMention]``: raw values, which the link analysis
normalises and resolves."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class EntityMention:
    person_id: int  # workforce.Person id
    kind: str  # counter_corruption.choices.EntityKind value
    raw: str  # as recorded: "07700 900123", "AB12 CDE", "Dean Marsh"
    source_kind: str  # counter_corruption.choices.LinkSource value
    source_id: str  # the source record's public identifier
    seen_on: date | None = None
    relationship: str = ""  # e.g. "declared association: friend", "address used"
    attributes: dict = field(default_factory=dict)  # e.g. {"date_of_birth": "1984-03-02"} for a person
