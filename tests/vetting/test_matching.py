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


# ---------------------------------------------------------------- issue 12, item 36: near dates of birth

OLIVIA = Employee("R5", "Smith-Jones", "Olivia Grace", [], date(2003, 5, 14), "F", "LS6 2AB")


def _olivia(surname="SMITH-JONES", forenames="OLIVIA", dob=date(2003, 5, 14), postcodes=("LS6 2AB",), gender="F"):
    return Candidate("R5", "PND-5", [CandidateName(surname, forenames)], [dob], gender, list(postcodes))


@pytest.mark.parametrize(
    ("candidate", "label"),
    [
        (_olivia(dob=date(1993, 5, 14), postcodes=()), "the decade digit (1993 for 2003)"),
        (_olivia(dob=date(2003, 5, 12), postcodes=("M1 1AA",)), "the day two out, moved"),
        (_olivia(dob=date(2003, 5, 16), postcodes=()), "the day two out"),
        (_olivia(dob=date(2004, 5, 12), postcodes=()), "year and day both slightly out"),
        (_olivia(dob=date(1993, 5, 12), postcodes=("M1 1AA",)), "decade and day out, moved"),
        (_olivia(surname="JONES", dob=date(1993, 5, 14), postcodes=()), "one part of the surname, decade"),
        (_olivia(surname="SMITH", dob=date(2003, 5, 12), gender=""), "one part of the surname, day out"),
        (_olivia(surname="OLIVIA", forenames="SMITH-JONES", dob=date(2003, 5, 16)), "swapped, day out"),
        (
            _olivia(surname="OLIVIA", forenames="JONES", dob=date(2004, 5, 16), postcodes=(), gender=""),
            "swapped, one part of the surname, year and day out, nothing else",
        ),
        (_olivia(dob=date(2003, 1, 1), postcodes=()), "1 January for an unknown day"),
        (_olivia(dob=date(2003, 3, 11), postcodes=()), "two digits out"),
    ],
)
def test_a_near_name_with_a_date_of_birth_a_keystroke_or_two_away_is_at_least_possible(candidate, label):
    result = resolve(OLIVIA, candidate)
    assert result.decision in ("match", "possible"), (label, result)


def test_the_day_a_few_out_across_the_end_of_a_month_is_close():
    employee = Employee("R6", "MITCHELL", "STEVEN", [], date(1985, 5, 31), "M", "L16 2ZE")
    candidate = Candidate("R6", "P", [CandidateName("MITCHELL", "STEVEN")], [date(1985, 6, 2)], "M", ["WF12 2DS"])
    result = resolve(employee, candidate)
    assert result.decision == "possible" and "date of birth close (one or two keystrokes out)" in result.reasons


def test_a_close_date_never_makes_an_automatic_match():
    result = resolve(OLIVIA, _olivia(dob=date(1993, 5, 14)), {"match": 60, "possible": 55})
    assert result.decision == "possible", result


def test_a_namesake_born_a_digit_away_elsewhere_is_possible_and_the_postcode_or_a_middle_name_makes_it_a_match():
    namesake = _olivia(dob=date(2003, 5, 15), postcodes=("YO1 7HH",))
    assert resolve(OLIVIA, namesake).decision == "possible"
    assert resolve(OLIVIA, _olivia(dob=date(2003, 5, 15))).decision == "match"
    assert resolve(OLIVIA, _olivia(forenames="OLIVIA GRACE", dob=date(2003, 5, 15), postcodes=())).decision == "match"


@pytest.mark.parametrize(
    ("candidate", "kind"),
    [
        (_olivia(dob=date(1978, 2, 3)), "mother of the same name at the same address"),
        (_olivia(forenames="AMELIA"), "twin sister at the same address"),
        (_olivia(forenames="OLIVIA", dob=date(2001, 11, 20), postcodes=("B1 1AA",)), "namesake born elsewhere"),
    ],
)
def test_relatives_and_namesakes_are_never_matched_automatically(candidate, kind):
    assert resolve(OLIVIA, candidate).decision != "match", kind


def test_a_changed_surname_with_the_same_forename_and_date_of_birth_is_possible_never_a_match():
    maiden = _olivia(surname="GREEN", forenames="OLIVIA GRACE", postcodes=())
    result = resolve(OLIVIA, maiden, {"match": 60, "possible": 55})
    assert result.decision == "possible" and "surname differs (a change of name?)" in result.reasons
    assert resolve(OLIVIA, _olivia(surname="GREEN", forenames="AMELIA")).decision == "reject"
    assert resolve(OLIVIA, _olivia(surname="GREEN", dob=date(2003, 5, 15))).decision == "reject"


def test_a_surname_spelt_or_transliterated_otherwise_sounds_the_same():
    employee = Employee("R7", "Ivanov", "Oleksandr", [], date(2000, 6, 20), "M", "WF14 3HJ")
    candidate = Candidate("R7", "P", [CandidateName("IVANOFF", "OLEKSANDR")], [date(2000, 6, 20)], "M", ["DE1 1BQ"])
    result = resolve(employee, candidate)
    assert result.decision == "possible" and any("sounds the same" in r for r in result.reasons)


def test_titles_and_suffixes_in_the_name_fields_are_left_out():
    result = resolve(EMP, _candidate("O'NEILL-SMITH JNR", "MR WILLIAM"))
    assert result.decision == "match" and "forename exact" in result.reasons and "surname exact" in result.reasons


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'{"request_ref": "R\\u0000", "pnd_person_id": "P", "names": [{"surname": "X"}]}', "NUL character"),
        (b'{"request_ref": "R\x00", "pnd_person_id": "P", "names": [{"surname": "X"}]}', "NUL byte"),
        (b'{"request_ref": "R", "pnd_person_id": "' + b"P" * 41 + b'", "names": [{"surname": "X"}]}', "longer than 40"),
        (b'{"request_ref": "R", "pnd_person_id": "P", "names": [{"surname": "X"}], "n": NaN}', "not a number"),
        (b'{"request_ref": "\xff", "pnd_person_id": "P", "names": [{"surname": "X"}]}', "not valid UTF-8"),
        (b"[" * 50000 + b"]" * 50000, "nested too deeply"),
    ],
)
def test_a_response_line_is_checked_byte_by_byte_and_value_by_value(raw, message):
    from vetting.matching import candidate_from_line

    with pytest.raises(BadCandidate, match=message):
        candidate_from_line(raw)
