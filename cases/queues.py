"""Supervisors' queues: open cases the user may see, most serious and most urgent first."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.choices import Role

from .models import Case
from .selectors import cases_visible_to

QUEUE_ROLES = (Role.SUPERVISOR, Role.APPROPRIATE_AUTHORITY)
QUEUES = {
    "unallocated": "Unallocated",
    "all": "All open",
    "at-risk": "At risk or overdue",
    "awaiting-decision": "Awaiting a decision",
}
AT_RISK_CODES = ("twelve_months", "twelve_months_near", "reg17_response", "stale", "suspension_deadline")


def queue_cases(*, user, queue: str) -> QuerySet[Case]:
    # driven from the priority index: open cases by score, stopping at the page's end
    return queue_filter(cases_visible_to(user=user), queue=queue).order_by("-priority__score", "received_date", "id")


def queue_filter(queryset: QuerySet[Case], *, queue: str) -> QuerySet[Case]:
    """The open cases of `queryset` in this queue (the one definition: the queues, the board pack)."""
    queryset = queryset.filter(status="open", priority__is_open=True)
    if queue == "unallocated":
        queryset = queryset.filter(investigator__isnull=True)
    elif queue == "at-risk":
        queryset = queryset.filter(priority__at_risk=True)
    elif queue == "awaiting-decision":
        # kept with the score: a case joins this queue when it is re-scored, seconds after the change
        queryset = queryset.filter(priority__awaiting_decision=True)
    return queryset


def cases_by_id(ids: list[int], *, prefetch=("case_subjects__person",)) -> list[Case]:
    """Full rows for a page of already-authorised case ids, in the given order."""
    rows = {
        case.id: case
        for case in Case.objects.filter(id__in=ids)
        .select_related("priority", "investigator")
        .prefetch_related(*prefetch)
    }
    return [rows[i] for i in ids if i in rows]
