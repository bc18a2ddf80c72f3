"""The hearing part of the case history import (cases.history): a finalised row with a forum and a
finding records the historical proceeding and its outcome (notice given when decided). Registered
as a history step (cases.extensions), since cases never imports hearings."""

from __future__ import annotations

from core.working_days import add_working_days

from .models import Proceeding, ProceedingOutcome


def proceeding_from_history(*, subject, raw: dict, values: dict) -> bool:
    """Inside the row's transaction; True when a proceeding was recorded."""
    if not (raw["forum"] and raw["finding"]) or subject.proceedings.exists():
        return False
    proceeding = Proceeding.objects.create(
        subject=subject,
        forum=raw["forum"],
        status="held",
        scheduled_for=values["decision_date"] or values["finalised"],
    )
    decided = values["finalised"] or values["decision_date"] or values["received"]
    finding = (
        "not_proven"
        if raw["finding"] == "not_proven"
        else ("gross_misconduct" if raw["severity"] == "gross_misconduct" else "misconduct")
    )
    ProceedingOutcome.objects.create(
        proceeding=proceeding,
        finding=finding,
        outcome=raw["outcome"] or "no_action",
        reasons="Imported from the previous system",
        decided_on=decided,
        notice_due_on=add_working_days(decided, 5),
        notice_given_on=decided,
        recorded_by=None,
    )
    return True
