"""A disparity refresh: count in PostgreSQL, test every comparison, store a snapshot, raise flags.

Every comparison of a group with the White reference group where both denominators reach the
rule's minimum is one test. Method version 2: the tests form one Benjamini-Hochberg family per
level (the force's tests; all commands' tests; all units' tests), each across the windows,
populations, sources and stages of the refresh, so adding units never weakens a force figure. The statistics are the
vectorised equivalents in `fast_stats` (checked against scipy and statsmodels in the tests); the
scalar `statistics.flag_status` remains the reference the vectorised rule is tested against.
"""

from __future__ import annotations

import logging
import math
import time
from datetime import date, timedelta

import numpy as np
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from statsmodels.stats.multitest import multipletests

from workforce.choices import EthnicGroup

from . import counting, fast_stats
from .models import (
    DisparityFlag,
    DisparityRefresh,
    DisparityResult,
    FlagStatus,
    RefreshStatus,
    Trigger,
)
from .statistics import FLAG_RULE, LEVELS, METHOD_VERSION

log = logging.getLogger(__name__)

REFERENCE = EthnicGroup.WHITE.value
COMPARED = [EthnicGroup.ASIAN.value, EthnicGroup.BLACK.value, EthnicGroup.MIXED.value, EthnicGroup.OTHER.value]
GROUPS = [REFERENCE, *COMPARED, EthnicGroup.NOT_STATED.value]
STALE_AFTER = timedelta(hours=2)

RESULT_COLUMNS = [
    "refresh_id",
    "level",
    "unit_id",
    "window_months",
    "population",
    "source",
    "stage",
    "group",
    "n",
    "events",
    "headcount",
    "rate",
    "rate_low",
    "rate_high",
    "ratio",
    "ratio_low",
    "ratio_high",
    "katz_low",
    "katz_high",
    "p_value",
    "p_adjusted",
    "status",
]


class RefreshAlreadyRunning(Exception):
    pass


def _nan_to_none(value):
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def _finite(value):
    """Ratios and interval ends: infinity is stored as NULL with the counts that explain it."""
    value = _nan_to_none(value)
    return None if value is None or math.isinf(value) else value


def flag_statuses(a, n1, b, n2, p_adjusted, p_raw, rule=FLAG_RULE) -> np.ndarray:
    """The versioned flag rule over arrays of tested comparisons (both denominators >= minimum)."""
    a, n1, b, n2 = (np.asarray(x, dtype=np.int64) for x in (a, n1, b, n2))
    p_adjusted, p_raw = np.asarray(p_adjusted, float), np.asarray(p_raw, float)
    status = np.full(a.shape, "OK", dtype=object)
    ratio = fast_stats.rate_ratio_vec(a, n1, b, n2)
    with np.errstate(invalid="ignore"):
        outside = (ratio >= rule["ratio_high"]) | (ratio <= rule["ratio_low"])
    status[outside] = "WATCH"
    first = _passes(a, n1, b, n2, p_adjusted, rule) & outside
    idx = np.flatnonzero(first)
    if idx.size:
        a_, n1_, b_, n2_ = a[idx], n1[idx], b[idx], n2[idx]
        # the "one person" rule: one event out of the group if it has the higher rate; for a ratio
        # below 1, one event more for the group (moving one out of a large White group changes nothing)
        group_higher = a_ * n2_ >= b_ * n1_
        a_moved = np.where(group_higher, a_ - 1, np.minimum(a_ + 1, n1_))
        b_moved = b_
        factor = np.where(p_raw[idx] > 0, p_adjusted[idx] / np.where(p_raw[idx] > 0, p_raw[idx], 1), 1.0)
        p_moved = np.minimum(1.0, fast_stats.fisher_p_vec(a_moved, n1_, b_moved, n2_) * factor)
        survives = _passes(a_moved, n1_, b_moved, n2_, p_moved, rule)
        status[idx[survives]] = "FLAG"
    return status


def _passes(a, n1, b, n2, p_adjusted, rule) -> np.ndarray:
    ratio = fast_stats.rate_ratio_vec(a, n1, b, n2)
    low, high = fast_stats.koopman_vec(a, n1, b, n2)
    with np.errstate(invalid="ignore"):
        outside = (ratio >= rule["ratio_high"]) | (ratio <= rule["ratio_low"])
        excludes_one = (low > 1) | (high < 1)
    higher_events = np.where(a * n2 >= b * n1, a, b)
    return outside & excludes_one & (p_adjusted < rule["alpha"]) & (higher_events >= rule["min_events_higher_group"])


def _rows(counts: counting.Counts):
    """Flatten the slices to one record per (slice, stage, group) with n, events and headcount."""
    for (level, unit_id, window, population, source), groups in counts.slices.items():
        for stage, (denominator, event) in counting.STAGE_COLUMNS.items():
            for group in GROUPS:
                cell = groups.get(group)
                if cell is None:
                    continue
                events = cell[event]
                n = max(cell[denominator], events) if denominator == "headcount" else cell[denominator]
                if n == 0 and events == 0:
                    continue
                yield (level, unit_id, window, population, source, stage, group, n, events, cell["headcount"])


def compute(counts: counting.Counts, rule=FLAG_RULE) -> tuple[list[tuple], dict]:
    """Statistics for every row; returns the rows (without refresh id) and a summary."""
    rows = list(_rows(counts))
    if not rows:
        return [], {"tests": 0, "families": dict.fromkeys(LEVELS, 0), "flags": 0, "watches": 0}
    n = np.array([r[7] for r in rows], dtype=np.int64)
    events = np.array([r[8] for r in rows], dtype=np.int64)
    rate = np.where(n > 0, events / np.maximum(n, 1), np.nan)
    rate_low, rate_high = fast_stats.wilson_vec(events, n)

    # reference (White) n and events for each row's slice and stage
    index = {r[:6]: i for i, r in enumerate(rows) if r[6] == REFERENCE}
    ref = np.array([index.get(r[:6], -1) if r[6] in COMPARED else -1 for r in rows])
    has_ref = ref >= 0
    ref_n = np.where(has_ref, n[ref], 0)
    ref_events = np.where(has_ref, events[ref], 0)
    minimum = rule["min_denominator"]
    tested = has_ref & (n >= minimum) & (ref_n >= minimum)
    insufficient = has_ref & ~tested

    t = np.flatnonzero(tested)
    levels = np.array([r[0] for r in rows], dtype=object)
    a, n1, b, n2 = events[t], n[t], ref_events[t], ref_n[t]
    ratio = np.full(len(rows), np.nan)
    ratio_low, ratio_high = np.full(len(rows), np.nan), np.full(len(rows), np.nan)
    katz_low, katz_high = np.full(len(rows), np.nan), np.full(len(rows), np.nan)
    p_raw, p_adj = np.full(len(rows), np.nan), np.full(len(rows), np.nan)
    status = np.full(len(rows), "", dtype=object)
    status[insufficient] = "INSUFFICIENT"
    if t.size:
        ratio[t] = fast_stats.rate_ratio_vec(a, n1, b, n2)
        ratio_low[t], ratio_high[t] = fast_stats.koopman_vec(a, n1, b, n2)
        katz_low[t], katz_high[t] = katz_vec(a, n1, b, n2)
        p_raw[t] = fast_stats.fisher_p_vec(a, n1, b, n2)
        p_adj[t] = adjust_by_level(p_raw[t], levels[t])
        status[t] = flag_statuses(a, n1, b, n2, p_adj[t], p_raw[t], rule)
    out = []
    for i, r in enumerate(rows):
        out.append(
            (
                *r,
                _nan_to_none(rate[i]),
                _nan_to_none(rate_low[i]),
                _nan_to_none(rate_high[i]),
                _finite(ratio[i]),
                _finite(ratio_low[i]),
                _finite(ratio_high[i]),
                _finite(katz_low[i]),
                _finite(katz_high[i]),
                _nan_to_none(p_raw[i]),
                _nan_to_none(p_adj[i]),
                status[i],
            )
        )
    summary = {
        "tests": int(t.size),
        "families": {level: int((levels[t] == level).sum()) for level in LEVELS},
        "flags": int((status == "FLAG").sum()),
        "watches": int((status == "WATCH").sum()),
    }
    return out, summary


def adjust_by_level(p_values, levels) -> np.ndarray:
    """Benjamini-Hochberg within each level's family (method version 2)."""
    p_values, levels = np.asarray(p_values, float), np.asarray(levels, dtype=object)
    adjusted = np.full(p_values.shape, np.nan)
    for level in LEVELS:
        family = np.flatnonzero(levels == level)
        if family.size:
            adjusted[family] = multipletests(p_values[family], method="fdr_bh")[1]
    return adjusted


def katz_vec(a, n1, b, n2, z: float = 1.959963984540054):
    """Katz log interval (cross-check only): undefined, so NaN, when either group has no events."""
    a, n1, b, n2 = (np.asarray(x, dtype=float) for x in (a, n1, b, n2))
    ok = (a > 0) & (b > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_rr = np.log((a / n1) / (b / n2))
        se = np.sqrt(1 / a - 1 / n1 + 1 / b - 1 / n2)
        low, high = np.exp(log_rr - z * se), np.exp(log_rr + z * se)
    return np.where(ok, low, np.nan), np.where(ok, high, np.nan)


def _copy_results(refresh_id: int, rows: list[tuple]) -> None:
    columns = ", ".join(f'"{c}"' for c in RESULT_COLUMNS)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY oversight_disparityresult ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row((refresh_id, *row))


def refresh_start(*, trigger: str, actor=None, cutoff: date | None = None) -> DisparityRefresh:
    """Create the running refresh, or raise if one is running (a stale one is marked failed)."""
    DisparityRefresh.objects.filter(status=RefreshStatus.RUNNING, started_at__lt=timezone.now() - STALE_AFTER).update(
        status=RefreshStatus.FAILED,
        error="Abandoned: the worker stopped before it finished",
        finished_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            return DisparityRefresh.objects.create(
                data_cutoff=cutoff or timezone.localdate(),
                method_version=METHOD_VERSION,
                rule=dict(FLAG_RULE),
                trigger=trigger,
                requested_by=actor,
            )
    except IntegrityError as exc:
        raise RefreshAlreadyRunning("A refresh is already running") from exc


def refresh_run(refresh: DisparityRefresh, *, durations: bool = True, adjusted: bool = True) -> DisparityRefresh:
    """Run a started refresh to completion (all units, windows, populations and sources)."""
    from . import adjusted as adjusted_panel
    from . import flags, survival

    timings = {}
    try:
        started = time.perf_counter()
        with transaction.atomic():
            counts = counting.count(refresh.data_cutoff)
            timings["count_s"] = round(time.perf_counter() - started, 2)
            mark = time.perf_counter()
            rows, summary = compute(counts, refresh.rule)
            timings["statistics_s"] = round(time.perf_counter() - mark, 2)
            mark = time.perf_counter()
            _copy_results(refresh.id, rows)
            timings["store_s"] = round(time.perf_counter() - mark, 2)
            if durations:
                mark = time.perf_counter()
                survival.store(refresh, counts)
                timings["durations_s"] = round(time.perf_counter() - mark, 2)
            if adjusted:
                mark = time.perf_counter()
                adjusted_panel.store(refresh)
                timings["adjusted_s"] = round(time.perf_counter() - mark, 2)
            with connection.cursor() as cursor:
                counting.drop_temp_tables(cursor)
            mark = time.perf_counter()
            new_flags = flags.flags_update(refresh)
            timings["flags_s"] = round(time.perf_counter() - mark, 2)
            timings["total_s"] = round(time.perf_counter() - started, 2)
            DisparityRefresh.objects.filter(id=refresh.id).update(
                status=RefreshStatus.COMPLETE,
                finished_at=timezone.now(),
                tests=summary["tests"],
                families=summary["families"],
                flags=summary["flags"],
                watches=summary["watches"],
                timings=timings,
            )
        if new_flags:
            # runs at once in autocommit, or when an enclosing transaction commits
            transaction.on_commit(lambda: flags.flags_notify(new_flags))
    except Exception as exc:
        log.exception("Disparity refresh %s failed", refresh.id)
        DisparityRefresh.objects.filter(id=refresh.id).update(
            status=RefreshStatus.FAILED, finished_at=timezone.now(), error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        raise
    refresh.refresh_from_db()
    return refresh


def disparities_refresh(*, trigger: str = Trigger.COMMAND, actor=None, cutoff: date | None = None, **options):
    return refresh_run(refresh_start(trigger=trigger, actor=actor, cutoff=cutoff), **options)


def latest_refresh() -> DisparityRefresh | None:
    return DisparityRefresh.objects.filter(status=RefreshStatus.COMPLETE).order_by("-finished_at").first()


__all__ = ["FlagStatus", "DisparityFlag", "DisparityResult", "disparities_refresh", "latest_refresh"]
