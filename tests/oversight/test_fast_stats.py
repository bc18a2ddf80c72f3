"""The vectorised statistics (oversight.fast_stats) against the scalar scipy/statsmodels calls
of oversight.statistics, on ~2,000 seeded random tables and the published examples.

No database: these are pure functions of counts.
"""

import math
import warnings
from fractions import Fraction

import numpy as np
import pytest
from scipy.stats import fisher_exact, norm
from statsmodels.stats.proportion import test_proportions_2indep as score_test

from oversight.fast_stats import _fisher_p_scipy, fisher_p_vec, koopman_vec, rate_ratio_vec, wilson_vec
from oversight.statistics import fisher_p, koopman_interval, rate_ratio, wilson_interval

Z = norm.isf(0.025)


def _random_tables(seed: int = 20240611):
    """(a, n_a, b, n_b) int64 arrays: 2,000 tables of five kinds."""
    rng = np.random.default_rng(seed)
    parts = []

    # Small counts: 0-20 events in groups of 10-60.
    k = 800
    n_a, n_b = rng.integers(10, 61, k), rng.integers(10, 61, k)
    parts.append((np.minimum(rng.integers(0, 21, k), n_a), n_a, np.minimum(rng.integers(0, 21, k), n_b), n_b))

    # Large counts: groups up to 300,000, event rates 0.1%-8%, group a's rate 0.5-2x the reference's.
    k = 600
    n_a, n_b = rng.integers(1_000, 300_001, k), rng.integers(1_000, 300_001, k)
    rate = rng.uniform(0.001, 0.08, k)
    parts.append((rng.binomial(n_a, rate * rng.uniform(0.5, 2.0, k)), n_a, rng.binomial(n_b, rate), n_b))

    # A workforce of 250,000 with a 5% stage-1 rate: subgroups of 10-100,000 against the rest.
    k = 300
    n_a = np.exp(rng.uniform(np.log(10), np.log(100_000), k)).astype(np.int64)
    n_b = 250_000 - n_a
    parts.append((rng.binomial(n_a, 0.05 * rng.uniform(0.7, 1.4, k)), n_a, rng.binomial(n_b, 0.05), n_b))

    # Equal group sizes (exact ties between a table and its mirror image).
    k = 150
    n_a = rng.integers(10, 3_000, k)
    parts.append((rng.binomial(n_a, 0.2), n_a, rng.binomial(n_a, 0.2), n_a.copy()))

    # Zero and full cells, and empty groups.
    k = 150
    n_a, n_b = rng.integers(1, 2_000, k), rng.integers(1, 2_000, k)
    a, b = rng.binomial(n_a, 0.1), rng.binomial(n_b, 0.1)
    kind = rng.integers(0, 6, k)
    a = np.where(kind == 0, 0, a)
    b = np.where(kind == 1, 0, b)
    a, b = np.where(kind == 2, 0, a), np.where(kind == 2, 0, b)
    a = np.where(kind == 3, n_a, a)
    b = np.where(kind == 4, n_b, b)
    a, b = np.where(kind == 5, n_a, a), np.where(kind == 5, n_b, b)
    parts.append((a, n_a, b, n_b))
    empty = [(0, 0, 0, 0), (0, 0, 4, 10), (3, 10, 0, 0), (0, 10, 0, 20), (0, 0, 5, 9)]
    parts.append(tuple(np.array(column) for column in zip(*empty)))

    return tuple(np.concatenate(column).astype(np.int64) for column in zip(*parts))


TABLES = _random_tables()


def _ints(*arrays):
    return [tuple(int(v) for v in row) for row in zip(*arrays)]


@pytest.fixture(scope="module")
def scipy_fisher():
    a, n_a, b, n_b = TABLES
    return np.array([fisher_p(*row) for row in _ints(a, n_a, b, n_b)])


def test_the_random_tables_cover_the_cases():
    a, n_a, b, n_b = TABLES
    assert len(a) >= 2_000
    assert np.sum(n_a + n_b > 200_000) > 300 and a.max() > 2_000
    assert np.sum((a == 0) & (b > 0)) > 20 and np.sum((b == 0) & (a > 0)) > 20 and np.sum((a == 0) & (b == 0)) > 20
    assert np.sum((a == n_a) & (n_a > 0)) > 20 and np.sum((b == n_b) & (n_b > 0)) > 20
    assert np.sum(n_a == n_b) > 150


# --- Fisher ------------------------------------------------------------------------------------


def test_fisher_matches_scipy_on_random_tables(scipy_fisher):
    a, n_a, b, n_b = TABLES
    fast = fisher_p_vec(a, n_a, b, n_b)
    assert fast.dtype == np.float64 and fast.shape == a.shape
    np.testing.assert_allclose(fast, scipy_fisher, rtol=1e-9, atol=1e-12)


def test_fisher_published_example():
    # Males 0 of 16 vs females 15 of 72 (two-sided p = 0.06287).
    assert round(float(fisher_p_vec([0], [16], [15], [72])[0]), 5) == 0.06287
    assert fisher_p_vec([7], [34], [1], [34])[0] == pytest.approx(fisher_p(7, 34, 1, 34), rel=1e-12)


def test_fisher_is_close_to_the_exact_rational_p_value():
    """Exact p from integer binomial coefficients; scipy is ~1e-10 off on the large tables."""

    def exact(a, n_a, b, n_b):
        c, total = a + b, n_a + n_b
        low, high = max(0, c - n_b), min(n_a, c)
        term = math.comb(n_a, low) * math.comb(n_b, c - low)
        terms = [term]
        for k in range(low + 1, high + 1):
            term = term * (n_a - k + 1) * (c - k + 1) // (k * (n_b - c + k))
            terms.append(term)
        observed = terms[a - low]
        return float(Fraction(sum(t for t in terms if t <= observed), math.comb(total, c)))

    tables = [(1247, 262494, 989, 209780), (5442, 299416, 2572, 145140), (30, 1200, 62, 2500), (0, 16, 15, 72)]
    for table in tables:
        assert fisher_p_vec(*[[v] for v in table])[0] == pytest.approx(exact(*table), rel=1e-11)


def test_fisher_degenerate_tables_are_one():
    # Empty group, no events, every member an event: scipy's p = 1.
    tables = [(0, 0, 3, 10), (3, 10, 0, 0), (0, 10, 0, 20), (10, 10, 20, 20), (0, 0, 0, 0)]
    fast = fisher_p_vec(*np.array(tables).T)
    assert np.all(fast == 1.0)
    assert [fisher_p(*t) for t in tables if t[1] and t[3]] == [1.0, 1.0]


def test_fisher_ties_with_the_mirror_table_count_as_scipy_counts_them():
    # Equal groups: the mirror table has the same probability and is in the tail.
    for table in [(3, 20, 7, 20), (7, 20, 3, 20), (40, 500, 61, 500), (5, 10, 5, 10)]:
        assert fisher_p_vec(*[[v] for v in table])[0] == pytest.approx(fisher_p(*table), rel=1e-12)


def test_scipy_replica_used_for_near_ties_is_bit_identical():
    a, n_a, b, n_b = (column[:800] for column in TABLES)  # the small tables
    keep = (n_a > 0) & (n_b > 0) & (a + b > 0) & (a + b < n_a + n_b)
    a, n_a, b, n_b = a[keep], n_a[keep], b[keep], n_b[keep]
    replica = _fisher_p_scipy(a, n_a, n_b, a + b)
    scalar = [fisher_exact([[x, m - x], [y, n - y]]).pvalue for x, m, y, n in _ints(a, n_a, b, n_b)]
    assert np.array_equal(replica, np.array(scalar))


# --- Koopman -----------------------------------------------------------------------------------


def test_koopman_matches_statsmodels_on_random_tables():
    """Every table where statsmodels' cubic is well-posed: not a == n_a, not b == n_b, some event."""
    a, n_a, b, n_b = TABLES
    low, high = koopman_vec(a, n_a, b, n_b)
    assert low.dtype == np.float64 and high.shape == a.shape
    keep = np.flatnonzero((a + b > 0) & (a < n_a) & (b < n_b))
    assert keep.size > 1_700
    for i, row in zip(keep, _ints(a[keep], n_a[keep], b[keep], n_b[keep])):
        ref_low, ref_high = koopman_interval(*row)
        if row[0] == 0:
            # statsmodels' cubic gives 0 up to rounding: ~1e-16, or up to ~1e-6 of the upper
            # bound (and sometimes negative) for a small group against a very large one.
            assert low[i] == 0.0 and abs(ref_low) < 1e-6 * ref_high
        else:
            assert low[i] == pytest.approx(ref_low, rel=1e-6), row
        if row[2] == 0:
            assert high[i] == math.inf and ref_high == math.inf
        else:
            assert high[i] == pytest.approx(ref_high, rel=1e-6), row


def test_koopman_fagerland_example():
    # Fagerland et al.: [[7, 27], [1, 33]] gives the Koopman interval 1.2209 to 42.5757.
    low, high = koopman_vec([7], [34], [1], [34])
    assert round(float(low[0]), 4) == 1.2209
    assert round(float(high[0]), 4) == 42.5757


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # statsmodels' odds ratio of a full row
def test_koopman_bounds_are_where_the_score_test_p_value_is_alpha():
    """Including the a == n_a and b == n_b tables, where statsmodels' cubic gives a spurious
    or complex root (e.g. 11/11 vs 16/33: statsmodels' low is 1.6296, where p = 0.13)."""
    a, n_a, b, n_b = TABLES
    low, high = koopman_vec(a, n_a, b, n_b)
    extra = [(11, 11, 16, 33), (5, 20, 20, 20), (1, 10, 10, 10), (20, 20, 5, 20), (20, 20, 20, 20)]
    x_low, x_high = koopman_vec(*np.array(extra).T)
    rows = _ints(a, n_a, b, n_b)[::4] + extra
    bounds = list(zip(low[::4], high[::4])) + list(zip(x_low, x_high))
    checked = 0
    for row, pair in zip(rows, bounds):
        for bound in pair:
            if 0 < bound < math.inf:
                p = score_test(*row, value=bound, compare="ratio", method="score", correction=False).pvalue
                assert p == pytest.approx(0.05, abs=1e-8), (row, bound)
                checked += 1
    assert checked > 800


def test_koopman_with_every_member_an_event_has_closed_forms():
    # a == n_a and b == n_b: bounds n_a / (n_a + z^2) and 1 + z^2 / n_b.
    low, high = koopman_vec([20, 8], [20, 8], [20, 47], [20, 47])
    np.testing.assert_allclose(low, [20 / (20 + Z**2), 8 / (8 + Z**2)], rtol=1e-12)
    np.testing.assert_allclose(high, [1 + Z**2 / 20, 1 + Z**2 / 47], rtol=1e-12)
    # b == n_b: where the interval stays below (a + n_b) / (n_a + n_b) it is the Wilson interval of a / n_a.
    low, high = koopman_vec([1, 3], [10, 40], [10, 50], [10, 50])
    w_low, w_high = wilson_vec([1, 3], [10, 40])
    np.testing.assert_allclose(low, w_low, rtol=1e-12)
    np.testing.assert_allclose(high, w_high, rtol=1e-12)


def test_koopman_degenerate_tables():
    low, high = koopman_vec([0, 0, 3, 0, 4], [10, 0, 10, 10, 10], [0, 4, 0, 4, 0], [20, 10, 0, 10, 10])
    # No events anywhere, or an empty group: NaN (statsmodels gives NaN or raises).
    assert np.all(np.isnan(low[:3])) and np.all(np.isnan(high[:3]))
    # a == 0: low 0; b == 0: high inf.
    assert low[3] == 0.0 and 0 < high[3] < math.inf
    assert 0 < low[4] < math.inf and high[4] == math.inf
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        assert all(math.isnan(v) for v in koopman_interval(0, 10, 0, 20))
    # statsmodels raises ZeroDivisionError on an empty group; the score inversion answers NaN
    assert all(math.isnan(v) for v in koopman_interval(0, 0, 4, 10))


# --- Wilson, rate ratio, inputs ----------------------------------------------------------------


def test_wilson_matches_statsmodels():
    a, n_a, b, n_b = TABLES
    events, n = np.concatenate([a, b]), np.concatenate([n_a, n_b])
    low, high = wilson_vec(events, n)
    ref = np.array([wilson_interval(e, m) for e, m in _ints(events, n)])
    np.testing.assert_allclose(low, ref[:, 0], rtol=1e-12, atol=1e-15, equal_nan=True)
    np.testing.assert_allclose(high, ref[:, 1], rtol=1e-12, atol=1e-15, equal_nan=True)
    assert np.isnan(low[n == 0]).all() and (n == 0).any()


def test_rate_ratio_matches_scalar():
    a, n_a, b, n_b = TABLES
    fast = rate_ratio_vec(a, n_a, b, n_b)
    ref = np.array([rate_ratio(*row) for row in _ints(a, n_a, b, n_b)])
    np.testing.assert_allclose(fast, ref, rtol=1e-15, equal_nan=True)
    assert np.isinf(fast).any() and np.isnan(fast).any()
    assert np.isnan(rate_ratio_vec([0, 3, 0], [10, 0, 10], [0, 1, 3], [10, 10, 0])).all()
    assert rate_ratio_vec([3], [10], [0], [10])[0] == math.inf


def test_inputs_lists_scalars_and_shapes():
    assert fisher_p_vec([0], [16], [15], [72]).shape == (1,)
    assert fisher_p_vec(0, 16, 15, 72).shape == ()
    p = fisher_p_vec([0, 7], 34, [15, 1], 34)
    assert p.shape == (2,) and p[1] == pytest.approx(fisher_p(7, 34, 1, 34), rel=1e-12)
    low, high = koopman_vec(np.array([7], dtype=np.int32), [34], [1], [34])
    assert low.dtype == np.float64 and high.dtype == np.float64
    assert fisher_p_vec([], [], [], []).shape == (0,)
    with pytest.raises(ValueError):
        fisher_p_vec([11], [10], [1], [10])
    with pytest.raises(ValueError):
        koopman_vec([-1], [10], [1], [10])
    with pytest.raises(ValueError):
        rate_ratio_vec([1.5], [10], [1], [10])
