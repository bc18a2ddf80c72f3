"""Vectorised equivalents of the scalar statistics in oversight.statistics, for whole refreshes.

A refresh tests 100,000-300,000 2x2 tables; the scalar scipy/statsmodels calls cost ~1.3 ms
(Fisher) and ~0.2 ms (Koopman) per table. These functions take equal-length integer arrays
(or lists, or scalars, broadcast together) ``a, n_a, b, n_b`` -- events and denominators of
group a and of the reference group b -- and return float64 arrays of that shape. They give the
same numbers as the scalar calls, and are checked against scipy/statsmodels on random and
published tables in tests/oversight/test_fast_stats.py:

- ``wilson_vec``: statsmodels ``proportion_confint(method="wilson")`` (already vectorised).
- ``fisher_p_vec``: scipy ``fisher_exact`` two-sided (scipy's definition: mode, 1e-14 relative
  tolerance for ties, tail boundary by binary search on the unimodal pmf), with the
  hypergeometric pmf computed by Loader's saddle-point method (as R's dhyper) and the tails
  summed by the pmf recurrence. Near-ties go through scipy's own pmf, so they are decided
  exactly as scipy decides them. The p-values are within ~1e-12 of the exact rational value;
  scipy's own are within ~1e-10 for populations above ~105,000, where boost switches to a
  Lanczos approximation, so the two agree to ~1e-10 relative there and ~1e-15 below. (boost's
  exact pmf below that size costs 50-300 us per call at populations of 10,000-105,000, which is
  what makes the scalar test slow.)
- ``koopman_vec``: the Koopman (1984) score interval for p_a / p_b, as statsmodels
  ``confint_proportions_2indep(compare="ratio", method="score", correction=False)``, by
  vectorised bisection of the score statistic in log(ratio) space (statsmodels solves Nam's
  cubic instead; the two agree to ~1e-9 relative except where the cubic fails, see
  ``koopman_vec``).
- ``rate_ratio_vec``: ``rate_ratio``.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import hypergeom, norm
from statsmodels.stats.proportion import proportion_confint

__all__ = ["fisher_p_vec", "koopman_vec", "rate_ratio_vec", "wilson_vec"]

# scipy.stats.fisher_exact (scipy 1.17, _stats_py.py): tables whose probability is within this
# relative tolerance of the observed table's probability count as "as extreme".
_FISHER_EPSILON = 1e-14
_FISHER_GAMMA = 1 + _FISHER_EPSILON
# Log-pmf differences smaller than this are near-ties: decided with scipy's own pmf values.
# (Our log-pmf is accurate to ~1e-13; scipy's tolerance is 1e-14.)
_TIE_BAND = 1e-9
# Tail sums stop once a term is below this fraction of the running sum.
_NEGLIGIBLE = 1e-18
_BLOCK = 16

# Koopman bounds: searched in log(ratio) within +-_LOG_WINDOW of a finite ratio estimate, by
# _BISECTION_STEPS halvings (to a width of 100 / 2^14 = 0.006) and then regula falsi.
_LOG_WINDOW = 50.0
_BISECTION_STEPS = 14
_MAX_ROOT_STEPS = 100


def _counts(*arrays) -> tuple[tuple[np.ndarray, ...], tuple[int, ...]]:
    """Broadcast the inputs to int64 arrays; return them flattened, with the common shape."""
    converted = []
    for x in arrays:
        arr = np.asarray(x)
        if arr.dtype.kind == "f":
            if not np.all(np.isfinite(arr)) or np.any(arr != np.round(arr)):
                raise ValueError("counts must be whole numbers")
        elif arr.dtype.kind not in "iub":
            raise ValueError(f"counts must be integers, not {arr.dtype}")
        converted.append(arr.astype(np.int64))
    broadcast = np.broadcast_arrays(*converted)
    shape = broadcast[0].shape
    return tuple(np.ascontiguousarray(x).ravel() for x in broadcast), shape


def _check_tables(a, n_a, b, n_b) -> None:
    if np.any(a < 0) or np.any(b < 0) or np.any(a > n_a) or np.any(b > n_b):
        raise ValueError("need 0 <= events <= n in both groups")


def wilson_vec(events, n, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for events / n; NaN where n == 0 (as wilson_interval)."""
    (events, n), shape = _counts(events, n)
    if np.any(events < 0) or np.any(events > n):
        raise ValueError("need 0 <= events <= n")
    empty = n == 0
    low, high = proportion_confint(events, np.where(empty, 1, n), alpha=alpha, method="wilson")
    low = np.where(empty, np.nan, np.asarray(low, dtype=np.float64))
    high = np.where(empty, np.nan, np.asarray(high, dtype=np.float64))
    return low.reshape(shape), high.reshape(shape)


def rate_ratio_vec(a, n_a, b, n_b) -> np.ndarray:
    """(a / n_a) / (b / n_b): NaN when either n is 0 or both events are 0, inf when only b is 0."""
    (a, n_a, b, n_b), shape = _counts(a, n_a, b, n_b)
    out = np.full(a.shape, np.nan)
    ok = (n_a > 0) & (n_b > 0) & (b > 0)
    out[ok] = (a[ok] / n_a[ok]) / (b[ok] / n_b[ok])
    out[(n_a > 0) & (n_b > 0) & (b == 0) & (a > 0)] = np.inf
    return out.reshape(shape)


# ---------------------------------------------------------------------------------------------
# Fisher exact test
# ---------------------------------------------------------------------------------------------

# Loader (2000), "Fast and accurate computation of binomial probabilities", as in R's nmath:
# stirlerr(n) = log(n!) - log(sqrt(2 pi n) (n/e)^n), exact values for n = 0..15 ...
_SFERR = np.array(
    [
        0.0,  # n = 0: place holder, never used
        0.0810614667953272582196702,
        0.0413406959554092940938221,
        0.02767792568499833914878929,
        0.02079067210376509311152277,
        0.01664469118982119216319487,
        0.01387612882307074799874573,
        0.01189670994589177009505572,
        0.010411265261972096497478567,
        0.009255462182712732917728637,
        0.008330563433362871256469318,
        0.007573675487951840794972024,
        0.006942840107209529865664152,
        0.006408994188004207068439631,
        0.005951370112758847735624416,
        0.005554733551962801371038690,
    ]
)
# ... and the Stirling series 1/12n - 1/360n^3 + 1/1260n^5 - 1/1680n^7 + 1/1188n^9 above.
_S0, _S1, _S2, _S3, _S4 = 1 / 12, 1 / 360, 1 / 1260, 1 / 1680, 1 / 1188
_LN_2PI = 1.837877066409345483560659472811


def _stirlerr(n: np.ndarray) -> np.ndarray:
    small = n <= 15
    m = np.where(small, 16.0, n)
    mm = m * m
    series = (_S0 - (_S1 - (_S2 - (_S3 - _S4 / mm) / mm) / mm) / mm) / m
    return np.where(small, _SFERR[np.clip(n, 0, 15).astype(np.int64)], series)


def _bd0(x: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """x log(x / mean) + mean - x for x > 0, without cancellation when x is close to mean."""
    d, s = x - mean, x + mean
    near = np.abs(d) < 0.1 * s
    far = x * np.log(x / mean) + mean - x
    v = np.where(near, d / s, 0.0)
    total, term, v2 = d * v, 2.0 * x * v, v * v
    for j in range(1, 8):  # |v| < 1/19: each term is < 0.0028 of the one before
        term = term * v2
        total = total + term / (2 * j + 1)
    return np.where(near, total, far)


def _log_dbinom(x: np.ndarray, n: np.ndarray, p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """log of the binomial pmf at x (float arrays of one shape; n >= 1, 0 < p < 1, q = 1 - p)."""
    xs = np.clip(x, 1.0, np.maximum(n - 1.0, 1.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        lc = _stirlerr(n) - _stirlerr(xs) - _stirlerr(n - xs) - _bd0(xs, n * p) - _bd0(n - xs, n * q)
        out = lc - 0.5 * (_LN_2PI + np.log(xs) + np.log1p(-xs / n))
    zero = np.flatnonzero(x == 0)
    if zero.size:
        nz, pz, qz = n[zero], p[zero], q[zero]
        out[zero] = np.where(pz < 0.1, -_bd0(nz, nz * qz) - nz * pz, nz * np.log(qz))
    full = np.flatnonzero(x == n)
    if full.size:
        nf, pf, qf = n[full], p[full], q[full]
        out[full] = np.where(qf < 0.1, -_bd0(nf, nf * pf) - nf * qf, nf * np.log(pf))
    out[(x < 0) | (x > n)] = -np.inf
    return out


class _Hypergeom:
    """X ~ hypergeom(M = n1 + n2, n = n1, N = c) for many tables: log-pmf and tail sums."""

    def __init__(self, n1, n2, c):
        self.n1, self.n2, self.c = (np.asarray(v, dtype=np.float64) for v in (n1, n2, c))
        total = self.n1 + self.n2
        self.p, self.q = self.c / total, (total - self.c) / total
        self.log_norm = _log_dbinom(self.c, total, self.p, self.q)
        self.low = np.maximum(0.0, self.c - self.n2)  # support
        self.high = np.minimum(self.n1, self.c)

    def take(self, i) -> _Hypergeom:
        sub = object.__new__(_Hypergeom)
        for name in ("n1", "n2", "c", "p", "q", "log_norm", "low", "high"):
            setattr(sub, name, getattr(self, name)[i])
        return sub

    def logpmf(self, k):
        k = np.asarray(k, dtype=np.float64)
        return (
            _log_dbinom(k, self.n1, self.p, self.q) + _log_dbinom(self.c - k, self.n2, self.p, self.q) - self.log_norm
        )

    def sum_from(self, start, step, count):
        """sum of pmf(start + step * j) for j < count (count may be inf; step is +1 or -1 for
        each table), stopping early once a term is negligible against the sum so far.

        Uses pmf(k + 1) / pmf(k) = (n1 - k)(c - k) / ((k + 1)(n2 - c + k + 1)), which is 0 from
        the edge of the support on, so summing past the edge adds nothing.
        """
        start, step, count = np.broadcast_arrays(*(np.asarray(v, dtype=np.float64) for v in (start, step, count)))
        out = np.zeros(start.shape)
        for direction in (1.0, -1.0):
            sel = np.flatnonzero((step == direction) & (count > 0))
            if sel.size:
                out[sel] = self.take(sel)._sum_one_way(start[sel], direction, count[sel])
        return out

    def _sum_one_way(self, start, direction, count):
        log_first = self.logpmf(start)
        rel = np.zeros(start.shape)  # the sum relative to the first term
        active = np.flatnonzero(np.isfinite(log_first))
        rel[active] = 1.0
        k, term, left = start[active], np.ones(active.size), count[active] - 1
        n1, n2, c = self.n1[active], self.n2[active], self.c[active]
        if direction > 0:  # numerator (a - k)(b - k), denominator (k + 1)(d + k)
            a_, b_, d_ = n1, c, n2 - c + 1
        else:  # pmf(k - 1) / pmf(k) = k (n2 - c + k) / ((n1 + 1 - k)(c + 1 - k))
            a_, b_, d_ = n1 + 1, c + 1, n2 - c
        offsets = direction * np.arange(_BLOCK, dtype=np.float64)
        positions = np.arange(_BLOCK)
        while active.size:
            kk = k[:, None] + offsets[None, :]  # the term each ratio starts from
            if direction > 0:
                ratio = (a_[:, None] - kk) * (b_[:, None] - kk) / ((kk + 1.0) * (d_[:, None] + kk))
            else:
                ratio = kk * (d_[:, None] + kk) / ((a_[:, None] - kk) * (b_[:, None] - kk))
            terms = term[:, None] * np.cumprod(ratio, axis=1)
            if np.any(left < _BLOCK):
                terms[positions[None, :] >= left[:, None]] = 0.0
            rel[active] += terms.sum(axis=1)
            term, k, left = terms[:, -1], k + direction * _BLOCK, left - _BLOCK
            keep = np.flatnonzero((left > 0) & (term > _NEGLIGIBLE * rel[active]))
            if keep.size < active.size:
                active, k, term, left = active[keep], k[keep], term[keep], left[keep]
                a_, b_, d_ = a_[keep], b_[keep], d_[keep]
        with np.errstate(divide="ignore"):
            return np.exp(log_first + np.log(rel))


def _fisher_p_scipy(x, n1, n2, col) -> np.ndarray:
    """scipy's own 2x2 two-sided algorithm with its boost pmf/cdf/sf, vectorised: bit-identical
    to fisher_exact but no faster per pmf call, so used only for near-ties (non-degenerate tables).
    """
    total = n1 + n2
    mode = ((col + 1) * (n1 + 1) / (total + 2)).astype(np.int64)
    pexact = hypergeom.pmf(x, total, n1, col)
    pmode = hypergeom.pmf(mode, total, n1, col)
    threshold = pexact * _FISHER_GAMMA
    with np.errstate(invalid="ignore", divide="ignore"):
        at_mode = np.abs(pexact - pmode) / np.maximum(pexact, pmode) <= _FISHER_EPSILON
    result = np.ones(x.size)

    # Observation below the mode: lower tail, then the upper tail found between mode and c.
    sel = np.flatnonzero(~at_mode & (x < mode))
    if sel.size:
        t, s, c = total[sel], n1[sel], col[sel]
        pval = hypergeom.cdf(x[sel], t, s, c)
        two = np.flatnonzero(~(hypergeom.pmf(c, t, s, c) > threshold[sel]))
        if two.size:
            t2, s2, c2 = t[two], s[two], c[two]
            guess = _binary_search(
                lambda i, k: -hypergeom.pmf(k, t2[i], s2[i], c2[i]), -threshold[sel][two], mode[sel][two], c2
            )
            pval[two] += hypergeom.sf(guess, t2, s2, c2)
        result[sel] = pval

    # Observation at or above the mode: upper tail, then the lower tail found between 0 and mode.
    sel = np.flatnonzero(~at_mode & (x >= mode))
    if sel.size:
        t, s, c = total[sel], n1[sel], col[sel]
        pval = hypergeom.sf(x[sel] - 1, t, s, c)
        two = np.flatnonzero(~(hypergeom.pmf(0, t, s, c) > threshold[sel]))
        if two.size:
            t2, s2, c2 = t[two], s[two], c[two]
            guess = _binary_search(
                lambda i, k: hypergeom.pmf(k, t2[i], s2[i], c2[i]),
                threshold[sel][two],
                np.zeros(two.size, dtype=np.int64),
                mode[sel][two],
            )
            pval[two] += hypergeom.cdf(guess, t2, s2, c2)
        result[sel] = pval
    return np.minimum(result, 1.0)


def _binary_search(func, target, lo, hi):
    """scipy's _binary_search_for_binom_tst run on many searches at once.

    For each i, func(i_subset, x) is ascending in x on [lo, hi]; returns the x with
    func(x) <= target < func(x + 1), taking exactly the same steps as scipy (including
    returning early on exact equality, and NaN comparing as "equal").
    """
    lo, hi = lo.copy(), hi.copy()
    found = np.zeros(lo.shape, dtype=bool)
    result = np.zeros(lo.shape, dtype=np.int64)
    for _ in range(128):  # at most ~log2(support) + 1 rounds are ever needed
        active = np.flatnonzero(~found & (lo < hi))
        if active.size == 0:
            break
        mid = lo[active] + (hi[active] - lo[active]) // 2
        value, goal = func(active, mid), target[active]
        less, greater = value < goal, value > goal
        equal = ~(less | greater)
        lo[active[less]] = mid[less] + 1
        hi[active[greater]] = mid[greater] - 1
        found[active[equal]] = True
        result[active[equal]] = mid[equal]
    rest = np.flatnonzero(~found)
    value = func(rest, lo[rest])
    result[rest] = np.where(value <= target[rest], lo[rest], lo[rest] - 1)
    return result


def _first_true(pred, lo, hi):
    """Smallest k in [lo, hi] with pred(i_subset, k) true, for pred false-then-true on [lo, hi);
    hi itself is never evaluated (it is the answer when pred is false throughout)."""
    lo, hi = lo.copy(), hi.copy()
    while True:
        active = np.flatnonzero(lo < hi)
        if active.size == 0:
            return lo
        mid = np.floor((lo[active] + hi[active]) / 2)
        yes = pred(active, mid)
        hi[active[yes]] = mid[yes]
        lo[active[~yes]] = mid[~yes] + 1


def fisher_p_vec(a, n_a, b, n_b) -> np.ndarray:
    """Two-sided Fisher exact p-value of [[a, n_a - a], [b, n_b - b]], as scipy.stats.fisher_exact.

    scipy's definition: with rows n1 = n_a, n2 = n_b and first-column total c = a + b,
    X ~ hypergeom(M = n1 + n2, n = n1, N = c), observed x = a, and mode m = floor((c + 1)(n1 + 1)
    / (M + 2)). If pmf(x) is within 1e-14 (relative) of pmf(m), p = 1. Otherwise p = the tail
    beyond x on its own side plus, on the other side of the mode, the tail of the k with
    pmf(k) below pmf(x) (1 + 1e-14) (below or equal when x is above the mode), whose start is
    found by binary search. A table with an empty row or column (n_a == 0, n_b == 0, no events,
    or all events) has p = 1.

    Here the pmf is Loader's saddle-point form (as R's dhyper), the boundary search is done on
    it, and the tails are summed by the pmf recurrence; when x is within 3 SD of the mode
    (and SD >= 3) the p-value is 1 minus the short run between the two tails instead. Tables
    where any deciding comparison is a near-tie (within 1e-9 in log-pmf, e.g. the mirror table
    when n_a == n_b) are computed by scipy's own algorithm, so ties fall as scipy decides them.
    """
    (a, n_a, b, n_b), shape = _counts(a, n_a, b, n_b)
    _check_tables(a, n_a, b, n_b)
    p = np.ones(a.shape)
    col = a + b
    idx = np.flatnonzero((n_a > 0) & (n_b > 0) & (col > 0) & (col < n_a + n_b))
    mode = ((col[idx] + 1) * (n_a[idx] + 1) / (n_a[idx] + n_b[idx] + 2)).astype(np.int64)
    idx, mode = idx[a[idx] != mode], mode[a[idx] != mode]  # x at the mode: p = 1
    if idx.size == 0:
        return p.reshape(shape)

    dist = _Hypergeom(n_a[idx], n_b[idx], col[idx])
    x, m = a[idx].astype(np.float64), mode.astype(np.float64)
    log_x = dist.logpmf(x)
    tie = dist.logpmf(m) - log_x <= _TIE_BAND
    log_threshold = log_x + np.log1p(_FISHER_EPSILON)
    below = x < m

    # The first k of the other tail: above the mode, the first k in [m, high] with
    # pmf(k) < threshold (high + 1 if none); below it, one past the last k in [low, m] with
    # pmf(k) <= threshold, found as the first k with pmf(k) > threshold.
    search = np.flatnonzero(~tie)
    sub = dist.take(search)
    up = below[search]
    ms, goal = m[search], log_threshold[search]

    def pred(i, k):
        value = sub.take(i).logpmf(k)
        return np.where(up[i], value < goal[i], value > goal[i])

    # Bracket first near the mirror image of x (the boundary is about as far from the mode as
    # x is), checking the bracket's far end and falling back to the whole range where needed.
    reach = 2 * np.abs(x[search] - ms) + 10
    lo = np.where(up, ms, np.maximum(sub.low, ms - reach))
    hi = np.where(up, np.minimum(sub.high + 1, ms + reach), ms + 1)
    check = np.flatnonzero(np.where(up, hi <= sub.high, lo > sub.low))
    if check.size:
        c_up = up[check]
        crossed = pred(check, np.where(c_up, hi[check], lo[check]))
        # Upward, pred(hi) false: the boundary is in (hi, high + 1].
        g = check[c_up & ~crossed]
        lo[g], hi[g] = hi[g] + 1, sub.high[g] + 1
        # Downward, pred(lo) true: the boundary is in [low, lo].
        g = check[~c_up & crossed]
        lo[g], hi[g] = sub.low[g], lo[g]
    edge = np.full(idx.size, np.nan)
    edge[search] = _first_true(pred, lo, hi)
    other_start = np.where(below, edge, edge - 1)  # first term of the other tail, moving outwards

    # Near-ties at the boundary: the other tail's first term and the term just inside it.
    inner = np.where(below, other_start - 1, other_start + 1)
    for k in (other_start, inner):
        with np.errstate(invalid="ignore"):
            tie |= np.abs(dist.logpmf(np.where(np.isnan(k), x, k)) - log_x) <= _TIE_BAND

    result = np.empty(idx.size)
    if np.any(tie):
        t = idx[tie]
        result[tie] = _fisher_p_scipy(a[t], n_a[t], n_b[t], col[t])
    ok = np.flatnonzero(~tie)
    if ok.size:
        d = dist.take(ok)
        xo, below_o, start_o = x[ok], below[ok], other_start[ok]
        step = np.where(below_o, 1.0, -1.0)  # from the observation towards the mode
        var = d.c * d.n1 * d.n2 * (d.n1 + d.n2 - d.c) / ((d.n1 + d.n2) ** 2 * (d.n1 + d.n2 - 1))
        sd = np.sqrt(var)
        central = (sd >= 3) & (np.abs(xo - m[ok]) <= 3 * sd)
        # Central observations: 1 - the terms strictly between the two tails.
        between = np.abs(start_o - xo) - 1
        middle = d.sum_from(xo + step, step, np.where(central, between, 0))
        # Others: the tail beyond x, and the other tail.
        own = d.sum_from(xo, -step, np.where(central, 0, np.inf))
        other = d.sum_from(start_o, step, np.where(central, 0, np.inf))
        result[ok] = np.where(central, 1.0 - middle, own + other)
    p[idx] = np.clip(result, 0.0, 1.0)
    return p.reshape(shape)


# ---------------------------------------------------------------------------------------------
# Koopman score interval for the ratio of two proportions
# ---------------------------------------------------------------------------------------------


class _RatioScore:
    """Score statistic (no variance correction) for H0: p1 / p0 = R, minus a target, at log R.

    As statsmodels score_test_proportions_2indep(compare="ratio", correction=False): the
    constrained MLE p0~ is the smaller root of n R p^2 - (n1 R + x1 + n0 + x0 R) p + x = 0
    (computed as 2c / (-b + sqrt(b^2 - 4ac)), free of cancellation), p1~ = R p0~, and
    z = (x1/n1 - R x0/n0) / sqrt(p1~(1 - p1~)/n1 + R^2 p0~(1 - p0~)/n0), which decreases in R.
    """

    _fields = ("x1", "n1", "x0", "n0", "x", "n", "p1", "p0", "target")

    def __init__(self, x1, n1, x0, n0, target):
        self.x1, self.n1, self.x0, self.n0, self.target = x1, n1, x0, n0, target
        self.x, self.n = x1 + x0, n1 + n0
        self.p1, self.p0 = x1 / n1, x0 / n0

    def take(self, i) -> _RatioScore:
        sub = object.__new__(_RatioScore)
        for name in self._fields:
            setattr(sub, name, getattr(self, name)[i])
        return sub

    def __call__(self, log_ratio):
        r = np.exp(log_ratio)
        # b^2 - 4ac rearranged as a sum of two non-negative terms, so that it keeps its
        # precision near a double root (which occurs when a == n_a or b == n_b).
        u, v = r * (self.n1 + self.x0), self.x1 + self.n0
        disc = (u - v) ** 2 + 4.0 * r * (self.n1 - self.x1) * (self.n0 - self.x0)
        p0 = 2.0 * self.x / (u + v + np.sqrt(disc))
        p1 = r * p0
        var = p1 * (1.0 - p1) / self.n1 + r * r * p0 * (1.0 - p0) / self.n0
        diff = self.p1 - r * self.p0
        # diff == 0 is the point estimate: the statistic is 0 there even when var is 0.
        stat = np.where(diff == 0, 0.0, diff / np.sqrt(np.maximum(var, 0.0)))
        return stat - self.target


def _decreasing_root(f, lo, hi, f_lo, f_hi):
    """t in [lo, hi] with f(t) = 0, for f decreasing with f(lo) > 0 >= f(hi), for many f at once.

    Bisection for _BISECTION_STEPS steps, then the Illinois variant of regula falsi, down to a
    few ulps; NaN values of f are taken as <= 0 and lead to bisection steps.
    """
    out = np.empty(lo.size)
    active = np.arange(lo.size)
    last = np.zeros(lo.size, dtype=np.int8)  # which end moved last: +1 lo, -1 hi
    for step in range(_MAX_ROOT_STEPS):
        mid = 0.5 * (lo + hi)
        if step < _BISECTION_STEPS:
            t = mid
        else:
            t = (lo * f_hi - hi * f_lo) / (f_hi - f_lo)
            t = np.where((t > lo) & (t < hi), t, mid)
        ft = f(t)
        right = ft > 0  # the root is above t
        if step >= _BISECTION_STEPS:  # Illinois: halve the value at an end kept twice running
            f_lo = np.where(~right & (last == -1), 0.5 * f_lo, f_lo)
            f_hi = np.where(right & (last == 1), 0.5 * f_hi, f_hi)
        lo, f_lo = np.where(right, t, lo), np.where(right, ft, f_lo)
        hi, f_hi = np.where(right, hi, t), np.where(right, f_hi, ft)
        last = np.where(right, 1, -1).astype(np.int8)
        done = (hi - lo <= 8e-16 * np.maximum(1.0, np.abs(t))) | (ft == 0)
        if step == _MAX_ROOT_STEPS - 1:
            done[:] = True
        if np.any(done):
            out[active[done]] = np.where(ft[done] == 0, t[done], 0.5 * (lo[done] + hi[done]))
            keep = ~done
            active, lo, hi, f_lo, f_hi, last = (v[keep] for v in (active, lo, hi, f_lo, f_hi, last))
            if active.size == 0:
                break
            f = f.take(keep)
    return out


def koopman_vec(a, n_a, b, n_b, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Koopman score interval for (a / n_a) / (b / n_b), as statsmodels confint_proportions_2indep
    (compare="ratio", method="score", correction=False).

    The bounds are the ratios R where the score statistic equals +z (low) and -z (high), found
    in log R within exp(+-50) of the 0.5-adjusted ratio. Where the statistic is still below +z
    at the bottom of that window the lower bound is 0 (a == 0); where it is still above -z at
    the top the upper bound is inf (b == 0).

    Edge cases against statsmodels 0.15 (which solves Nam's cubic for the p0 at both bounds):
    - a == 0 (b > 0): low = 0 exactly; statsmodels gives ~4e-16.
    - b == 0 (a > 0): high = inf, as statsmodels.
    - a == b == 0: NaN, NaN, as statsmodels (the score interval itself would be (0, inf)).
    - n_a == 0 or n_b == 0: NaN, NaN (statsmodels raises ZeroDivisionError).
    - a == n_a: statsmodels' lower bound is a spurious root of the cubic (e.g. 11/11 vs 16/33
      gives 1.6296, where the score test's p-value is 0.13, not 0.05); its upper bound is right.
    - b == n_b: the cubic has the root p0 = 1 and statsmodels returns complex or collapsed
      bounds (e.g. 5/20 vs 20/20 gives 0.625 to 0.625, the point estimate, with imaginary parts
      that koopman_interval drops).
    For those last two this function returns the actual score-interval bounds (where the
    statsmodels score test's p-value equals alpha), so it deliberately differs there.
    """
    (a, n_a, b, n_b), shape = _counts(a, n_a, b, n_b)
    _check_tables(a, n_a, b, n_b)
    low = np.full(a.shape, np.nan)
    high = np.full(a.shape, np.nan)
    idx = np.flatnonzero((n_a > 0) & (n_b > 0) & (a + b > 0))
    if idx.size == 0:
        return low.reshape(shape), high.reshape(shape)

    x1, n1 = a[idx].astype(np.float64), n_a[idx].astype(np.float64)
    x0, n0 = b[idx].astype(np.float64), n_b[idx].astype(np.float64)
    z = norm.isf(alpha / 2)
    centre = np.log((x1 + 0.5) / (n1 + 0.5)) - np.log((x0 + 0.5) / (n0 + 0.5))

    # Both bounds at once: the first half solves stat(R) = +z (low), the second stat(R) = -z (high).
    m = idx.size
    both = (np.concatenate([v, v]) for v in (x1, n1, x0, n0))
    score = _RatioScore(*both, np.concatenate([np.full(m, z), np.full(m, -z)]))
    lo = np.concatenate([centre, centre]) - _LOG_WINDOW
    hi = lo + 2 * _LOG_WINDOW
    bound = np.empty(2 * m)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        f_lo, f_hi = score(lo), score(hi)
        under = ~(f_lo > 0)  # accepted already at the bottom of the window: the bound is 0
        over = ~under & (f_hi > 0)  # still rejected at the top: the bound is inf
        bound[under], bound[over] = 0.0, np.inf
        solve = np.flatnonzero(~under & ~over)
        if solve.size:
            t = _decreasing_root(score.take(solve), lo[solve], hi[solve], f_lo[solve], f_hi[solve])
            bound[solve] = np.exp(t)
    low[idx], high[idx] = bound[:m], bound[m:]
    return low.reshape(shape), high.reshape(shape)


if __name__ == "__main__":  # timing on random tables: python -m oversight.fast_stats
    import time

    rng = np.random.default_rng(0)
    size = 200_000
    n_a = rng.integers(10, 300_000, size)
    n_b = rng.integers(10, 300_000, size)
    a = rng.binomial(n_a, 0.05)
    b = rng.binomial(n_b, 0.05)
    for name, fn in [
        ("wilson_vec", lambda: wilson_vec(a, n_a)),
        ("rate_ratio_vec", lambda: rate_ratio_vec(a, n_a, b, n_b)),
    ]:
        start = time.perf_counter()
        fn()
        print(f"{name}: {time.perf_counter() - start:.3f} s for {size} tables")
    for name, fn in [("fisher_p_vec", fisher_p_vec), ("koopman_vec", koopman_vec)]:
        start = time.perf_counter()
        fn(a, n_a, b, n_b)
        print(f"{name}: {time.perf_counter() - start:.3f} s for {size} tables")
