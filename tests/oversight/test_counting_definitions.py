"""What each stage counts (disparity-method.md): the cut-off applied to every stage's own decision
date, people only in the windows they were employed in, and the outcome stage of people at a
hearing."""

import csv
import io
from datetime import date

import pytest
from django.db import transaction

from cases.history import HEADER, history_import
from cases.models import AllegationCategory, Standard
from cases.services import matter_intake, severity_assess
from demo.history import history_csv
from oversight import counting
from tests.cases.test_history_import import csv_bytes
from tests.factories import PersonFactory, UserFactory
from tests.oversight.test_demo_shaped import demo_workforce

pytestmark = pytest.mark.django_db
CUTOFF = date(2026, 10, 31)
FORCE_36 = ("force", None, 36, "all", "all")
FORCE_12 = ("force", None, 12, "all", "all")


def counts(cutoff=CUTOFF) -> dict:
    with transaction.atomic():
        result = counting.count(cutoff)
    return {key: {group: dict(cell) for group, cell in groups.items()} for key, groups in result.slices.items()}


def concluded(person, ref, *, forum, outcome, received="2025-01-10"):
    return {
        "case_ref": ref,
        "allegation_ref": "A1",
        "staff_number": person.staff_number,
        "source": "conduct_matter",
        "category": "dishonesty",
        "standards": "1",
        "received_date": received,
        "severity": "gross_misconduct" if forum == "hearing" else "misconduct",
        "severity_date": "2025-01-20",
        "case_to_answer": "yes",
        "decision_date": "2025-03-01",
        "forum": forum,
        "finding": "proven",
        "outcome": outcome,
        "finalised_date": "2025-05-01",
    }


def test_the_outcome_stage_counts_dismissal_and_reduction_in_rank_of_people_at_a_hearing():
    rows = []
    white = [PersonFactory(ethnicity_id="W1") for _ in range(20)]
    black = [PersonFactory(ethnicity_id="B1") for _ in range(50)]
    for i, person in enumerate(white):
        outcome = "dismissal_without_notice" if i < 10 else "final_written_warning"
        rows.append(concluded(person, f"W-{i}", forum="hearing", outcome=outcome))
    for i, person in enumerate(black[:20]):
        outcome = "dismissal_without_notice" if i < 10 else "reduction_in_rank" if i < 12 else "final_written_warning"
        rows.append(concluded(person, f"B-{i}", forum="hearing", outcome=outcome))
    for i, person in enumerate(black[20:]):  # meetings cannot dismiss: not in the outcome stage's denominator
        rows.append(concluded(person, f"BM-{i}", forum="meeting", outcome="written_warning"))
    assert history_import(actor=None, data=csv_bytes(rows), filename="h.csv").errors == []
    force = counts()[FORCE_36]
    assert (force["white"]["at_hearing"], force["white"]["dismissed"]) == (20, 10)
    assert (force["black"]["at_hearing"], force["black"]["dismissed"]) == (20, 12)
    # any sanction stays of people at any proceeding
    assert (force["black"]["at_proceedings"], force["black"]["sanctioned"]) == (50, 50)
    assert counting.STAGE_COLUMNS["s5_dismissed"] == ("at_hearing", "dismissed")


def test_a_leaver_counts_only_in_the_windows_they_were_employed_in():
    left = PersonFactory(ethnicity_id="B1", start_date=date(2015, 1, 5), end_date=date(2025, 6, 30), is_leaver=True)
    stayed = PersonFactory(ethnicity_id="B1", start_date=date(2015, 1, 5))
    rows = [
        {**concluded(left, "L-1", forum="meeting", outcome="written_warning"), "received_date": "2026-01-10"}
        | {"severity_date": "", "case_to_answer": "", "decision_date": "", "severity": "", "forum": ""}
        | {"finding": "", "outcome": "", "finalised_date": ""},
        {**concluded(stayed, "S-1", forum="meeting", outcome="written_warning"), "received_date": "2026-01-10"}
        | {"severity_date": "", "case_to_answer": "", "decision_date": "", "severity": "", "forum": ""}
        | {"finding": "", "outcome": "", "finalised_date": ""},
    ]
    assert history_import(actor=None, data=csv_bytes(rows), filename="h.csv").errors == []
    result = counts()
    # the 12-month window starts 1 November 2025: the leaver was gone by then
    assert result[FORCE_12]["black"]["in_system"] == 1 and result[FORCE_12]["black"]["headcount"] == 1
    # the 36-month window includes their last years: they count there
    assert result[FORCE_36]["black"]["in_system"] == 2


def _as_known_on(data: bytes, day: date) -> bytes:
    """The same history as the previous system held it on `day`: later matters and decisions left out."""
    reader = csv.DictReader(io.StringIO(data.decode()))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER)
    writer.writeheader()
    later = {"severity", "severity_date", "case_to_answer", "decision_date", "forum", "finding", "outcome"}

    def after(name):
        return bool(row[name]) and date.fromisoformat(row[name]) > day

    for row in reader:
        if date.fromisoformat(row["received_date"]) > day:
            continue
        if after("severity_date"):
            row.update(dict.fromkeys(later | {"finalised_date"}, ""))
        elif after("decision_date"):
            row.update(dict.fromkeys(later - {"severity", "severity_date"} | {"finalised_date"}, ""))
        elif after("finalised_date"):
            row.update(finding="", outcome="", finalised_date="")
        writer.writerow(row)
    return out.getvalue().encode()


def test_a_refresh_as_at_a_past_date_gives_the_same_numbers_after_later_events():
    history = history_csv(demo_workforce(300), today=CUTOFF, rate=0.3, seed=11)
    as_at = date(2026, 3, 31)
    first = history_import(actor=None, data=_as_known_on(history, as_at), filename="then.csv")
    assert first.errors == []
    # a matter recorded here, received before the cut-off, not yet assessed by then
    live_person = PersonFactory(ethnicity_id="B1")
    investigator = UserFactory(role="investigator")
    live = matter_intake(
        actor=investigator,
        source="conduct_matter",
        received_date=date(2026, 2, 2),
        summary="Live matter",
        person=live_person,
        category=AllegationCategory.objects.get(code="violence"),
        standards=[Standard.objects.get(number=4)],
        description="Live allegation",
    )
    before = counts(as_at)
    severity_assess(
        actor=investigator,
        subject=live.case_subjects.get(),
        severity="gross_misconduct",
        likely_forum="hearing",
        rationale="Assessed after the cut-off",
        assessed_on=date(2026, 5, 4),
    )
    # the later history arrives: decisions after the cut-off on the same matters, and new matters
    later = history_import(actor=None, data=history, filename="now.csv")
    assert later.errors == [] and later.updated > 20 and later.created > 20
    assert counts(as_at) == before
    # and the later events do count as at today
    now = counts(CUTOFF)[FORCE_12]
    assert sum(cell["assessed"] for cell in now.values()) > 0
