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
from django.http import Http404

from accounts.choices import COUNTER_CORRUPTION_UNIT
from cases.selectors import people_in_conflict
from notifications.visibility import as_strings, uuid_ids

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


def unit_member_or_404(user) -> None:
    """The unit's pages do not exist for anyone outside it."""
    if not is_unit_member(user):
        raise Http404


def _conflicted_subjects(user, field: str = "person_id") -> Q:
    """Subjects this user must never read intelligence about (``field``: the person's id)."""
    blocked = people_in_conflict(user=user)  # themselves, their chain upwards, declared conflicts
    condition = Q(**{f"{field}__in": blocked})
    if user.person_id:
        # a constant query with a bound parameter: nothing from the user is spliced into it
        condition |= Q(**{f"{field}__in": RawSQL(_MANAGED_BY_SQL, [user.person_id])})  # noqa: S611
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


def people_conflicted_for(*, user, people) -> set[int]:
    """Of these workforce people, the ids this user must never hold intelligence about (themselves,
    their chain upwards or downwards, declared conflicts): a unit member cannot record or be given
    a log about them."""
    from workforce.models import Person

    ids = [p.pk for p in people]
    if not ids:
        return set()
    return set(Person.objects.filter(pk__in=ids).filter(_conflicted_subjects(user, "pk")).values_list("pk", flat=True))


def unit_members_allowed(*, log: IntelLog):
    """The active unit members who may read this log in full (task owners, operation members,
    people to name on it), in name order."""
    from accounts.models import User

    members = User.objects.filter(is_active=True, groups__name__in=list(COUNTER_CORRUPTION_UNIT)).distinct()
    return [m for m in members.order_by("last_name", "first_name") if may_read_in_full(user=m, log=log)]


def may_read_in_full(*, user, log: IntelLog) -> bool:
    return intel_logs_visible_to(user=user).filter(pk=log.pk).exists()


def unit_members_to_name(*, log: IntelLog):
    """Unit members who could be named on this log (no conflict with its subjects)."""
    from accounts.models import User

    members = User.objects.filter(is_active=True, groups__name__in=list(COUNTER_CORRUPTION_UNIT)).distinct()
    subjects = list(log.subjects.select_related("person"))
    return [
        m
        for m in members.order_by("last_name", "first_name")
        if not people_conflicted_for(user=m, people=[s.person for s in subjects])
    ]


def workforce_people_by_staff_number(*, staff_numbers: list[str]) -> dict:
    """The workforce people with these staff numbers (upper case) -> Person: the unit names a
    log's subjects by staff number (read for the recording service, not listed to the user)."""
    from workforce.models import Person

    wanted = {s.strip().upper() for s in staff_numbers if s.strip()}
    return {p.staff_number.upper(): p for p in Person.objects.filter(staff_number__in=wanted)}


def intel_logs_for_cases(*, user, case_ids) -> dict:
    """{case id: [(log, may read in full)]}: the logs a conduct matter or operation came from, for
    its page; anyone who may read the case sees them, but only a unit member who may read the log
    in full is given its link (and its original text stays on the log's own page)."""
    found: dict = {}
    logs = IntelLog.objects.filter(Q(case_id__in=case_ids) | Q(operation_id__in=case_ids)).prefetch_related("themes")
    readable = set(
        intel_logs_visible_to(user=user).filter(pk__in=[log.pk for log in logs]).values_list("pk", flat=True)
    )
    for log in logs:
        for case_id in {log.case_id, log.operation_id} & set(case_ids):
            found.setdefault(case_id, []).append((log, log.pk in readable))
    return found


def intel_log_notifications_visible(user, ids: set[str]) -> set[str]:
    """notifications.visibility checker, kind "intel_log": by public_id, the logs read in full."""
    logs = intel_logs_visible_to(user=user).filter(public_id__in=uuid_ids(ids))
    return as_strings(logs.values_list("public_id", flat=True))
