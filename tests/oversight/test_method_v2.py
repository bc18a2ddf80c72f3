"""Method version 2 (disparity-method.md): one Benjamini-Hochberg family per level (the force; all
commands; all units), stated on the page; WATCH shown as an unadjusted signal with its meaning."""

from datetime import date

import numpy as np
import pytest
from django.db import transaction

from oversight import counting
from oversight.models import DisparityResult
from oversight.refresh import adjust_by_level, compute, disparities_refresh, flag_statuses
from oversight.simulate import simulate
from oversight.statistics import METHOD_VERSION
from tests.conftest import quick_sign_in
from tests.factories import UserFactory

CUTOFF = date(2026, 10, 31)


def test_each_level_is_its_own_family():
    rng = np.random.default_rng(5)
    force = np.array([1e-4, 0.2, 0.5, 0.8])
    units = rng.uniform(size=5000)  # no disparity anywhere in the units
    levels = np.array(["force"] * force.size + ["unit"] * units.size, dtype=object)
    adjusted = adjust_by_level(np.concatenate([force, units]), levels)
    assert adjusted[0] == pytest.approx(4e-4) and adjusted[0] < 0.05
    assert np.allclose(adjusted[: force.size], adjust_by_level(force, levels[: force.size]))
    # version 1 (one family for the refresh) would have lost it
    from statsmodels.stats.multitest import multipletests

    assert multipletests(np.concatenate([force, units]), method="fdr_bh")[1][0] > 0.05


@pytest.mark.django_db
def test_a_ratio_of_1_5_at_force_level_on_50000_people_is_flagged_and_units_do_not_remove_it():
    simulate(
        people=50_000, commands=8, units_per_command=6, cutoff=CUTOFF, multipliers={"s1": {"black": 1.5}}, seed=0.3
    )
    with transaction.atomic():
        counts = counting.count(CUTOFF)
    rows, summary = compute(counts)
    black = next(r for r in rows if r[:7] == ("force", None, 12, "all", "all", "s1_system", "black"))
    assert black[-1] == "FLAG" and 1.3 < black[13] < 1.7  # status, ratio
    assert set(summary["families"]) == {"force", "command", "unit"}
    assert summary["families"]["unit"] > summary["families"]["force"] > 0
    # the force's figures are the same whether or not commands and units are tested beside them
    force_only = counting.Counts(
        slices={k: v for k, v in counts.slices.items() if k[0] == "force"},
        durations=counts.durations,
        cutoff=counts.cutoff,
        starts=counts.starts,
    )
    alone, alone_summary = compute(force_only)
    assert [r for r in rows if r[0] == "force"] == alone
    assert alone_summary["tests"] == summary["families"]["force"]


@pytest.mark.django_db
def test_the_pages_state_the_families_and_what_an_unadjusted_signal_means(django_capture_on_commit_callbacks):
    simulate(people=4_000, commands=2, units_per_command=2, cutoff=CUTOFF, multipliers={"s1": {"black": 2.5}}, seed=0.5)
    with django_capture_on_commit_callbacks(execute=True):
        refresh = disparities_refresh(cutoff=CUTOFF, durations=False, adjusted=False)
    assert refresh.method_version == METHOD_VERSION == "disparity-2.0"
    assert sum(refresh.families.values()) == refresh.tests
    client = quick_sign_in(UserFactory(role="analyst"))
    html = client.get("/disparities/").content.decode()
    assert "within one family per level" in html
    assert f"the force {refresh.families['force']:,}" in html and f"all units {refresh.families['unit']:,}" in html
    assert "Unadjusted signal (WATCH)" in html and "not evidence on its own" in html
    DisparityResult.objects.filter(
        refresh=refresh,
        level="force",
        window_months=12,
        source="all",
        population="all",
        group="asian",
        stage="s1_system",
    ).update(status="WATCH")
    html = client.get("/disparities/").content.decode()
    assert ">Unadjusted signal</strong>" in html and ">WATCH<" not in html
    csv_text = client.get("/disparities/export.csv").content.decode()
    assert "unadjusted signal" in csv_text and "within one family per level" in csv_text


def test_below_1_the_one_person_rule_adds_an_event_to_the_lower_rate_group():
    from oversight.statistics import Comparison, fisher_p, flag_status

    # 4 of 100 against 1,000 of 10,000: taking one event from the large White group changes nothing
    # (version 1 flagged it); one more event for the group and the interval reaches 1: WATCH
    table = (4, 100, 1000, 10000)
    assert flag_status(Comparison(*table, adjusted_p=fisher_p(*table))) == "WATCH"
    vectorised = flag_statuses(
        *(np.array([x]) for x in table), np.array([fisher_p(*table)]), np.array([fisher_p(*table)])
    )
    assert list(vectorised) == ["WATCH"]
    clear = (2, 200, 1000, 10000)
    assert flag_status(Comparison(*clear, adjusted_p=fisher_p(*clear))) == "FLAG"
