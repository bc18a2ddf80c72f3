"""Statistical disclosure control for exported tables of counts (shared/disparity-method.md).

One stage of one slice is published as a row per ethnic group with `n` (people at the stage) and
`events`, plus a TOTAL row. Non-events are never published but are derivable as n - events, so
the table an attacker works with is

                 events   non_events |   n
    group 1      e1       n1 - e1    |   n1
    ...                              |
    TOTAL        E        N - E      |   N

where every row adds up (events + non_events = n) and every column adds up (groups = TOTAL).
A non-events cell is hidden exactly when the events or the n of its row is.

Primary suppression hides every count 1..threshold-1 (events, non-events, n, totals included);
zeros are published. Secondary suppression then makes sure no line of that table has exactly one
hidden cell (the margin would give it away) and that no column hides only zeros (non-negativity
would pin them): the partner is the smallest non-zero published cell of the line. Hiding a
non-events cell means hiding that row's n (for a small total non-events, the TOTAL n). Repeat
until nothing changes.

With only three columns, a hidden set where every row and column holds 0 or at least 2 hidden
cells has every hidden cell on a cycle of hidden cells, so no hidden cell is determined by the
equalities alone; `recoverable_cells` is the attacker that checks the rest (non-negativity,
integrality) with linear programming, and the tests run it over random tables.

Known limit: when total events = total n (everyone at the stage had the event), the published
totals say every non-events count is 0, so hidden rows are known to have events = n. Such rows
hide events and n together, and those zeros stay recoverable; a true zero is publishable, and the
totals, not the suppression, give it away.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from scipy.optimize import linprog

TOTAL = "TOTAL"
EVENTS = "events"
NON_EVENTS = "non_events"
N = "n"
COLUMNS = (EVENTS, NON_EVENTS, N)
PUBLISHED_COLUMNS = (EVENTS, N)
PRIMARY = "primary"
SECONDARY = "secondary"
DEFAULT_THRESHOLD = 5

T = TypeVar("T")


def published_count(n: int, threshold: int = DEFAULT_THRESHOLD) -> int | None:
    """One count as published on its own: None (shown as [c]) from 1 to threshold - 1."""
    return None if 0 < n < threshold else n


@dataclass
class Cell:
    """One count of the table: key is (group, column), group may be TOTAL."""

    key: tuple
    value: int
    suppressed: bool = False
    reason: str = ""  # "primary" or "secondary"


def suppress_cells(rows: Mapping[str, tuple[int, int]], threshold: int = DEFAULT_THRESHOLD) -> list[Cell]:
    """The published cells, (group, "events") and (group, "n") for each group then TOTAL."""
    groups = _validated_groups(rows, threshold)
    grid = _grid(rows, groups)
    for cell in grid.values():
        if 0 < cell.value < threshold:
            _hide(cell, PRIMARY)
    lines = [*groups, TOTAL]
    changed = True
    while changed:
        changed = False
        for row in lines:
            changed |= _close_row(grid, row, everyone_had_the_event=grid[(TOTAL, NON_EVENTS)].value == 0)
        for column in COLUMNS:
            changed |= _protect_column(grid, groups, column)
    return [grid[(row, column)] for row in lines for column in PUBLISHED_COLUMNS]


def suppress_table(rows: Mapping[str, tuple[int, int]], threshold: int = DEFAULT_THRESHOLD) -> dict[str, dict]:
    """rows: group -> (events, n). Returns group -> {"events": int | None, "n": int | None,
    "events_reason": "primary" | "secondary" | "", "n_reason": ...}, plus a "TOTAL" entry."""
    published: dict[str, dict] = {}
    for cell in suppress_cells(rows, threshold):
        row, column = cell.key
        entry = published.setdefault(row, {})
        entry[column] = None if cell.suppressed else cell.value
        entry[f"{column}_reason"] = cell.reason
    return {
        row: {EVENTS: e[EVENTS], N: e[N], "events_reason": e["events_reason"], "n_reason": e["n_reason"]}
        for row, e in published.items()
    }


def suppress_rate(events_published: int | None, value: T, *inputs_published: int | None) -> T | None:
    """A rate, ratio or interval as published: None when its numerator was suppressed.

    Pass any other count it is computed from (its n, the reference group's events and n) as
    further arguments: a rate shown beside a hidden n gives the n back (n = events / rate).
    """
    if events_published is None or any(count is None for count in inputs_published):
        return None
    return value


def recoverable_cells(published: Mapping[str, Mapping], original: Mapping[str, tuple[int, int]]) -> set[tuple]:
    """The hidden cells an attacker can pin down exactly from `published` (suppress_table's shape).

    Hidden cells are the suppressed events and n, and the non-events of any row whose events or n is
    hidden. First every line (row, column, TOTAL row) with one unknown is filled in from its margin,
    until nothing changes; then each remaining unknown is minimised and maximised by linear
    programming under all the published equalities and >= 0, and the bounds rounded inwards to
    integers. A cell is recovered when its bounds meet. `original` (group -> (events, n)) is only
    used to check that the published table and the bounds are consistent with the truth.
    """
    groups = [g for g in published if g != TOTAL]
    lines = [*groups, TOTAL]
    known: dict[tuple, float | None] = {}
    for row in lines:
        events, n = published[row][EVENTS], published[row][N]
        known[(row, EVENTS)] = events
        known[(row, N)] = n
        known[(row, NON_EVENTS)] = None if events is None or n is None else n - events
    truth = _true_values(original, groups)
    for key, value in known.items():
        if value is not None and value != truth[key]:
            raise ValueError(f"published {key} = {value} but the original is {truth[key]}")

    equations = [{(row, EVENTS): 1, (row, NON_EVENTS): 1, (row, N): -1} for row in lines]
    equations += [{**{(g, column): 1 for g in groups}, (TOTAL, column): -1} for column in COLUMNS]

    recovered: set[tuple] = set()
    changed = True
    while changed:
        changed = False
        for equation in equations:
            unknown = [key for key in equation if known[key] is None]
            if len(unknown) == 1:
                (key,) = unknown
                rest = sum(coef * known[k] for k, coef in equation.items() if k != key)
                known[key] = -rest / equation[key]
                recovered.add(key)
                changed = True

    unknowns = [key for key, value in known.items() if value is None]
    if unknowns:
        index = {key: i for i, key in enumerate(unknowns)}
        a_eq, b_eq = [], []
        for equation in equations:
            coefficients = [0.0] * len(unknowns)
            rhs = 0.0
            for key, coef in equation.items():
                if known[key] is None:
                    coefficients[index[key]] = float(coef)
                else:
                    rhs -= coef * known[key]
            if any(coefficients):
                a_eq.append(coefficients)
                b_eq.append(rhs)
        for key in unknowns:
            bounds = []
            for sense in (1.0, -1.0):
                objective = [0.0] * len(unknowns)
                objective[index[key]] = sense
                result = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
                if result.status == 3:  # unbounded: only possible when maximising
                    bounds.append(math.inf)
                elif result.status != 0:
                    raise ValueError(f"published table is inconsistent: {result.message}")
                else:
                    bounds.append(sense * result.fun)
            low, high = bounds
            if not low - 1e-6 <= truth[key] <= high + 1e-6:
                raise ValueError(f"bounds [{low}, {high}] for {key} exclude its original value {truth[key]}")
            known_integer = high < math.inf and math.ceil(low - 1e-6) == math.floor(high + 1e-6)
            if high - low <= 1e-6 or known_integer:
                recovered.add(key)
    for key in recovered:
        if known[key] is not None and abs(known[key] - truth[key]) > 1e-6:
            raise ValueError(f"{key} solved as {known[key]} but the original is {truth[key]}")
    return recovered


def _validated_groups(rows: Mapping[str, tuple[int, int]], threshold: int) -> list[str]:
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValueError(f"threshold must be a positive integer, not {threshold!r}")
    if TOTAL in rows:
        raise ValueError(f"{TOTAL!r} is the name of the totals row, not a group")
    for group, (events, n) in rows.items():
        if not (isinstance(events, int) and isinstance(n, int) and 0 <= events <= n):
            raise ValueError(f"{group}: need integers 0 <= events <= n, got events={events!r}, n={n!r}")
    return list(rows)


def _grid(rows: Mapping[str, tuple[int, int]], groups: list[str]) -> dict[tuple, Cell]:
    grid: dict[tuple, Cell] = {}
    for row, (events, n) in [*((g, rows[g]) for g in groups), (TOTAL, _totals(rows))]:
        for column, value in zip(COLUMNS, (events, n - events, n)):
            grid[(row, column)] = Cell(key=(row, column), value=value)
    return grid


def _totals(rows: Mapping[str, tuple[int, int]]) -> tuple[int, int]:
    return sum(e for e, _ in rows.values()), sum(n for _, n in rows.values())


def _true_values(original: Mapping[str, tuple[int, int]], groups: list[str]) -> dict[tuple, int]:
    if set(original) != set(groups):
        raise ValueError("published and original tables have different groups")
    return {cell.key: cell.value for cell in _grid(original, groups).values()}


def _hide(cell: Cell, reason: str) -> bool:
    if cell.suppressed:
        return False
    cell.suppressed, cell.reason = True, reason
    return True


def _close_row(grid: dict[tuple, Cell], row: str, *, everyone_had_the_event: bool) -> bool:
    """Keep events + non_events = n from giving away a lone hidden cell of the row."""
    events, non_events, n = (grid[(row, column)] for column in COLUMNS)
    changed = False
    if everyone_had_the_event and (events.suppressed or n.suppressed):
        # Total non-events 0 tells everyone that every row has events = n: hide both or neither.
        changed |= _hide(events, SECONDARY) | _hide(n, SECONDARY)
    if events.suppressed or n.suppressed:
        changed |= _hide(non_events, SECONDARY)  # n - events can no longer be worked out
    elif non_events.suppressed:
        changed |= _hide(n, SECONDARY)
    return changed


def _protect_column(grid: dict[tuple, Cell], groups: list[str], column: str) -> bool:
    """Give a column's hidden cells a partner when the TOTAL would otherwise pin them down."""
    cells = [grid[(g, column)] for g in groups] + [grid[(TOTAL, column)]]
    hidden = [cell for cell in cells if cell.suppressed]
    published_groups = [cell for cell in cells[:-1] if not cell.suppressed]
    if not hidden:
        return False
    if all(cell.value == 0 for cell in hidden):
        # Hidden zeros are pinned by >= 0 unless something positive hides with them; another zero
        # would not help, and with nothing positive left the column is all zeros and its published
        # TOTAL of 0 gives them away whatever is hidden.
        candidates = sorted((cell for cell in published_groups if cell.value), key=lambda cell: cell.value)
    elif len(hidden) == 1:
        # The smallest non-zero published group cell; a zero, then the TOTAL, only when nothing else is left.
        candidates = sorted(published_groups, key=lambda cell: (cell.value == 0, cell.value)) or [cells[-1]]
    else:
        return False
    if not candidates:
        return False
    partner = candidates[0]
    _hide(partner, SECONDARY)
    if column == NON_EVENTS:
        _hide(grid[(partner.key[0], N)], SECONDARY)  # non-events are hidden by hiding n
    return True
