"""Stage 6, duration: Kaplan-Meier medians per group and a Cox hazard ratio against White.

Each matter (case subject) received in the window runs from receipt to finalisation; matters
still open at the cut-off are censored there, not dropped. Computed for the force and each
command, for every population and window, all sources together: a unit's few dozen matters give
no stable duration model, so units show the funnel only. The hazard is the rate of finalisation:
a ratio below 1 means that group's matters take longer.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
from statsmodels.duration.hazard_regression import PHReg
from statsmodels.duration.survfunc import SurvfuncRight

from .counting import Counts
from .models import DurationResult
from .refresh import COMPARED, GROUPS, REFERENCE

MIN_MATTERS = 10


def _clean(value):
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) or math.isinf(value) else value


def _km(days, finalised):
    if len(days) == 0:
        return None, None, None
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        fit = SurvfuncRight(days, finalised)
        median = fit.quantile(0.5)
        try:
            low, high = fit.quantile_ci(0.5)
        except (ValueError, ZeroDivisionError, IndexError):
            low = high = None
    return _clean(median), _clean(low), _clean(high)


def _cox(days, finalised, groups):
    """Hazard ratio of each compared group against White (Breslow ties), or {} if not estimable."""
    present = [g for g in COMPARED if (groups == g).sum() >= MIN_MATTERS and finalised[groups == g].sum() >= 5]
    keep = np.isin(groups, [REFERENCE, *present])
    if (groups == REFERENCE).sum() < MIN_MATTERS or not present or finalised[groups == REFERENCE].sum() < 5:
        return {}
    exog = np.column_stack([(groups[keep] == g).astype(float) for g in present])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = PHReg(days[keep], exog, status=finalised[keep], ties="breslow").fit()
        ci = fit.conf_int()
    except (np.linalg.LinAlgError, ValueError):
        return {}
    with np.errstate(over="ignore"):
        return {
            g: (np.exp(fit.params[i]), np.exp(ci[i][0]), np.exp(ci[i][1]), float(fit.pvalues[i]))
            for i, g in enumerate(present)
        }


def compute(counts: Counts) -> list[DurationResult]:
    if not counts.durations:
        return []
    received, days, finalised, _source, grp, person_type, command = (np.array(c) for c in zip(*counts.durations))
    days = days.astype(float)
    finalised = finalised.astype(float)
    out = []
    commands = [c for c in np.unique(command) if c is not None]
    units = [("force", None, np.ones(len(days), dtype=bool))] + [("command", c, command == c) for c in commands]
    for window, start in counts.starts.items():
        in_window = received >= start
        for level, unit_id, in_unit in units:
            for population in ("all", "officer", "staff"):
                mask = in_window & in_unit & ((person_type == population) if population != "all" else True)
                if not mask.any():
                    continue
                d, f, g = days[mask], finalised[mask], grp[mask]
                hazards = _cox(d, f, g)
                for group in GROUPS:
                    sel = g == group
                    if not sel.any():
                        continue
                    median, low, high = _km(d[sel], f[sel])
                    hr = hazards.get(group)
                    out.append(
                        DurationResult(
                            level=level,
                            unit_id=unit_id,
                            window_months=window,
                            population=population,
                            source="all",
                            group=group,
                            matters=int(sel.sum()),
                            finalised=int(f[sel].sum()),
                            median_days=median,
                            median_low=low,
                            median_high=high,
                            hazard_ratio=_clean(hr[0]) if hr else None,
                            hr_low=_clean(hr[1]) if hr else None,
                            hr_high=_clean(hr[2]) if hr else None,
                            p_value=_clean(hr[3]) if hr else None,
                        )
                    )
    return out


def store(refresh, counts: Counts) -> int:
    results = compute(counts)
    for r in results:
        r.refresh = refresh
    DurationResult.objects.bulk_create(results, batch_size=2000)
    return len(results)
