"""Reporting-line reports that name a person (a triager linked the report to them:
``ReportPersonLink``) on that person's integrity history (core.timeline). Read through
``reports_visible_to``: triagers only, never a report linked to someone in conflict with them.
The report's text is not copied here: the reporter's words are read on the report's own page."""

from __future__ import annotations

from django.urls import reverse

from core.timeline import TimelineEntry

from .models import Channel, ReportPersonLink, ReportStatus
from .selectors import reports_visible_to

CHANNEL = dict(Channel.choices)
STATUS = dict(ReportStatus.choices)


def history_entries(*, user, person) -> list[TimelineEntry]:
    if not user.is_authenticated:
        return []
    rows = (
        ReportPersonLink.objects.filter(person=person, report__in=reports_visible_to(user=user))
        .order_by("report__received_at", "id")
        .values_list("report__reference", "report__received_at", "report__channel", "report__status")
    )
    return [
        TimelineEntry(
            happened_on=received_at.date(),
            kind="report",
            kind_label="Reporting-line report",
            title=f"Report naming them ({CHANNEL.get(channel, channel).lower()})",
            detail=f"Status: {STATUS.get(status, status).lower()}.",
            url=reverse("reporting:report", args=[reference]),
            reference=reference,
        )
        for reference, received_at, channel, status in rows
    ]
