"""The synthetic PND generator (no database): deterministic, true pairs consistent, decoy rules, files."""

import csv
import io
import json
import unicodedata
from collections import Counter
from datetime import date

import pytest

from vetting.matching import candidate_from_json
from vetting.synthetic import (
    REQUEST_HEADER,
    decoy_is_distinguishable,
    dob_within_one_edit,
    generate,
    to_request_csv,
    to_response_jsonl,
    to_truth_csv,
    write_files,
)


@pytest.fixture(scope="module")
def data():
    return generate(3000, seed=7)


def _norm(text: str) -> str:
    """Independent of the module's own: no accents, apostrophes, hyphens or dots; upper case."""
    text = unicodedata.normalize("NFKD", (text or "").replace("Ł", "L").replace("ł", "l"))
    text = "".join(c for c in text if not unicodedata.combining(c)).upper()
    for c in "'’":
        text = text.replace(c, "")
    for c in "-.":
        text = text.replace(c, " ")
    return " ".join(text.split())


def _within_one_edit(a: date, b: date) -> bool:
    x, y = a.strftime("%Y%m%d"), b.strftime("%Y%m%d")
    return (
        a == b
        or (a.year == b.year and (a.month, a.day) == (b.day, b.month))
        or sum(p != q for p, q in zip(x, y)) == 1
        or (abs(a.year - b.year) == 1 and (a.month, a.day) == (b.month, b.day))
    )


def test_deterministic_for_a_seed():
    first, second = generate(400, seed=3), generate(400, seed=3)
    assert first[0] == second[0] and first[1] == second[1] and first[2] == second[2]
    assert first.variations == second.variations and first.decoy_kinds == second.decoy_kinds
    other = generate(400, seed=4)
    assert [e.surname for e in other[0]] != [e.surname for e in first[0]]


def test_unpacks_as_three_and_carries_labels(data):
    employees, candidates, truth = data
    assert len(employees) == 3000
    assert set(data.variations) == truth
    assert set(data.decoy_kinds) == {(c.request_ref, c.pnd_person_id) for c in candidates} - truth


def test_true_pairs_share_the_request_ref(data):
    employees, candidates, truth = data
    refs = {e.ref for e in employees}
    by_id = {c.pnd_person_id: c for c in candidates}
    assert len(by_id) == len(candidates), "pnd_person_id unique"
    assert len(refs) == len(employees), "request_ref unique"
    for ref, pnd_id in truth:
        assert ref in refs
        assert by_id[pnd_id].request_ref == ref
    per_employee = Counter(ref for ref, _ in truth)
    assert max(per_employee.values()) == 1
    assert all(c.request_ref in refs for c in candidates)


def test_shares_and_decoy_counts_are_about_as_asked(data):
    employees, candidates, truth = data
    assert 0.45 < len(truth) / len(employees) < 0.55
    decoys = len(candidates) - len(truth)
    assert 0.5 < decoys / len(employees) < 0.7
    per_ref = Counter(c.request_ref for c in candidates if (c.request_ref, c.pnd_person_id) not in truth)
    assert sum(1 for n in per_ref.values() if n >= 3) > 30, "a few employees have several decoys"
    few = generate(500, seed=1, decoys_per_employee=0.0, true_share=1.0)
    assert len(few[2]) == len(few[1]) == 500


def test_decoys_are_different_people(data):
    employees, candidates, truth = data
    by_ref = {e.ref: e for e in employees}
    for c in candidates:
        if (c.request_ref, c.pnd_person_id) in truth:
            continue
        e = by_ref[c.request_ref]
        full_names = {_norm(f"{e.forenames} {s}") for s in [e.surname, *e.previous_surnames]}
        same_name = any(
            _norm(f"{n.forenames} {n.surname}") in full_names or _norm(f"{n.surname} {n.forenames}") in full_names
            for n in c.names
        )
        near_dob = e.date_of_birth is not None and any(_within_one_edit(e.date_of_birth, d) for d in c.dates_of_birth)
        assert not (same_name and near_dob), (e, c)
        assert decoy_is_distinguishable(e, c), (e, c)


def test_decoys_are_hard(data):
    employees, candidates, truth = data
    by_ref = {e.ref: e for e in employees}
    kinds = Counter(data.decoy_kinds.values())
    for kind in ("same_name_other_dob", "same_name_near_dob", "same_dob_other_name", "same_surname_initial", "twin"):
        assert kinds[kind] > 0, kind
    same_surname = same_dob = 0
    for c in candidates:
        if (c.request_ref, c.pnd_person_id) in truth:
            continue
        e = by_ref[c.request_ref]
        same_surname += any(_norm(n.surname) == _norm(e.surname) for n in c.names)
        same_dob += e.date_of_birth in c.dates_of_birth
    decoys = len(candidates) - len(truth)
    assert same_surname / decoys > 0.5 and same_dob / decoys > 0.15


def test_true_candidates_carry_every_variation():
    generated = generate(6000, seed=11)
    labels = Counter(label for v in generated.variations.values() for label in v)
    expected = [
        "case_title",
        "case_lower",
        "nickname",
        "initials",
        "middle_dropped",
        "middle_added",
        "alias",
        "previous_surname",
        "swapped",
        "hyphen_spaced",
        "hyphen_removed",
        "hyphen_one_part",
        "diacritics_stripped",
        "apostrophe_removed",
        "apostrophe_spaced",
        "dob_transposed",
        "dob_one_digit",
        "dob_year_off",
        "dob_missing",
        "dob_several",
        "postcode_moved",
        "postcode_missing",
        "gender_missing",
        "gender_different",
    ]
    for label in expected:
        assert labels[label] > 0, label
    for kind in ("substitution", "transposition", "deletion", "insertion"):
        assert labels[f"typo_surname_{kind}"] + labels[f"typo_forename_{kind}"] > 0, kind
    assert sum(len(v) >= 3 for v in generated.variations.values()) > 100, "several at once"
    employees = generated[0]
    surnames = " ".join(e.surname for e in employees)
    forenames = " ".join(e.forenames for e in employees)
    assert "'" in surnames and "-" in surnames and not surnames.isascii() and not forenames.isascii()
    common = Counter(e.surname for e in employees)
    assert {"SMITH", "JONES", "KHAN", "PATEL", "BROWN"} <= {s for s, _ in common.most_common(25)}


def test_true_candidate_dates_follow_their_labels():
    generated = generate(3000, seed=5)
    employees, candidates, truth = generated
    by_ref = {e.ref: e for e in employees}
    by_key = {(c.request_ref, c.pnd_person_id): c for c in candidates}
    for key, labels in generated.variations.items():
        e, c = by_ref[key[0]], by_key[key]
        if e.date_of_birth is None:
            continue
        if "dob_missing" in labels:
            assert c.dates_of_birth == []
        elif "dob_several" in labels:
            assert e.date_of_birth in c.dates_of_birth and len(c.dates_of_birth) > 1
        elif any(label in labels for label in ("dob_transposed", "dob_one_digit", "dob_year_off")):
            assert len(c.dates_of_birth) == 1 and c.dates_of_birth[0] != e.date_of_birth
            assert _within_one_edit(e.date_of_birth, c.dates_of_birth[0])
        else:
            assert c.dates_of_birth == [e.date_of_birth]


def test_dob_within_one_edit():
    d = date(1985, 3, 14)
    assert dob_within_one_edit(d, d)
    assert dob_within_one_edit(date(1985, 4, 3), date(1985, 3, 4))
    assert dob_within_one_edit(d, date(1985, 3, 15))
    assert dob_within_one_edit(d, date(1986, 3, 14))
    assert dob_within_one_edit(date(1989, 6, 1), date(1990, 6, 1))
    assert dob_within_one_edit(d, date(1987, 3, 14)), "1985 and 1987 differ by one digit"
    assert not dob_within_one_edit(date(1989, 6, 1), date(1991, 6, 1))
    assert not dob_within_one_edit(d, date(1985, 4, 15))


def test_request_csv_in_the_shared_format(data):
    employees = data[0]
    rows = list(csv.reader(io.StringIO(to_request_csv(employees))))
    assert rows[0] == REQUEST_HEADER
    assert REQUEST_HEADER == [
        "request_ref",
        "surname",
        "forenames",
        "previous_surnames",
        "date_of_birth",
        "gender",
        "postcode",
    ]
    assert len(rows) == len(employees) + 1
    for row, e in zip(rows[1:], employees):
        assert row[0] == e.ref and row[1] == e.surname and row[2] == e.forenames
        assert [p for p in row[3].split(";") if p] == e.previous_surnames
        assert row[4] == (e.date_of_birth.isoformat() if e.date_of_birth else "")


def test_response_jsonl_in_the_shared_format(data):
    candidates = data[1]
    lines = to_response_jsonl(candidates).splitlines()
    assert len(lines) == len(candidates)
    for line, c in zip(lines, candidates):
        obj = json.loads(line)
        assert obj["request_ref"] and obj["pnd_person_id"]
        assert obj["names"] and all(n["type"] in ("primary", "alias") for n in obj["names"])
        assert all(n["surname"] or n["forenames"] for n in obj["names"])
        assert isinstance(obj["dates_of_birth"], list) and isinstance(obj["records"], list)
        for d in obj["dates_of_birth"]:
            date.fromisoformat(d)
        for r in obj["records"]:
            assert {"record_id", "force_code", "category", "offence_group", "date", "summary"} <= set(r)
        parsed = candidate_from_json(obj)
        assert parsed.names == c.names and parsed.dates_of_birth == c.dates_of_birth


def test_written_files_parse(tmp_path):
    paths = write_files(tmp_path / "out", 200, seed=2)
    employees, candidates, truth = generate(200, seed=2)
    with paths["request"].open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == REQUEST_HEADER
        assert [r["request_ref"] for r in reader] == [e.ref for e in employees]
    with paths["response"].open(encoding="utf-8") as handle:
        ids = [json.loads(line)["pnd_person_id"] for line in handle]
    assert ids == [c.pnd_person_id for c in candidates]
    with paths["truth"].open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {(r["request_ref"], r["pnd_person_id"]) for r in rows if r["is_employee"] == "1"} == truth
    assert to_truth_csv(candidates, truth) == paths["truth"].read_text(encoding="utf-8")
