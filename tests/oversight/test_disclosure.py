"""Disclosure control for exported count tables (shared/disparity-method.md, "Disclosure control")."""

import random

import pytest

from oversight.disclosure import (
    TOTAL,
    Cell,
    recoverable_cells,
    suppress_cells,
    suppress_rate,
    suppress_table,
)

GROUPS = ("White", "Asian", "Black", "Mixed", "Other", "Not stated")


def table(*pairs):
    """(events, n) per group, in GROUPS order."""
    return dict(zip(GROUPS, pairs))


def non_events_published(row):
    return row["events"] is not None and row["n"] is not None


def published_with(rows, hidden):
    """A hand-made export: the given (group, column) cells hidden, everything else and the totals shown."""
    published = {g: {"events": e, "n": n, "events_reason": "", "n_reason": ""} for g, (e, n) in rows.items()}
    published[TOTAL] = {
        "events": sum(e for e, _ in rows.values()),
        "n": sum(n for _, n in rows.values()),
        "events_reason": "",
        "n_reason": "",
    }
    for group, column in hidden:
        published[group][column] = None
    return published


def test_a_single_small_events_count_is_hidden_with_a_partner_in_its_row_and_column():
    rows = table((50, 400), (12, 90), (3, 60), (9, 40), (7, 30), (20, 100))
    published = suppress_table(rows)

    black = published["Black"]
    assert black["events"] is None and black["events_reason"] == "primary"
    # its row: n stays, so non-events (n - events) cannot be worked out
    assert black["n"] == 60 and not non_events_published(black)
    # its column: the smallest other non-zero events count goes too
    assert published["Other"]["events"] is None and published["Other"]["events_reason"] == "secondary"
    assert [g for g in GROUPS if published[g]["events"] is None] == ["Black", "Other"]
    assert published[TOTAL] == {"events": 101, "n": 720, "events_reason": "", "n_reason": ""}
    assert recoverable_cells(published, rows) == set()


def test_a_small_non_events_count_is_hidden_by_hiding_n():
    rows = table((50, 400), (88, 90), (30, 60), (9, 40), (7, 30), (20, 100))
    published = suppress_table(rows)

    asian = published["Asian"]
    assert asian["events"] == 88 and asian["n"] is None and asian["n_reason"] == "secondary"
    # the smallest other non-zero non-events count (Other: 23) is hidden the same way
    assert published["Other"]["n"] is None and published["Other"]["events"] == 7
    assert [g for g in GROUPS if not non_events_published(published[g])] == ["Asian", "Other"]
    assert recoverable_cells(published, rows) == set()


def test_a_small_n_hides_the_whole_row_and_needs_partners_in_every_column():
    rows = table((50, 400), (12, 90), (3, 3), (9, 40), (7, 30), (20, 100))
    published = suppress_table(rows)

    assert published["Black"] == {"events": None, "n": None, "events_reason": "primary", "n_reason": "primary"}
    assert sum(published[g]["events"] is None for g in GROUPS) >= 2
    assert sum(published[g]["n"] is None for g in GROUPS) >= 2
    assert sum(not non_events_published(published[g]) for g in GROUPS) >= 2
    assert recoverable_cells(published, rows) == set()


def test_zeros_are_published():
    rows = table((50, 400), (0, 90), (0, 0), (9, 40), (7, 30), (20, 20))
    published = suppress_table(rows)

    assert published["Asian"] == {"events": 0, "n": 90, "events_reason": "", "n_reason": ""}
    assert published["Black"] == {"events": 0, "n": 0, "events_reason": "", "n_reason": ""}
    assert published["Not stated"] == {"events": 20, "n": 20, "events_reason": "", "n_reason": ""}


def test_a_table_with_no_small_counts_is_published_unchanged():
    rows = table((50, 400), (12, 90), (0, 60), (9, 40), (7, 30), (20, 20))
    published = suppress_table(rows)

    for group, (events, n) in rows.items():
        assert published[group] == {"events": events, "n": n, "events_reason": "", "n_reason": ""}
    assert published[TOTAL] == {"events": 98, "n": 640, "events_reason": "", "n_reason": ""}
    assert all(not cell.suppressed and cell.reason == "" for cell in suppress_cells(rows))


def test_suppress_cells_gives_one_cell_per_published_count():
    cells = suppress_cells(table((50, 400), (12, 90), (3, 60), (9, 40), (7, 30), (20, 100)))

    assert [cell.key for cell in cells[:4]] == [
        ("White", "events"),
        ("White", "n"),
        ("Asian", "events"),
        ("Asian", "n"),
    ]
    assert cells[-2:] == [Cell(key=(TOTAL, "events"), value=101), Cell(key=(TOTAL, "n"), value=720)]
    assert Cell(key=("Black", "events"), value=3, suppressed=True, reason="primary") in cells


def test_rates_and_ratios_are_suppressed_with_their_numerators():
    rows = table((50, 400), (12, 90), (3, 60), (9, 40), (7, 30), (20, 100))
    published = suppress_table(rows)
    rates = {g: suppress_rate(published[g]["events"], e / n) for g, (e, n) in rows.items()}

    assert rates["Black"] is None and rates["Other"] is None
    assert rates["White"] == pytest.approx(0.125) and rates["Asian"] == pytest.approx(12 / 90)
    white, black = published["White"], published["Black"]
    assert suppress_rate(black["events"], 0.4, black["n"], white["events"], white["n"]) is None
    assert suppress_rate(white["events"], 0.9, white["n"], published["Asian"]["events"], published["Asian"]["n"]) == 0.9


def test_a_rate_beside_a_hidden_n_is_suppressed_when_n_is_passed():
    published = suppress_table(table((50, 400), (88, 90), (30, 60), (9, 40), (7, 30), (20, 100)))

    asian = published["Asian"]
    assert suppress_rate(asian["events"], 88 / 90) == pytest.approx(88 / 90)  # the numerator alone is shown
    assert suppress_rate(asian["events"], 88 / 90, asian["n"]) is None  # but 88 / rate would give n back


def test_the_threshold_is_configurable():
    rows = table((50, 400), (12, 90), (7, 60), (12, 40), (15, 30), (20, 100))

    assert all(not cell.suppressed for cell in suppress_cells(rows, threshold=5))
    published = suppress_table(rows, threshold=10)
    assert published["Black"]["events"] is None and published["Black"]["events_reason"] == "primary"
    assert published["Asian"]["events"] is None and published["Asian"]["events_reason"] == "secondary"
    assert [g for g in GROUPS if published[g]["events"] is None] == ["Asian", "Black"]
    assert published["White"]["events"] == 50 and published[TOTAL]["events"] == 116
    assert recoverable_cells(published, rows) == set()


def test_small_totals_are_hidden_as_primary():
    rows = table((1, 2), (0, 0), (2, 2), (0, 0), (0, 0), (0, 0))
    published = suppress_table(rows)

    assert published[TOTAL] == {"events": None, "n": None, "events_reason": "primary", "n_reason": "primary"}
    assert all(published[g]["events"] is None and published[g]["n"] is None for g in ("White", "Black"))
    assert recoverable_cells(published, rows) == set()


def test_a_small_total_non_events_count_hides_the_total_n():
    rows = table((100, 101), (40, 41), (30, 30), (20, 20), (10, 10), (50, 50))
    published = suppress_table(rows)

    assert published[TOTAL]["events"] == 250 and published[TOTAL]["n"] is None
    assert recoverable_cells(published, rows) == set()


@pytest.mark.parametrize("threshold", [0, -1, 2.5, True])
def test_a_nonsense_threshold_is_refused(threshold):
    with pytest.raises(ValueError, match="threshold"):
        suppress_table(table((1, 2), (0, 0), (0, 0), (0, 0), (0, 0), (0, 0)), threshold=threshold)


@pytest.mark.parametrize("rows", [{"White": (3, 2)}, {"White": (-1, 2)}, {TOTAL: (1, 2)}, {"White": (1.0, 2)}])
def test_impossible_counts_are_refused(rows):
    with pytest.raises(ValueError):
        suppress_table(rows)


# The attacker: it must catch what it is there to catch, or its silence below proves nothing.


def test_the_attacker_recovers_a_cell_suppressed_alone_from_the_total():
    rows = table((50, 400), (12, 90), (3, 60), (9, 40), (7, 30), (20, 100))

    recovered = recoverable_cells(published_with(rows, [("Black", "events")]), rows)

    assert recovered == {("Black", "events"), ("Black", "non_events")}


def test_the_attacker_recovers_a_small_n_suppressed_without_its_events():
    rows = table((50, 400), (12, 90), (0, 3), (9, 40), (7, 30), (20, 100))

    recovered = recoverable_cells(published_with(rows, [("Black", "n"), ("Mixed", "n")]), rows)

    # two unknowns in the n column and in the non-events column: 3 is one of 35 possible values...
    assert recovered == set()
    # ...whereas Black's n hidden alone comes straight back from the total
    assert recoverable_cells(published_with(rows, [("Black", "n")]), rows) == {("Black", "n"), ("Black", "non_events")}


def test_the_attacker_uses_non_negativity_where_the_margins_alone_are_not_enough():
    # Black's 3 events hidden with a partner whose n is 0: no line has a single unknown, but the
    # partner's events must be 0, so Black's are 3.
    rows = table((50, 400), (12, 90), (3, 3), (0, 0), (7, 30), (20, 100))

    recovered = recoverable_cells(published_with(rows, [("Black", "events"), ("Mixed", "events")]), rows)

    assert recovered == {("Black", "events"), ("Black", "non_events"), ("Mixed", "events"), ("Mixed", "non_events")}


def test_the_attacker_rejects_a_published_table_that_does_not_match_the_original():
    rows = table((50, 400), (12, 90), (3, 60), (9, 40), (7, 30), (20, 100))
    published = suppress_table(rows)
    published["White"]["events"] = 51

    with pytest.raises(ValueError, match="original"):
        recoverable_cells(published, rows)


def random_count(rng):
    kind = rng.random()
    if kind < 0.10:
        return 0
    if kind < 0.40:
        return rng.randint(1, 4)
    if kind < 0.60:
        return rng.randint(5, 15)
    return rng.randint(16, 3000)


def random_events(rng, n):
    kind = rng.random()
    if kind < 0.15 or n == 0:
        return 0
    if kind < 0.30:
        return n
    if kind < 0.45:
        return rng.randint(1, min(n, 4))
    if kind < 0.60:
        return rng.randint(max(0, n - 4), n)
    return rng.randint(0, n)


def random_table(rng):
    rows = {}
    for group in GROUPS:
        n = random_count(rng)
        rows[group] = (random_events(rng, n), n)
    tiny = rng.choice(GROUPS)
    n = rng.randint(1, 4)
    rows[tiny] = (rng.randint(0, n), n)
    return rows


def primary_cells(rows, threshold):
    totals = (sum(e for e, _ in rows.values()), sum(n for _, n in rows.values()))
    for group, (events, n) in [*rows.items(), (TOTAL, totals)]:
        for column, value in (("events", events), ("non_events", n - events), ("n", n)):
            if 0 < value < threshold:
                yield group, column


def is_hidden(published, group, column):
    row = published[group]
    return not non_events_published(row) if column == "non_events" else row[column] is None


def given_away_by_a_zero_total(published, key):
    """Total events = total n says every non-events count is 0: the published totals tell that, not a hidden cell."""
    return key[1] == "non_events" and published[TOTAL]["events"] == published[TOTAL]["n"] is not None


def test_when_everyone_had_the_event_the_totals_say_so_and_only_that_zero_is_recovered():
    rows = table((400, 400), (90, 90), (3, 3), (40, 40), (30, 30), (100, 100))
    published = suppress_table(rows)

    assert published["Black"]["events"] is None and published["Black"]["n"] is None
    assert published[TOTAL]["events"] == published[TOTAL]["n"] == 663  # so every non-events count is 0
    recovered = recoverable_cells(published, rows)
    assert recovered and all(given_away_by_a_zero_total(published, key) for key in recovered)


@pytest.mark.parametrize("threshold", [5, 10])
def test_no_hidden_cell_of_a_random_table_can_be_recovered(threshold):
    rng = random.Random(20240601 + threshold)
    tables_with_suppression = everyone_had_the_event = 0
    for _ in range(500):
        rows = random_table(rng)
        published = suppress_table(rows, threshold=threshold)

        for group, column in primary_cells(rows, threshold):
            assert is_hidden(published, group, column), (rows, group, column)
        for group, (events, n) in rows.items():  # shown counts are the true counts, zeros included
            assert published[group]["events"] in (None, events) and published[group]["n"] in (None, n)
            if events == 0:
                assert published[group]["events"] == 0 or published[group]["events_reason"] == "secondary"
        recovered = recoverable_cells(published, rows)
        assert {key for key in recovered if not given_away_by_a_zero_total(published, key)} == set(), rows
        everyone_had_the_event += bool(recovered)
        tables_with_suppression += any(is_hidden(published, g, "non_events") for g in GROUPS)

    assert tables_with_suppression == 500  # every table has a group with n in 1..4
    assert everyone_had_the_event < 10
