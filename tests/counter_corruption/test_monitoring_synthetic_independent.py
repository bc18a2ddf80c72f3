"""The independent audit-extract generator: deterministic, every kind of misuse planted at the
people it names, background that hits no known person by accident, the format's columns, and
memory that does not grow with the file."""

import csv
import tracemalloc
from datetime import datetime

import pytest

from counter_corruption.monitoring_keys import postcode_key, surname_key
from counter_corruption.monitoring_synthetic_independent import (
    HEADER,
    KINDS,
    NICKNAMES,
    extract_write,
    known_load,
    world_create,
)
from tests.factories import PersonFactory

FORMAT_COLUMNS = [
    "system", "event_id", "occurred_at", "staff_number", "action", "query_type", "query_text", "result_surname",
    "result_forenames", "result_dob", "result_postcode", "result_ref", "occurrence_ref", "reason_text",
]  # fmt: skip


@pytest.fixture
def world(db):
    made = world_create(seed=5, people=400, prefix="TW")
    return made, known_load()


def _rows(path):
    with open(path, newline="", encoding="utf-8") as source:
        return list(csv.DictReader(source))


def test_the_same_seed_writes_the_same_extract_and_truth(world, tmp_path):
    _, known = world
    first = extract_write(tmp_path / "a.csv", seed=9, events=5_000, known=known)
    second = extract_write(tmp_path / "b.csv", seed=9, events=5_000, known=known)
    other = extract_write(tmp_path / "c.csv", seed=10, events=5_000, known=known)
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert (tmp_path / "a.csv.truth.csv").read_bytes() == (tmp_path / "b.csv.truth.csv").read_bytes()
    assert (tmp_path / "a.csv").read_bytes() != (tmp_path / "c.csv").read_bytes()
    assert first == {**second, "truth": first["truth"]}
    assert other["events"] >= 5_000


def test_the_world_has_every_kind_of_known_person(world):
    made, known = world
    assert made["people"] == 400 and len(known.workforce) == 400
    assert made["associations"] > 0 and len(known.associations) == made["associations"]
    assert made["complainants"] > 0 and len(known.complainants) == made["complainants"]
    assert len(known.watch) == made["watch_list"] == 40
    assert any(person[3] for person in known.workforce), "some people have a previous surname"


def test_the_csv_has_the_formats_columns_and_values(world, tmp_path):
    _, known = world
    extract_write(tmp_path / "x.csv", seed=2, events=10_000, known=known)
    with open(tmp_path / "x.csv", newline="", encoding="utf-8") as source:
        header = next(csv.reader(source))
    assert header == HEADER == FORMAT_COLUMNS
    rows = _rows(tmp_path / "x.csv")
    staff = {p[0] for p in known.workforce}
    assert len({(r["system"], r["event_id"]) for r in rows}) == len(rows)
    for row in rows:
        assert row["system"] and row["event_id"] and row["staff_number"] in staff
        assert datetime.fromisoformat(row["occurred_at"]).utcoffset() is not None
        assert row["action"] in {"search", "view", "print", "export"}
        assert row["query_type"] in {"person", "address", "vehicle", "phone", "occurrence"}
        if row["result_dob"]:
            datetime.strptime(row["result_dob"], "%Y-%m-%d")
    with_occurrence = sum(1 for r in rows if r["occurrence_ref"])
    assert 0.8 < with_occurrence / len(rows) < 0.99, "most background work carries an occurrence"


def test_every_kind_is_planted_at_the_people_it_names(world, tmp_path):
    _, known = world
    made = extract_write(tmp_path / "x.csv", seed=3, events=20_000, known=known)
    rows = {(r["system"], r["event_id"]): r for r in _rows(tmp_path / "x.csv")}
    truth = _rows(tmp_path / "x.csv.truth.csv")
    assert {t["kind"] for t in truth} == set(KINDS)
    assert all(made["episodes"][kind] > 0 for kind in KINDS)
    people = {p[0]: p for p in known.workforce}
    for t in truth:
        row = rows[(t["system"], t["event_id"])]
        me = people[row["staff_number"]]
        assert t["staff_number"] == row["staff_number"]
        if t["kind"] == "family":
            assert surname_key(row["result_surname"]) in {surname_key(s) for s in (me[1], *me[3])}
            assert postcode_key(row["result_postcode"]) == postcode_key(me[5])
        elif t["kind"] == "self":
            assert surname_key(row["result_surname"]) == surname_key(me[1])
        elif t["kind"] == "association":
            assert any(
                a[0] == me[0] and surname_key(a[1]) == surname_key(row["result_surname"]) for a in known.associations
            )
        elif t["kind"] == "self_subject_complainant":
            assert any(
                c[0] == me[0] and surname_key(c[1]) == surname_key(row["result_surname"]) for c in known.complainants
            )
        elif t["kind"] == "public_figure":
            assert any(surname_key(w[0]) == surname_key(row["result_surname"]) for w in known.watch)
    repeats = [rows[(t["system"], t["event_id"])] for t in truth if t["kind"] == "repeat"]
    assert all(not r["occurrence_ref"] for r in repeats)
    # name variants appear among the planted events (nicknames, title case)
    planted_rows = [rows[(t["system"], t["event_id"])] for t in truth]
    assert any(
        r["result_forenames"] in NICKNAMES.values() or r["result_surname"] != r["result_surname"].upper()
        for r in planted_rows
    )


def test_background_without_an_occurrence_finds_no_known_person(world, tmp_path):
    """Coincidences with colleagues and public figures happen only on real jobs; a quick check
    never lands on a colleague, a family or a public figure by chance."""
    _, known = world
    extract_write(tmp_path / "x.csv", seed=4, events=20_000, known=known)
    planted = {(t["system"], t["event_id"]) for t in _rows(tmp_path / "x.csv.truth.csv")}
    people = {p[0]: p for p in known.workforce}
    colleagues = {(surname_key(p[1]), p[4]) for p in known.workforce}
    figures = {(surname_key(w[0]), w[2]) for w in known.watch}
    for row in _rows(tmp_path / "x.csv"):
        if (row["system"], row["event_id"]) in planted or row["occurrence_ref"] or not row["result_surname"]:
            continue
        me = people[row["staff_number"]]
        key = (surname_key(row["result_surname"]), row["result_dob"])
        assert key not in colleagues and key not in figures
        home = {(surname_key(s), postcode_key(me[5])) for s in (me[1], *me[3])}
        assert (surname_key(row["result_surname"]), postcode_key(row["result_postcode"])) not in home


def test_an_existing_workforce_is_used_and_named_searchers_are_planted_first(db, tmp_path):
    people = [PersonFactory() for _ in range(30)]
    chosen = [people[0].staff_number, people[1].staff_number]
    made = extract_write(tmp_path / "x.csv", seed=1, events=3_000, planted_searchers=chosen, misuse_share=0.02)
    truth = _rows(tmp_path / "x.csv.truth.csv")
    assert made["planted"] == len(truth) > 0
    assert {t["staff_number"] for t in truth} & set(chosen)


def test_memory_stays_flat_as_the_file_grows(world, tmp_path):
    _, known = world
    peaks = []
    for events in (20_000, 200_000):
        tracemalloc.start()
        extract_write(tmp_path / f"m{events}.csv", seed=6, events=events, known=known)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert (tmp_path / "m200000.csv").stat().st_size > 8 * (tmp_path / "m20000.csv").stat().st_size
    assert peaks[1] < peaks[0] * 1.5 + 2**20, peaks
