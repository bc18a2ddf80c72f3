"""The registers' sightings of outside people, addresses, businesses (core.entities) for the link
analysis. Filled in by the registers work: until then the registers offer none."""

from __future__ import annotations

from collections.abc import Iterable

from core.entities import EntityMention


def entity_mentions(*, since=None) -> Iterable[EntityMention]:
    return []
