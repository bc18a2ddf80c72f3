"""Every read of a performance case starts here. Default deny.

Who may read: the appropriate authority (professional standards / HR acting for the chief
officer) sees every case except a conflicted one; a supervisor sees the cases of officers below
them in their line-management chain, and those where they are the appointed appeal manager or
senior manager. Nobody sees a case about themselves, anyone above them in their chain, or anyone
they declared a conflict with (cases.selectors.people_in_conflict): so an officer never sees
another's case through their own, and never their manager's.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet

from accounts.choices import Role
from cases.selectors import people_in_conflict

from .models import PerformanceCase

PERFORMANCE_READERS = (Role.SUPERVISOR, Role.APPROPRIATE_AUTHORITY)


def reports_of(*, person_id: int | None) -> list[int]:
    """Everyone below this person in line management (cycle-safe), not the person."""
    if person_id is None:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH RECURSIVE below(id, depth) AS (
                SELECT id, 0 FROM workforce_person WHERE line_manager_id = %s
                UNION
                SELECT p.id, b.depth + 1 FROM workforce_person p JOIN below b ON p.line_manager_id = b.id
                WHERE b.depth < 50
            )
            SELECT DISTINCT id FROM below WHERE id <> %s
            """,
            [person_id, person_id],
        )
        return [row[0] for row in cursor.fetchall()]


def is_performance_reader(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_role(*PERFORMANCE_READERS))


def performance_cases_visible_to(*, user) -> QuerySet[PerformanceCase]:
    if not is_performance_reader(user):
        return PerformanceCase.objects.none()
    queryset = PerformanceCase.objects.exclude(officer_id__in=people_in_conflict(user=user))
    if user.has_role(Role.APPROPRIATE_AUTHORITY):
        return queryset
    person_id = user.person_id
    if person_id is None:
        return PerformanceCase.objects.none()
    return queryset.filter(
        Q(officer_id__in=reports_of(person_id=person_id))
        | Q(appeal_manager_id=person_id)
        | Q(senior_manager_id=person_id)
    )


def may_open_case_about(*, user, person) -> bool:
    """A supervisor opens cases about their own reports; the appropriate authority about anyone
    they are not in conflict with."""
    if not is_performance_reader(user) or person.pk in people_in_conflict(user=user):
        return False
    if user.has_role(Role.APPROPRIATE_AUTHORITY):
        return True
    return person.pk in reports_of(person_id=user.person_id)
