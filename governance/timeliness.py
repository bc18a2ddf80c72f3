"""TEMPORARY stand-in for part B's governance.timeliness (the lead drops this file when merging B).

Only `board_figures` with the shape common.md fixes, from simple queries, so the board pack can be
built and tested before part B is merged.
"""

from __future__ import annotations

import statistics
from datetime import date, timedelta

from cases.choices import SubjectStage
from cases.models import Case, CaseSubject

AGEING_BANDS = [(0, 90), (91, 180), (181, 270), (271, 400), (401, None)]


def _band_label(low: int, high: int | None) -> str:
    return f"over {low - 1} days" if high is None else f"{low}-{high} days"


def _p90(values: list[int]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return float(ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))])


def board_figures(*, as_of: date) -> dict:
    finalised = list(
        CaseSubject.objects.filter(stage=SubjectStage.CLOSED, finalised_on__lte=as_of).values_list(
            "case__received_date", "finalised_on"
        )
    )
    days = [(f - r).days for r, f in finalised if r and f]
    stages = [
        {
            "case_type": "conduct",
            "stage": "received_to_finalised",
            "label": "Received to finalised",
            "n": len(days),
            "median": float(statistics.median(days)) if days else None,
            "p90": _p90(days),
        }
    ]
    ages = [
        (as_of - received).days
        for received in Case.objects.filter(status="open", received_date__lte=as_of).values_list(
            "received_date", flat=True
        )
    ]
    open_ageing = [
        {"band": _band_label(low, high), "n": sum(1 for a in ages if a >= low and (high is None or a <= high))}
        for low, high in AGEING_BANDS
    ]
    year_ago = as_of - timedelta(days=365)
    recent = [(f - r).days for r, f in finalised if r and f and f > year_ago]
    return {
        "stages": stages,
        "open_ageing": open_ageing,
        "clocks": [],
        "finalised_12m": {
            "n": len(recent),
            "mean_days": float(statistics.mean(recent)) if recent else None,
            "median_days": float(statistics.median(recent)) if recent else None,
        },
    }
