"""Statistics for outcome-disparity analysis (shared/disparity-method.md), on scipy and statsmodels.

Pure functions over counts: the counting happens in PostgreSQL; this module turns counts into
rates, ratios, intervals, p-values and the versioned flag status, and is checked against the
published worked examples (tests/oversight/test_statistics.py).

Note on the Koopman interval: statsmodels' `confint_proportions_2indep(compare="ratio",
method="score")` applies a variance correction by default, which gives the Miettinen-Nurminen
interval; the Koopman score interval is the same call with `correction=False`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.stats import fisher_exact, hypergeom
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

# version 2: one Benjamini-Hochberg family per level (the force; all commands; all units), each
# across the windows, populations, sources and stages of one refresh (version 1: one family)
METHOD_VERSION = "disparity-2.0"
LEVELS = ("force", "command", "unit")
FLAG_RULE = {
    "ratio_high": 1.25,
    "ratio_low": 0.80,
    "alpha": 0.05,
    "min_denominator": 10,
    "min_events_higher_group": 5,
}


def wilson_interval(events: int, n: int, alpha: float = 0.05) -> tuple[float, float]:
    if n == 0:
        return (math.nan, math.nan)
    low, high = proportion_confint(events, n, alpha=alpha, method="wilson")
    return float(low), float(high)


def rate_ratio(events_a: int, n_a: int, events_b: int, n_b: int) -> float:
    """Rate of group a over rate of group b (the reference)."""
    if n_a == 0 or n_b == 0 or events_b == 0:
        return math.nan if events_a == 0 or n_a == 0 or n_b == 0 else math.inf
    return (events_a / n_a) / (events_b / n_b)


def koopman_interval(events_a: int, n_a: int, events_b: int, n_b: int, alpha: float = 0.05) -> tuple[float, float]:
    """Koopman score interval for the ratio of two independent proportions.

    By inverting the score test (fast_stats.koopman_vec, checked against statsmodels in the tests):
    statsmodels 0.15 solves a cubic instead, which collapses or goes complex when everyone in a
    group had the event and overflows on numpy integers.
    """
    from .fast_stats import koopman_vec

    low, high = koopman_vec([events_a], [n_a], [events_b], [n_b], alpha=alpha)
    return float(low[0]), float(high[0])


def miettinen_nurminen_interval(
    events_a: int, n_a: int, events_b: int, n_b: int, alpha: float = 0.05
) -> tuple[float, float]:
    low, high = confint_proportions_2indep(
        events_a, n_a, events_b, n_b, compare="ratio", method="score", correction=True, alpha=alpha
    )
    return float(low), float(high)


def katz_interval(events_a: int, n_a: int, events_b: int, n_b: int, alpha: float = 0.05) -> tuple[float, float]:
    """Katz log interval: a cross-check only (fails on zero cells)."""
    if min(events_a, events_b) == 0:
        return (math.nan, math.nan)
    low, high = confint_proportions_2indep(events_a, n_a, events_b, n_b, compare="ratio", method="log", alpha=alpha)
    return float(low), float(high)


def fisher_p(events_a: int, n_a: int, events_b: int, n_b: int) -> float:
    """Two-sided Fisher exact p-value for [[events, non-events] per group]."""
    return float(fisher_exact([[events_a, n_a - events_a], [events_b, n_b - events_b]]).pvalue)


def fisher_mid_p(events_a: int, n_a: int, events_b: int, n_b: int) -> float:
    """Two-sided mid-P: the Fisher p-value less half the probability of the observed table."""
    total, events = n_a + n_b, events_a + events_b
    observed = hypergeom.pmf(events_a, total, events, n_a)
    return float(fisher_p(events_a, n_a, events_b, n_b) - 0.5 * observed)


def benjamini_hochberg(p_values: list[float]) -> list[float]:
    """Adjusted p-values across one family of tests (NaN tests are left out and stay NaN)."""
    indexed = [(i, p) for i, p in enumerate(p_values) if not math.isnan(p)]
    adjusted = [math.nan] * len(p_values)
    if indexed:
        corrected = multipletests([p for _, p in indexed], method="fdr_bh")[1]
        for (i, _), q in zip(indexed, corrected, strict=True):
            adjusted[i] = float(q)
    return adjusted


def impact_ratios(rates: dict[str, float]) -> dict[str, float]:
    """EEOC four-fifths: each group's selection rate over the highest rate."""
    highest = max(rates.values())
    return {group: rate / highest for group, rate in rates.items()}


def adverse_impact(rates: dict[str, float]) -> dict[str, bool]:
    """The four-fifths rule is strictly 'less than 0.80'."""
    return {group: ratio < 0.80 for group, ratio in impact_ratios(rates).items()}


@dataclass
class Comparison:
    events: int
    n: int
    ref_events: int
    ref_n: int
    adjusted_p: float

    @property
    def ratio(self) -> float:
        return rate_ratio(self.events, self.n, self.ref_events, self.ref_n)


def _passes(events, n, ref_events, ref_n, adjusted_p, rule) -> bool:
    ratio = rate_ratio(events, n, ref_events, ref_n)
    if not (ratio >= rule["ratio_high"] or ratio <= rule["ratio_low"]):
        return False
    low, high = koopman_interval(events, n, ref_events, ref_n)
    if low <= 1 <= high:
        return False
    if not adjusted_p < rule["alpha"]:
        return False
    higher_events = events if events / n >= ref_events / ref_n else ref_events
    return higher_events >= rule["min_events_higher_group"]


def flag_status(c: Comparison, rule: dict = FLAG_RULE) -> str:
    """FLAG, WATCH, INSUFFICIENT or OK by the versioned rule, with the one-person check."""
    if c.n < rule["min_denominator"] or c.ref_n < rule["min_denominator"]:
        return "INSUFFICIENT"
    ratio = c.ratio
    outside = ratio >= rule["ratio_high"] or ratio <= rule["ratio_low"]
    if not outside:
        return "OK"
    if not _passes(c.events, c.n, c.ref_events, c.ref_n, c.adjusted_p, rule):
        return "WATCH"
    # The one-person rule: the flag must survive one event fewer in the group when its rate is the
    # higher, or one event more in the group when its rate is the lower (ratio below 1: moving an
    # event out of a large White group would change nothing). The moved table's p-value is
    # adjusted by the same Benjamini-Hochberg factor as the original.
    group_higher = c.events / c.n >= c.ref_events / c.ref_n
    moved = (
        (c.events - 1, c.n, c.ref_events, c.ref_n)
        if group_higher
        else (min(c.events + 1, c.n), c.n, c.ref_events, c.ref_n)
    )
    if min(moved[0], moved[2]) < 0:
        return "WATCH"
    raw = fisher_p(c.events, c.n, c.ref_events, c.ref_n)
    factor = c.adjusted_p / raw if raw > 0 else 1.0
    if not _passes(*moved, min(1.0, fisher_p(*moved) * factor), rule):
        return "WATCH"
    return "FLAG"
