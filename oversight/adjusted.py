"""Secondary panel: logistic regression per stage, adjusting for who people are and where they work.

For the whole force, each population and window (all sources): the odds of each stage's event for
each group against White, adjusted for rank or grade, length of service (bands), age (bands),
gender, command and (from stage 2) the type of the person's first allegation in the window. The
crude odds ratio from the same people is stored beside it; the dashboard shows both next to the
crude relative rate, never instead of it. Cells are counted in PostgreSQL and fitted as a binomial
GLM on the grouped counts (statsmodels), which gives the same estimates as one row per person.

Stage 1's denominator here is everyone employed at any time in the window (a person-level model
needs people, not an average headcount).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import statsmodels.api as sm
from django.db import connection

from .counting import COUNT_COLUMNS, STAGE_COLUMNS
from .models import AdjustedResult
from .refresh import COMPARED, REFERENCE

COVARIATES = ["rank", "service", "age", "gender", "command"]
MIN_EVENTS = 20

CELLS_SQL = """
WITH cat AS (
    SELECT DISTINCT ON (s.person_id) s.person_id, a.category_id
    FROM dz_subject s JOIN cases_allegation a ON a.subject_id = s.subject_id
    WHERE s.received_date >= %(start)s
    ORDER BY s.person_id, s.received_date, a.id
)
SELECT p.grp, p.person_type, coalesce(nullif(wp.rank_or_grade, ''), 'unknown') AS rank,
       width_bucket(extract(year FROM age(%(cutoff)s, wp.start_date))::int, ARRAY[2, 5, 10, 20]) AS service,
       width_bucket(extract(year FROM age(%(cutoff)s, wp.date_of_birth))::int, ARRAY[25, 35, 45, 55]) AS age,
       coalesce(nullif(wp.gender, ''), 'U') AS gender, p.command_id::text AS command,
       coalesce(cat.category_id, 'none') AS category,
       count(*) AS people,
       count(f.person_id) AS in_system,
       count(*) FILTER (WHERE f.assessed), count(*) FILTER (WHERE f.gross),
       count(*) FILTER (WHERE f.decided), count(*) FILTER (WHERE f.cta),
       count(*) FILTER (WHERE f.referred), count(*) FILTER (WHERE f.hearing),
       count(*) FILTER (WHERE f.at_proceedings), count(*) FILTER (WHERE f.at_hearing),
       count(*) FILTER (WHERE f.dismissed), count(*) FILTER (WHERE f.sanctioned)
FROM dz_person p
JOIN workforce_person wp ON wp.id = p.person_id
LEFT JOIN dz_fact f ON f.person_id = p.person_id AND f.months = %(months)s AND f.source = 'all'
LEFT JOIN cat ON cat.person_id = p.person_id
WHERE p.start_date <= %(cutoff)s AND (p.end_date IS NULL OR p.end_date >= %(start)s) AND p.grp <> 'not_stated'
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
"""
COLUMNS = ["grp", "person_type", "rank", "service", "age", "gender", "command", "category", "people", *COUNT_COLUMNS]


def _design(frame: pd.DataFrame, covariates: list[str]) -> pd.DataFrame:
    groups = pd.get_dummies(frame["grp"]).reindex(columns=COMPARED, fill_value=False)
    parts = [groups]
    for name in covariates:
        dummies = pd.get_dummies(frame[name].astype(str), prefix=name, drop_first=True)
        parts.append(dummies)
    design = pd.concat(parts, axis=1).astype(float)
    design = design.loc[:, design.sum() > 0]
    return sm.add_constant(design, has_constant="add")


def _fit(frame, denominator, event, covariates):
    data = frame[frame[denominator] > 0]
    events = data[event].to_numpy(float)
    trials = data[denominator].to_numpy(float)
    endog = np.column_stack([events, trials - events])
    design = _design(data, covariates)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = sm.GLM(endog, design, family=sm.families.Binomial()).fit()
    return fit, design.columns


def _stage_panel(frame, stage, denominator, event, covariates):
    data = frame.copy()
    if denominator == "headcount":
        denominator = "people"
    total_events = int(data[event].sum())
    results = []
    note = ""
    fits = None
    if total_events < MIN_EVENTS:
        note = f"Fewer than {MIN_EVENTS} events: not adjusted"
    else:
        try:
            crude, crude_cols = _fit(data, denominator, event, [])
            adjusted, adjusted_cols = _fit(data, denominator, event, covariates)
            fits = (crude, list(crude_cols), adjusted, list(adjusted_cols))
        except (np.linalg.LinAlgError, ValueError) as exc:
            note = f"Model not estimable: {type(exc).__name__}"
    for group in COMPARED:
        people = int(data.loc[data["grp"] == group, denominator].sum())
        row = {"group": group, "people": people, "note": note}
        if fits and group in fits[1] and group in fits[3]:
            crude, crude_cols, adjusted, adjusted_cols = fits
            i, j = crude_cols.index(group), adjusted_cols.index(group)
            low, high = adjusted.conf_int().iloc[j]
            estimate = adjusted.params.iloc[j]
            if all(math.isfinite(v) for v in (estimate, low, high)) and max(abs(estimate), abs(low), abs(high)) < 20:
                row.update(
                    crude_odds_ratio=math.exp(crude.params.iloc[i]),
                    odds_ratio=math.exp(estimate),
                    or_low=math.exp(low),
                    or_high=math.exp(high),
                    p_value=float(adjusted.pvalues.iloc[j]),
                )
            else:
                row["note"] = "Not estimable (separation)"
        elif fits and not note:
            row["note"] = "No people in this group"
        results.append(row)
    return results


def compute(refresh, starts: dict) -> list[AdjustedResult]:
    out = []
    with connection.cursor() as cursor:
        for months, start in starts.items():
            cursor.execute(CELLS_SQL, {"cutoff": refresh.data_cutoff, "start": start, "months": months})
            frame = pd.DataFrame(cursor.fetchall(), columns=COLUMNS)
            if frame.empty:
                continue
            for population in ("all", "officer", "staff"):
                part = frame if population == "all" else frame[frame["person_type"] == population]
                if part.empty or not (part["grp"] == REFERENCE).any():
                    continue
                extra = ["person_type"] if population == "all" else []
                for stage, (denominator, event) in STAGE_COLUMNS.items():
                    covariates = COVARIATES + extra + ([] if stage == "s1_system" else ["category"])
                    for row in _stage_panel(part, stage, denominator, event, covariates):
                        out.append(
                            AdjustedResult(
                                refresh=refresh,
                                window_months=months,
                                population=population,
                                stage=stage,
                                covariates=covariates,
                                **row,
                            )
                        )
    return out


def store(refresh) -> int:
    from .counting import window_start

    starts = {w: window_start(refresh.data_cutoff, w) for w in (12, 36)}
    results = compute(refresh, starts)
    AdjustedResult.objects.bulk_create(results, batch_size=1000)
    return len(results)
