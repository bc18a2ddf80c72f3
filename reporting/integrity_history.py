"""Reporting-line reports that name a person (a triager linked the report to them:
``ReportPersonLink``) on that person's integrity history (core.timeline). Read through
``reports_visible_to``: triagers only, never a report linked to someone in conflict with them.
The report's text is not copied here: the reporter's words are read on the report's own page."""

from __future__ import annotations

from django.urls import reverse

from core.timeline import TimelineEntry

from .models import ReportPersonLink
from .selectors import reports_visible_to


def history_entries(*, user, person) -> list[TimelineEntry]:
    if not user.is_authenticated:
        return []
    links = (
        ReportPersonLink.objects.filter(person=person, report__in=reports_visible_to(user=user))
        .select_related("report")
        .order_by("report__received_at", "id")
    )
    return [
        TimelineEntry(
            happened_on=link.report.received_at.date(),
            kind="report",
            kind_label="Reporting-line report",
            title=f"Report naming them ({link.report.get_channel_display().lower()})",
            detail=f"Status: {link.report.get_status_display().lower()}.",
            url=reverse("reporting:report", args=[link.report.reference]),
            reference=link.report.reference,
        )
        for link in links
    ]
