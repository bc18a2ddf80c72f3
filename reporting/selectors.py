"""Every read of a report inside the force starts here: role, then conflicts of interest."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from accounts.choices import REPORT_TRIAGERS, REPORTER_IDENTITY_READERS
from cases.selectors import people_in_conflict
from notifications.visibility import as_strings, uuid_ids

from .models import Report, ReportPersonLink


def reports_visible_to(*, user) -> QuerySet[Report]:
    """Default deny. A report linked to the user themselves, anyone up their line-management
    chain, or anyone they declared a conflict with, is hidden from them."""
    if not user.is_authenticated or not user.has_role(*REPORT_TRIAGERS):
        return Report.objects.none()
    queryset = Report.objects.all()
    blocked = people_in_conflict(user=user)
    if blocked:
        queryset = queryset.exclude(
            Exists(ReportPersonLink.objects.filter(report=OuterRef("pk"), person_id__in=blocked))
        )
    return queryset


def may_see_identity(*, user) -> bool:
    return user.is_authenticated and user.has_role(*REPORTER_IDENTITY_READERS)


def report_notifications_visible(user, ids: set[str]) -> set[str]:
    """notifications.visibility checker, kind "report": by public_id."""
    reports = reports_visible_to(user=user).filter(public_id__in=uuid_ids(ids))
    return as_strings(reports.values_list("public_id", flat=True))
