"""Unsatisfactory performance and attendance cases on a person's integrity history
(core.timeline), read through ``performance_cases_visible_to``."""

from __future__ import annotations

from django.urls import reverse

from core.timeline import TimelineEntry

from .selectors import performance_cases_visible_to


def history_entries(*, user, person) -> list[TimelineEntry]:
    if not user.is_authenticated:
        return []
    cases = performance_cases_visible_to(user=user).filter(officer=person).order_by("attention_date", "id")
    return [
        TimelineEntry(
            happened_on=case.attention_date,
            kind="performance",
            kind_label="Performance case",
            title=f"{case.get_kind_display()}: {case.get_state_display().lower()}",
            detail=f"Outcome: {case.get_outcome_display().lower()}." if case.outcome else "",
            url=reverse("performance:case", args=[case.reference]),
            reference=case.reference,
        )
        for case in cases
    ]
