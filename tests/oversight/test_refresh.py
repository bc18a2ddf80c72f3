"""The refresh end to end on synthetic data with a known truth, counted in the real PostgreSQL."""

import csv
from datetime import date

import numpy as np
import pytest
from django.core import mail
from django.core.management import call_command

from notifications.models import Notification
from notifications.services import notifications_email
from oversight.models import (
    AdjustedResult,
    DisparityFlag,
    DisparityResult,
    DurationResult,
    RefreshStatus,
)
from oversight.refresh import disparities_refresh, flag_statuses
from oversight.simulate import simulate
from oversight.statistics import Comparison, fisher_p, flag_status
from tests.factories import UserFactory

CUTOFF = date(2026, 10, 31)
pytestmark = pytest.mark.django_db


def _force(refresh, stage="s1_system", window=12, population="all", source="all"):
    return {
        r.group: r
        for r in DisparityResult.objects.filter(
            refresh=refresh, level="force", window_months=window, population=population, source=source, stage=stage
        )
    }


def test_a_true_ratio_of_1_8_at_stage_1_among_50000_people_is_flagged(django_capture_on_commit_callbacks):
    info = simulate(people=50_000, cutoff=CUTOFF, multipliers={"s1": {"black": 1.8}}, seed=0.11)
    assert info["people"] == 50_000
    analyst = UserFactory(role="analyst", email="analyst@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        refresh = disparities_refresh(cutoff=CUTOFF)
    assert refresh.status == RefreshStatus.COMPLETE
    assert refresh.method_version == "disparity-2.0" and refresh.data_cutoff == CUTOFF
    force = _force(refresh)
    black = force["black"]
    assert black.status == "FLAG"
    assert 1.5 < black.ratio < 2.2 and black.ratio_low > 1.25
    assert black.p_adjusted < 0.05 and black.p_value <= black.p_adjusted
    for group in ("asian", "mixed", "other"):
        assert force[group].status != "FLAG", force[group].ratio
    # no disparity was built in after stage 1: no FLAG for anyone at the later stages of the force
    later = DisparityResult.objects.filter(refresh=refresh, level="force", status="FLAG").exclude(stage="s1_system")
    assert not later.exists()
    # the snapshot covers every unit level, population, source and window
    levels = set(DisparityResult.objects.filter(refresh=refresh).values_list("level", "population", "window_months"))
    assert {
        (lv, p, w) for lv in ("force", "command", "unit") for p in ("all", "officer", "staff") for w in (12, 36)
    } <= levels
    sources = set(DisparityResult.objects.filter(refresh=refresh, level="force").values_list("source", flat=True))
    assert sources == {"all", "public_complaint", "conduct_matter", "reporting_line", "screening", "monitoring"}
    # durations and the adjusted panel exist beside the crude figures
    assert DurationResult.objects.filter(
        refresh=refresh, level="force", group="white", median_days__isnull=False
    ).exists()
    adjusted = AdjustedResult.objects.get(
        refresh=refresh, window_months=12, population="all", stage="s1_system", group="black"
    )
    assert adjusted.odds_ratio > 1.4 and adjusted.or_low > 1
    # the flag is open and the command's analysts were told, in the app and by e-mail
    flag = DisparityFlag.objects.get(
        level="force", window_months=12, population="all", source="all", stage="s1_system", group="black"
    )
    assert flag.status == "new" and flag.latest_result_id == black.id
    note = Notification.objects.get(user=analyst, url__contains=str(flag.public_id))
    assert note.needs_action and (note.record_kind, note.record_id) == ("disparity_flag", str(flag.id))
    # the e-mail (notifications.tasks.email_send) says only that there is something to review
    assert notifications_email() >= 1
    assert len(mail.outbox) == 1 and "need your action" in mail.outbox[0].subject
    assert "disparity" not in mail.outbox[0].body.lower()

    # idempotent: a second refresh raises nothing new and tells nobody again
    notices = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        again = disparities_refresh(cutoff=CUTOFF)
    assert again.flags == refresh.flags
    assert DisparityFlag.objects.count() == refresh_flag_cells(refresh)
    assert Notification.objects.count() == notices
    assert notifications_email() == 0 and len(mail.outbox) == 1
    flag.refresh_from_db()
    assert _force(again)["black"].id == flag.latest_result_id


def refresh_flag_cells(refresh):
    return DisparityResult.objects.filter(refresh=refresh, status="FLAG").count()


def test_no_disparity_gives_no_flag_at_force_level_and_export_writes_exact_counts(tmp_path):
    simulate(people=8_000, commands=3, units_per_command=3, cutoff=CUTOFF, seed=0.3)
    refresh = disparities_refresh(cutoff=CUTOFF, durations=False, adjusted=False)
    assert not DisparityResult.objects.filter(refresh=refresh, level="force", status="FLAG").exists()
    target = tmp_path / "snapshot.csv"
    call_command("export_disparities", str(target))
    with target.open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == DisparityResult.objects.filter(refresh=refresh).count()
    expected = {
        "unit", "window_months", "population", "source", "stage", "group", "n", "events", "rate", "ratio",
        "ratio_low", "ratio_high", "p_value", "p_adjusted", "status", "method_version", "data_cutoff",
    }  # fmt: skip
    assert expected <= set(rows[0])
    some = DisparityResult.objects.filter(
        refresh=refresh,
        level="force",
        stage="s1_system",
        group="black",
        window_months=12,
        population="all",
        source="all",
    ).get()
    row = next(
        r for r in rows
        if r["level"] == "force" and r["stage"] == "s1_system" and r["group"] == "black"
        and r["window_months"] == "12" and r["population"] == "all" and r["source"] == "all"
    )  # fmt: skip
    assert int(row["n"]) == some.n and int(row["events"]) == some.events and row["status"] == some.status


def test_the_vectorised_flag_rule_agrees_with_the_reference_implementation():
    rng = np.random.default_rng(7)
    tables = []
    for _ in range(400):
        n1, n2 = int(rng.integers(10, 400)), int(rng.integers(10, 400))
        p2 = rng.uniform(0.02, 0.4)
        p1 = min(0.95, p2 * rng.choice([0.5, 1.0, 1.3, 1.8, 2.5]))
        tables.append((int(rng.binomial(n1, p1)), n1, int(rng.binomial(n2, p2)), n2))
    a, n1, b, n2 = (np.array(x) for x in zip(*tables))
    raw = np.array([fisher_p(*t) for t in tables])
    adjusted = np.minimum(1, raw * 3)  # any adjustment factor: the one-person check must carry it
    vectorised = flag_statuses(a, n1, b, n2, adjusted, raw)
    reference = [flag_status(Comparison(*t, adjusted_p=float(q))) for t, q in zip(tables, adjusted, strict=True)]
    assert list(vectorised) == reference
    assert {"FLAG", "WATCH", "OK"} <= set(reference)


def test_a_refresh_with_no_matters_completes_with_no_tests():
    refresh = disparities_refresh(cutoff=CUTOFF)
    assert refresh.status == RefreshStatus.COMPLETE and refresh.tests == 0


def test_export_without_a_refresh_is_a_clear_error(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No complete refresh"):
        call_command("export_disparities", str(tmp_path / "x.csv"))
