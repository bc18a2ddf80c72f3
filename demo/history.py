"""Demo history: three years of synthetic conduct matters for the demo workforce, written in the
previous-system format (shared/formats/case-history.md) and loaded through the history import,
so the disparity dashboard has something to show on the first `make demo`. A disparity is built
in at stage 1 for Black officers and staff (the Casey review found 1.81), nowhere else."""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta

from cases.history import HEADER
from oversight.simulate import CATEGORIES

SOURCES = ["public_complaint"] * 3 + ["conduct_matter"] * 3 + ["reporting_line", "screening", "monitoring"]


def history_csv(people, *, today: date, years: int = 3, rate: float = 0.07, disparity: float = 1.8, seed=2026) -> bytes:
    """people: iterable of (staff_number, group, start_date, end_date)."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER)
    writer.writeheader()
    n = 0
    for staff_number, group, start, end in people:
        p = rate * (disparity if group == "black" else 1.0)
        for year in range(years):
            if rng.random() >= p:
                continue
            received = today - timedelta(days=365 * year + rng.randrange(365) + 1)
            if received < start or (end and received > end):
                continue
            n += 1
            row = dict.fromkeys(HEADER, "")
            row.update(
                case_ref=f"LEG-{n:06d}",
                allegation_ref="A1",
                staff_number=staff_number,
                source=rng.choice(SOURCES),
                category=rng.choice(CATEGORIES),
                standards=";".join(str(s) for s in sorted(rng.sample(range(1, 11), 2))),
                received_date=received.isoformat(),
                # about one matter in eight was referred to the IOPC (no draw: the demo's other figures stay put)
                iopc_referred="y" if n % 8 == 0 else "n",
            )
            _progress(row, received, today, rng)
            writer.writerow(row)
    return out.getvalue().encode()


def _progress(row, received, today, rng):
    assessed_on = received + timedelta(days=rng.randint(5, 30))
    if assessed_on > today:
        return
    draw = rng.random()
    severity = "gross_misconduct" if draw < 0.2 else "misconduct" if draw < 0.8 else "no_further_action"
    row.update(severity=severity, severity_date=assessed_on.isoformat())
    if severity == "no_further_action":
        row["finalised_date"] = assessed_on.isoformat()
        return
    decided_on = assessed_on + timedelta(days=rng.randint(90, 300))
    if decided_on > today:
        return
    cta = rng.random() < 0.55
    row.update(case_to_answer="yes" if cta else "no", decision_date=decided_on.isoformat())
    if not cta:
        row["finalised_date"] = decided_on.isoformat()
        return
    forum = (
        ("accelerated_hearing" if rng.random() < 0.1 else "hearing") if severity == "gross_misconduct" else "meeting"
    )
    row["forum"] = forum
    finalised = decided_on + timedelta(days=rng.randint(40, 200))
    if finalised > today:
        return
    proven = rng.random() < 0.8
    row["finding"] = "proven" if proven else "not_proven"
    if not proven:
        row["outcome"] = "no_action" if forum == "meeting" else ""
    elif forum == "meeting":
        row["outcome"] = rng.choice(
            ["management_advice", "written_warning", "written_warning", "final_written_warning"]
        )
    else:
        row["outcome"] = rng.choice(["dismissal_without_notice", "dismissal_without_notice", "final_written_warning"])
    row["finalised_date"] = finalised.isoformat()
