"""Golden tests: the published worked examples of shared/disparity-method.md, to the digits given."""

import math

import pytest
from scipy.stats import chi2_contingency

from oversight.statistics import (
    Comparison,
    adverse_impact,
    benjamini_hochberg,
    fisher_mid_p,
    fisher_p,
    flag_status,
    impact_ratios,
    katz_interval,
    koopman_interval,
    miettinen_nurminen_interval,
    rate_ratio,
    wilson_interval,
)


def test_sahai_and_khurshid_example_3_1_relative_risk_and_katz_interval():
    assert rate_ratio(27, 122, 44, 487) == pytest.approx(2.4495156482861398, rel=1e-12)
    low, high = katz_interval(27, 122, 44, 487)
    assert low == pytest.approx(1.5836990926700116, rel=1e-12)
    assert high == pytest.approx(3.7886786315466354, rel=1e-12)


def test_fagerland_table_ratio_and_its_three_intervals():
    # [[7, 27], [1, 33]]: events and non-events per group
    assert rate_ratio(7, 34, 1, 34) == pytest.approx(7.0)
    assert [round(x, 4) for x in katz_interval(7, 34, 1, 34)] == [0.9096, 53.8695]  # includes 1
    assert [round(x, 4) for x in koopman_interval(7, 34, 1, 34)] == [1.2209, 42.5757]  # excludes 1
    assert [round(x, 4) for x in miettinen_nurminen_interval(7, 34, 1, 34)] == [1.2086, 43.0330]


def test_fagerland_fisher_exact_mid_p_and_pearson():
    assert round(fisher_p(0, 16, 15, 72), 5) == 0.06287
    assert round(fisher_mid_p(0, 16, 15, 72), 5) == 0.04466
    assert round(chi2_contingency([[3, 1], [1, 3]], correction=False).pvalue, 5) == 0.15730


def test_eeoc_four_fifths_example():
    rates = {"highest": 0.60, "a": 0.45, "b": 0.48, "c": 0.51}
    assert {k: round(v, 2) for k, v in impact_ratios(rates).items()} == {
        "highest": 1.0,
        "a": 0.75,
        "b": 0.80,
        "c": 0.85,
    }
    assert adverse_impact(rates) == {"highest": False, "a": True, "b": False, "c": False}  # strictly less than


def test_wilson_interval_and_zero_denominators():
    low, high = wilson_interval(27, 122)
    assert low < 27 / 122 < high
    assert all(math.isnan(x) for x in wilson_interval(0, 0))
    assert all(math.isnan(x) for x in katz_interval(0, 16, 15, 72))  # Katz fails on a zero cell


def test_benjamini_hochberg_adjusts_across_the_refresh_and_skips_missing_tests():
    adjusted = benjamini_hochberg([0.01, 0.04, math.nan, 0.03])
    assert [round(x, 4) if not math.isnan(x) else None for x in adjusted] == [0.03, 0.04, None, 0.04]


@pytest.mark.parametrize(
    "comparison,status",
    [
        (Comparison(events=9, n=9, ref_events=50, ref_n=500, adjusted_p=0.001), "INSUFFICIENT"),  # denominator < 10
        (Comparison(events=110, n=1000, ref_events=100, ref_n=1000, adjusted_p=0.5), "OK"),  # ratio 1.1
        (Comparison(events=90, n=500, ref_events=100, ref_n=1000, adjusted_p=0.0001), "FLAG"),  # 1.8, clear
        (Comparison(events=18, n=100, ref_events=100, ref_n=1000, adjusted_p=0.2), "WATCH"),  # p fails
        (Comparison(events=5, n=20, ref_events=100, ref_n=1000, adjusted_p=0.01), "WATCH"),  # fails the one-person rule
    ],
)
def test_flag_rule(comparison, status):
    assert flag_status(comparison) == status


def test_koopman_matches_statsmodels_and_stays_right_when_a_whole_group_had_the_event():
    from statsmodels.stats.proportion import confint_proportions_2indep

    low, high = confint_proportions_2indep(7, 34, 1, 34, compare="ratio", method="score", correction=False)
    assert [round(x, 4) for x in (low, high)] == [round(x, 4) for x in koopman_interval(7, 34, 1, 34)]
    # 5/20 against 20/20: statsmodels' cubic collapses to 0.625-0.625; the score interval does not
    low, high = koopman_interval(5, 20, 20, 20)
    assert low < 0.25 < high < 1
