"""Identity resolution of PND candidates (no database): the shared samples and each variation."""

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from vetting.matching import BadCandidate, Candidate, CandidateName, Employee, candidate_from_json, resolve

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
EMP = Employee("R1", "O'Neill-Smith", "William James", ["Kowalski"], date(1985, 3, 14), "M", "SE1 7PB")


def _employees():
    out = {}
    with (SAMPLES / "pnd-request-sample.csv").open() as handle:
        for r in csv.DictReader(handle):
            out[r["request_ref"]] = Employee(
                r["request_ref"],
                r["surname"],
                r["forenames"],
                [p for p in r["previous_surnames"].split(";") if p],
                date.fromisoformat(r["date_of_birth"]) if r["date_of_birth"] else None,
                r["gender"],
                r["postcode"],
            )
    return out


def test_on_the_shared_samples_every_true_match_is_found_and_no_decoy_is_matched():
    employees = _employees()
    with (SAMPLES / "pnd-truth-sample.csv").open() as handle:
        truth = {(r["request_ref"], r["pnd_person_id"]): r["is_employee"] == "1" for r in csv.DictReader(handle)}
    seen = 0
    with (SAMPLES / "pnd-response-sample.jsonl").open() as handle:
        for line in handle:
            candidate = candidate_from_json(json.loads(line))
            result = resolve(employees[candidate.request_ref], candidate)
            if truth[(candidate.request_ref, candidate.pnd_person_id)]:
                assert result.decision == "match", (candidate, result)
            else:
                assert result.decision == "reject", (candidate, result)
            assert result.reasons
            seen += 1
    assert seen == len(truth)


def _candidate(surname, forenames, dobs=(date(1985, 3, 14),), gender="M", postcodes=("SE1 7PB",), alias=None):
    names = [CandidateName(surname, forenames, "primary")]
    if alias:
        names.append(CandidateName(*alias, "alias"))
    return Candidate("R1", "PND-1", names, list(dobs), gender, list(postcodes))


@pytest.mark.parametrize(
    ("candidate", "expected", "reason"),
    [
        (_candidate("O'NEILL-SMITH", "WILLIAM"), "match", "surname exact"),
        (_candidate("ONEILL SMITH", "BILL"), "match", "forename variant"),
        (_candidate("Ó'Neill-Smith", "Will"), "match", "forename variant"),
        (_candidate("SMITH", "WILLIAM"), "match", "double-barrelled"),
        (_candidate("KOWALSKI", "WILLIAM"), "match", "previous surname"),
        (_candidate("WILLIAM", "O'NEILL-SMITH"), "match", "swapped"),
        (_candidate("ONEILL SMITH", "WILIAM"), "match", "forename one letter different"),
        (_candidate("O'NEILL-SMITH", "JAMES"), "match", "middle name"),
        (_candidate("O'NEILL-SMITH", "JAMES", postcodes=(), gender=""), "match", "middle name"),
        (_candidate("O'NEILL-SMITH", "W", postcodes=()), "possible", "initial"),
        (_candidate("O'NEILL-SMITH", "WILLIAM", dobs=(date(1985, 12, 3),), postcodes=()), "reject", "differs"),
        (_candidate("O'NEILL-SMITH", "WILLIAM", dobs=(date(1985, 12, 3),)), "possible", "differs"),
        (_candidate("O'NEILL-SMITH", "WILLIAM", dobs=(date(1985, 3, 15),)), "match", "one digit"),
        (_candidate("O'NEILL-SMITH", "WILLIAM", dobs=()), "possible", "not held"),
        (_candidate("DOE", "JANE", gender="F"), "reject", "gender differs"),
        (_candidate("BROWN", "AMIR", alias=("O'Neill Smith", "William")), "match", "alias"),
    ],
)
def test_each_variation(candidate, expected, reason):
    result = resolve(EMP, candidate)
    assert result.decision == expected, result
    assert any(reason in r for r in result.reasons), result.reasons


def test_year_one_out_across_a_decade():
    employee = Employee("R3", "LEE", "ANNA", [], date(1989, 6, 1), "F", "")
    result = resolve(employee, Candidate("R3", "P", [CandidateName("LEE", "ANNA")], [date(1990, 6, 1)], "F", []))
    assert result.decision == "possible" and "date of birth year one out" in result.reasons


def test_day_and_month_transposed():
    employee = Employee("R2", "PATEL", "PRIYA", [], date(1990, 4, 7), "F", "")
    result = resolve(employee, Candidate("R2", "P", [CandidateName("PATEL", "PRIYA")], [date(1990, 7, 4)], "F", []))
    assert result.decision == "match" and "date of birth day and month transposed" in result.reasons


def test_thresholds_are_configuration():
    candidate = _candidate("O'NEILL-SMITH", "W", postcodes=())
    assert resolve(EMP, candidate).decision == "possible"
    assert resolve(EMP, candidate, {"match": 80, "possible": 50}).decision == "match"


@pytest.mark.parametrize(
    ("obj", "message"),
    [
        ([], "not a JSON object"),
        ({"pnd_person_id": "P"}, "request_ref"),
        ({"request_ref": "R", "pnd_person_id": "P", "names": []}, "names"),
        ({"request_ref": "R", "pnd_person_id": "P", "names": [{"type": "alias"}]}, "surname or forenames"),
    ],
)
def test_bad_candidate_lines_are_named(obj, message):
    with pytest.raises(BadCandidate, match=message):
        candidate_from_json(obj)
