"""Supervisors' queues: open cases the user may see, most serious and most urgent first."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.choices import Role

from .choices import SubjectStage
from .models import Case, CaseSubject
from .selectors import cases_visible_to

QUEUE_ROLES = (Role.SUPERVISOR, Role.APPROPRIATE_AUTHORITY)
QUEUES = {
    "unallocated": "Unallocated",
    "all": "All open",
    "at-risk": "At risk or overdue",
    "awaiting-decision": "Awaiting a decision",
}
AT_RISK_CODES = ("twelve_months", "twelve_months_near", "reg17_response", "stale")


def queue_cases(*, user, queue: str) -> QuerySet[Case]:
    queryset = (
        cases_visible_to(user=user)
        .filter(status="open")
        .select_related("priority", "investigator")
        .order_by("-priority__score", "received_date", "id")
    )
    if queue == "unallocated":
        queryset = queryset.filter(investigator__isnull=True)
    elif queue == "at-risk":
        at_risk = Q()
        for code in AT_RISK_CODES:
            at_risk |= Q(priority__components__contains=[{"code": code}])
        queryset = queryset.filter(at_risk)
    elif queue == "awaiting-decision":
        queryset = queryset.filter(
            Exists(
                CaseSubject.objects.filter(
                    case=OuterRef("pk"), stage__in=[SubjectStage.RECEIVED, SubjectStage.AWAITING_DECISION]
                )
            )
        )
    return queryset
