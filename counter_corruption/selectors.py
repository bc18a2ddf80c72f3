"""Every read of intelligence starts here. Default deny.

Only members of the counter-corruption unit read logs at all. Then, per log: nobody sees a log
about themselves, about anyone they manage directly or through others (a subject's line-management
chain never sees it), about anyone above them in their own chain, or about anyone they declared a
conflict with; a log whose handling level is "named people only" is seen only by the people named
on it (and whoever recorded it). Anything else answers 404 (audit.access.get_visible_or_404).

Outside the unit a log is never listed; where one is referenced (a conduct matter it led to, a
person's integrity history) the reader is shown only its sanitised text (``sanitised_view``).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from accounts.choices import COUNTER_CORRUPTION_UNIT
from cases.selectors import people_in_conflict

from .choices import HandlingLevel
from .models import IntelGrant, IntelLog, IntelSubject

# the people a person manages, directly or through others (cycle-safe, depth-capped)
_MANAGED_BY_SQL = """
    WITH RECURSIVE below(id, depth) AS (
        SELECT id, 0 FROM workforce_person WHERE line_manager_id = %s
        UNION
        SELECT p.id, b.depth + 1 FROM workforce_person p JOIN below b ON p.line_manager_id = b.id
        WHERE b.depth < 50
    )
    SELECT id FROM below
"""


def is_unit_member(user) -> bool:
    return bool(user.is_authenticated and user.has_role(*COUNTER_CORRUPTION_UNIT))


def _conflicted_subjects(user) -> Q:
    """Subjects this user must never read intelligence about."""
    blocked = people_in_conflict(user=user)  # themselves, their chain upwards, declared conflicts
    condition = Q(person_id__in=blocked)
    if user.person_id:
        # a constant query with a bound parameter: nothing from the user is spliced into it
        condition |= Q(person_id__in=RawSQL(_MANAGED_BY_SQL, [user.person_id]))  # noqa: S611
    return condition


def intel_logs_visible_to(*, user) -> QuerySet[IntelLog]:
    """The logs this user may read in full (original text included)."""
    if not is_unit_member(user):
        return IntelLog.objects.none()
    conflicted = IntelSubject.objects.filter(_conflicted_subjects(user), log=OuterRef("pk"))
    granted = Exists(IntelGrant.objects.filter(log=OuterRef("pk"), user=user))
    return IntelLog.objects.exclude(Exists(conflicted)).filter(
        Q(handling_level=HandlingLevel.UNIT) | Q(recorded_by=user) | granted
    )


def intel_logs_referenced_for(*, user) -> QuerySet[IntelLog]:
    """Logs whose existence (sanitised text, grading, themes) may be shown to this user where a log
    is referenced, e.g. in a person's integrity history: never about themselves or anyone in
    conflict with them, never a 'named people only' log unless named, and nothing not yet
    sanitised to someone outside the unit."""
    if not user.is_authenticated:
        return IntelLog.objects.none()
    if is_unit_member(user):
        return intel_logs_visible_to(user=user)
    conflicted = IntelSubject.objects.filter(_conflicted_subjects(user), log=OuterRef("pk"))
    return (
        IntelLog.objects.exclude(Exists(conflicted))
        .filter(handling_level=HandlingLevel.UNIT)
        .exclude(sanitised_text="")
    )


def sanitised_view(*, user, log: IntelLog) -> str:
    """The text of a log this user may be shown: the original only to a unit member who may read
    the log in full, the sanitised version to everyone else."""
    if is_unit_member(user) and intel_logs_visible_to(user=user).filter(pk=log.pk).exists():
        return log.original_text
    return log.sanitised_text or "(not yet sanitised)"
