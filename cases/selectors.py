"""Every read of a case starts here: roles, then conflicts of interest, then restriction."""

from __future__ import annotations

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.choices import CASE_READERS
from notifications.visibility import as_strings, int_ids

from .models import Case, CaseAccessGrant, CaseSubject, ConflictDeclaration, InvestigationAction


def line_management_chain(*, person_id: int | None) -> list[int]:
    """The person and everyone above them in their line-management chain (cycle-safe)."""
    if person_id is None:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH RECURSIVE chain(id, depth) AS (
                SELECT id, 0 FROM workforce_person WHERE id = %s
                UNION
                SELECT p.line_manager_id, c.depth + 1
                FROM workforce_person p JOIN chain c ON p.id = c.id
                WHERE p.line_manager_id IS NOT NULL AND c.depth < 50
            )
            SELECT DISTINCT id FROM chain
            """,
            [person_id],
        )
        return [row[0] for row in cursor.fetchall()]


def people_in_conflict(*, user) -> set[int]:
    """People whose cases this user must never see: themselves, their managers up the chain,
    and anyone they declared a conflict with."""
    blocked = set(line_management_chain(person_id=user.person_id))
    blocked.update(
        ConflictDeclaration.objects.filter(user=user, person__isnull=False).values_list("person_id", flat=True)
    )
    return blocked


def cases_visible_to(*, user) -> QuerySet[Case]:
    """Default deny: the cases this user may read."""
    if not user.is_authenticated or not user.has_role(*CASE_READERS):
        return Case.objects.none()
    blocked_people = people_in_conflict(user=user)
    queryset = Case.objects.all()
    if blocked_people:
        queryset = queryset.exclude(
            Exists(CaseSubject.objects.filter(case=OuterRef("pk"), person_id__in=blocked_people))
        )
    queryset = queryset.exclude(Exists(ConflictDeclaration.objects.filter(case=OuterRef("pk"), user=user)))
    granted = Exists(CaseAccessGrant.objects.filter(case=OuterRef("pk"), user=user))
    return queryset.filter(Q(is_restricted=False) | granted)


def duplicate_candidates(*, user, person, incident_date=None, received_date=None, limit: int = 10) -> QuerySet[Case]:
    """Open cases this user can see about the same person with an incident (or receipt) within
    14 days: shown before a new matter is saved."""
    from datetime import timedelta

    if person is None:
        return Case.objects.none()
    queryset = cases_visible_to(user=user).filter(case_subjects__person=person, status="open")
    window = timedelta(days=14)
    if incident_date:
        queryset = queryset.filter(
            Q(allegations__incident_date__range=(incident_date - window, incident_date + window))
            | Q(received_date__range=(incident_date - window, incident_date + window))
        )
    elif received_date:
        queryset = queryset.filter(received_date__range=(received_date - window, received_date + window))
    return queryset.distinct()[:limit]


def intervention_flags_visible_to(*, user):
    """Early-intervention flags a supervisor may see: never about themselves, anyone above them
    in their line-management chain, or anyone they declared a conflict with."""
    from accounts.choices import Role

    from .models import InterventionFlag

    if not user.is_authenticated or not user.has_role(Role.SUPERVISOR, Role.APPROPRIATE_AUTHORITY):
        return InterventionFlag.objects.none()
    return InterventionFlag.objects.exclude(person_id__in=people_in_conflict(user=user))


def flag_evidence_for(*, user, flags):
    """Set ``shown_evidence`` on each early-intervention flag: its evidence with the matters it
    lists cut to those this user may see (a flag's evidence is a side view of cases: a restricted
    or conflicted matter is never named). The stored evidence is not changed. One query."""
    from .intervention import evidence_lines

    flags = list(flags)
    references = {ref for flag in flags for ref in (flag.evidence or {}).get("cases", [])}
    visible = (
        set(cases_visible_to(user=user).filter(reference__in=references).values_list("reference", flat=True))
        if references
        else set()
    )
    for flag in flags:
        evidence = dict(flag.evidence or {})
        if "cases" in evidence:
            evidence["cases"] = [ref for ref in evidence["cases"] if ref in visible]
        flag.shown_evidence = evidence
        flag.evidence_lines = evidence_lines(evidence)
    return flags


def reg19_reports_visible_to(*, user):
    """The regulation 19 (12-month) reports as the local policing body receives them: the oversight
    reader sees those submitted to it, on matters that are not restricted to named people; nobody
    else reads them through this list (case workers see them on the case)."""
    from accounts.choices import Role

    from .models import Reg19Report

    if not user.is_authenticated or not user.has_role(Role.OVERSIGHT_READER):
        return Reg19Report.objects.none()
    return (
        Reg19Report.objects.filter(submitted_on__isnull=False, case__is_restricted=False)
        .select_related("case")
        .order_by("-submitted_on", "-id")
    )


# notifications.visibility checkers (registered in CasesConfig.ready): the ids this user may open


def case_notifications_visible(user, ids: set[str]) -> set[str]:
    """Kind "case": by reference."""
    return set(cases_visible_to(user=user).filter(reference__in=ids).values_list("reference", flat=True))


def action_notifications_visible(user, ids: set[str]) -> set[str]:
    """Kind "action": an investigation action (by id) on a case this user may open."""
    actions = InvestigationAction.objects.filter(id__in=int_ids(ids), case__in=cases_visible_to(user=user))
    return as_strings(actions.values_list("id", flat=True))
