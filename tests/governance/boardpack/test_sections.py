"""Each section of the board pack against counts computed here from a small force with known answers."""

from datetime import timedelta

import pytest

from cases.models import Case
from governance.boardpack import (
    disparity_figures,
    monitoring_figures,
    queue_figures,
    timeliness_section,
    vetting_figures,
)
from governance.timeliness import timeliness_refresh_now
from tests.factories import UserFactory
from tests.governance.boardpack import world
from tests.governance.boardpack.world import MONTH, TODAY

pytestmark = pytest.mark.django_db


def test_the_queue_counts_open_matters_by_stage_band_and_queue():
    investigator = UserFactory(role="investigator")
    world.open_cases(3, received=TODAY - timedelta(days=20), stage="received")
    world.open_cases(2, received=TODAY - timedelta(days=400), stage="under_investigation", allocated=investigator)
    closed = world.open_cases(1, received=TODAY - timedelta(days=30))[0]
    Case.objects.filter(id=closed.id).update(status="closed")  # not in the queue once closed and re-scored
    from cases.priority import priority_score_cases

    priority_score_cases(case_ids=[closed.id], today=TODAY)

    figures = queue_figures(today=TODAY)

    assert figures["open"] == 5
    stages = {s["stage"]: s["n"] for s in figures["by_stage"]}
    assert stages["received"] == 3 and stages["under_investigation"] == 2 and stages["awaiting_decision"] == 0
    queues = {q["queue"]: q["n"] for q in figures["queues"]}
    assert queues["unallocated"] == 3
    assert figures["past_12_months"] == 2  # received 400 days ago: past the reg 19 mark
    assert queues["at-risk"] >= 2
    assert sum(b["n"] for b in figures["by_band"]) == 5


def test_timeliness_is_part_b_board_figures_for_the_last_day_of_the_month():
    world.open_cases(2, received=TODAY - timedelta(days=50))
    timeliness_refresh_now(as_of=TODAY - timedelta(days=1))  # the run the pack reads (nightly in production)
    section = timeliness_section(month=MONTH)
    assert set(section.figures) == {"stages", "open_ageing", "clocks", "finalised_12m"}
    # as at 30 November, both matters (received 12 October) are 49 days old
    assert sum(b["n"] for b in section.figures["open_ageing"]) == 2


def test_the_vetting_backlog_counts_applications_renewals_and_hits_awaiting_a_decision():
    expected = world.clearances()
    world.hits(review=3, information=2)

    figures = vetting_figures(month=MONTH, today=TODAY)

    assert sum(b["n"] for b in figures["applications"]) == expected["applied"]
    assert figures["applications_overdue"] == expected["overdue"]
    assert figures["renewals_due"] == expected["due"]
    assert figures["renewals_due_not_applied"] == expected["due_not_applied"]
    assert figures["renewals_overdue"] == expected["renewal_overdue"]
    assert figures["expired_in_month"] == expected["expired"]
    by_grade = {h["grade"]: sum(v for k, v in h.items() if k != "grade") for h in figures["hits"]}
    assert by_grade == {"Needs review": 3, "Information only": 2}


def test_monitoring_alerts_open_by_rule_and_age_and_decided_in_the_month_by_decision():
    world.alerts()

    figures = monitoring_figures(month=MONTH, today=TODAY)

    family = next(r for r in figures["open_by_rule"] if r["rule"] == "family")
    assert (family["0-30 days"], family["31-90 days"], family["over 90 days"], family["total"]) == (1, 1, 1, 3)
    assert sum(r["total"] for r in figures["open_by_rule"]) == 4
    decided = {d["decision"]: d["n"] for d in figures["decided_in_month"]}
    assert decided["No further action"] == 1  # the October decision is not November's
    assert decided["Conduct matter"] == 1
    assert sum(decided.values()) == 2


def test_disparity_flags_are_the_latest_refresh_at_force_and_command_level_after_disclosure_control():
    world.refresh_with_flags()

    figures = disparity_figures()

    assert figures["unit_level_flags"] == 1
    rows = {(f["where"], f["group"]): f for f in figures["flags"]}
    assert set(rows) == {("Whole force", "Black"), ("Specialist Operations", "Asian")}
    force = rows[("Whole force", "Black")]
    assert (force["events"], force["n"], round(force["ratio"], 2)) == (25, 100, 2.5)
    command = rows[("Specialist Operations", "Asian")]
    assert command["events"] is None and command["ratio"] is None  # 3 events: suppressed with its ratio


def test_no_refresh_yet_gives_an_empty_disparity_section():
    assert disparity_figures() == {"refresh": None, "flags": [], "unit_level_flags": 0}
