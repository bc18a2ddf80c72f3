"""The registers' sightings of outside people, addresses and businesses (core.entities) for the link
analysis: associations' outside people and their addresses, the businesses of business interests
(and their addresses). Kinds are counter_corruption.choices.EntityKind values, as plain strings
(that app is above this one).

Gifts and hospitality are not offered: who offered one is free text ("a grateful victim's family",
"training supplier", "Harbour Hotel"), and resolving such descriptions joined officers who had
nothing in common but a generic phrase (on the demo data most link alerts came from them). A gift
stays on the person's integrity history."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from core.entities import EntityMention

from .models import BusinessInterest, NotifiableAssociation

PERSON, ADDRESS, BUSINESS = "person", "address", "business"  # EntityKind values
SOURCE = "register"  # LinkSource.REGISTER


def _changed_since(queryset, since):
    if since is None:
        return queryset
    if isinstance(since, datetime):
        return queryset.filter(updated_at__gte=since)
    if isinstance(since, date):
        return queryset.filter(updated_at__date__gte=since)
    return queryset


def entity_mentions(*, since=None) -> Iterable[EntityMention]:
    associations = _changed_since(NotifiableAssociation.objects.all(), since).order_by("id")
    for entry in associations.iterator(chunk_size=2000):
        relationship = f"declared association: {entry.get_relationship_display().lower()}"
        attributes = (
            {"date_of_birth": entry.associate_date_of_birth.isoformat()} if entry.associate_date_of_birth else {}
        )
        yield EntityMention(
            person_id=entry.person_id, kind=PERSON, raw=entry.associate_name, source_kind=SOURCE,
            source_id=str(entry.public_id), seen_on=entry.declared_on, relationship=relationship, attributes=attributes,
        )  # fmt: skip
        if entry.associate_address:
            yield EntityMention(
                person_id=entry.person_id, kind=ADDRESS, raw=entry.associate_address, source_kind=SOURCE,
                source_id=str(entry.public_id), seen_on=entry.declared_on,
                relationship=f"address of a declared association ({entry.associate_name})",
            )  # fmt: skip
    interests = _changed_since(BusinessInterest.objects.select_related("category"), since).order_by("id")
    for entry in interests.iterator(chunk_size=2000):
        yield EntityMention(
            person_id=entry.person_id, kind=BUSINESS, raw=entry.business_name, source_kind=SOURCE,
            source_id=str(entry.public_id), seen_on=entry.declared_on,
            relationship=f"business interest: {entry.category.label.lower()}",
        )  # fmt: skip
        if entry.business_address:
            yield EntityMention(
                person_id=entry.person_id, kind=ADDRESS, raw=entry.business_address, source_kind=SOURCE,
                source_id=str(entry.public_id), seen_on=entry.declared_on,
                relationship=f"address of a declared business ({entry.business_name})",
            )  # fmt: skip
