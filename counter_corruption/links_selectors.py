"""Every read of the link analysis starts here. Default deny: only members of the
counter-corruption unit; and a member never sees, as a node, a link or an alert, anyone in conflict
with them (themselves, their chain upwards, declared conflicts: cases.selectors.people_in_conflict)
or anyone they manage directly or through others."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

from cases.selectors import people_in_conflict
from workforce.models import Person

from .models import Entity, EntityLink, LinkAlert
from .selectors import _MANAGED_BY_SQL, is_unit_member


def people_hidden_from(*, user) -> set[int]:
    """The workforce people this user must never be shown in the link analysis."""
    hidden = set(people_in_conflict(user=user))
    if user.person_id:
        with connection.cursor() as cursor:
            cursor.execute(_MANAGED_BY_SQL, [user.person_id])
            hidden.update(row[0] for row in cursor.fetchall())
    return hidden


def network_people_visible_to(*, user) -> QuerySet[Person]:
    """The people whose network this user may open."""
    if not is_unit_member(user):
        return Person.objects.none()
    return Person.objects.exclude(id__in=people_hidden_from(user=user))


def entities_visible_to(*, user) -> QuerySet[Entity]:
    if not is_unit_member(user):
        return Entity.objects.none()
    return Entity.objects.all()


def entity_links_visible_to(*, user, hidden: set[int] | None = None) -> QuerySet[EntityLink]:
    if not is_unit_member(user):
        return EntityLink.objects.none()
    hidden = people_hidden_from(user=user) if hidden is None else hidden
    return EntityLink.objects.exclude(person_id__in=hidden)


def link_alerts_visible_to(*, user) -> QuerySet[LinkAlert]:
    if not is_unit_member(user):
        return LinkAlert.objects.none()
    return LinkAlert.objects.exclude(person_id__in=people_hidden_from(user=user)).select_related("person", "entity")
