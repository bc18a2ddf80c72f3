"""Acceptance (issue 16): a year of history imported through cases.history; every column of every
row of the return, and every cell of the headline tables, checked against what the test computes
from the rows it wrote."""

import csv
import io
from datetime import date

import pytest

from cases.models import Allegation, Case, CaseSubject, CaseToAnswerDecision, IopcReferral, Standard
from governance.home_office import COLUMNS, headline_tables, return_rows, write_return_csv
from hearings.models import Proceeding, ProceedingOutcome
from tests.factories import CaseFactory, PersonFactory, UserFactory

from .conftest import YEAR, medians, tally

pytestmark = pytest.mark.django_db


def test_every_column_of_every_row_is_what_the_extract_says(history_year):
    expected = history_year["expected"]
    buffer = io.StringIO()
    written = write_return_csv(YEAR, buffer)
    lines = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert lines[0] == COLUMNS
    actual = {line[0]: dict(zip(COLUMNS, line, strict=True)) for line in lines[1:]}
    assert written == len(lines) - 1 == len(actual) == len(expected)
    # in: o1 twice (OLD/1, OLD/4), o2 twice (OLD/2, OLD/5), the special twice, o3, o6, o7; out: staff, outside, open
    assert len(expected) == 9
    for ref, row in expected.items():
        want = {k: str(v) for k, v in row.items()}
        assert actual[ref] == want, ref
    staff_numbers = {p.staff_number for p in history_year["people"].values()}
    assert not any(ref in staff_numbers or any(s in ref for s in staff_numbers) for ref in actual)
    # a few answers spelled out, so the computation above is itself checked
    by_case = {(r["finalised_date"], r["case_type"]): r for r in actual.values()}
    dismissed = by_case[("2025-04-01", "complaint")]
    assert (dismissed["rank"], dismissed["allegation_categories"], dismissed["breach_standards"]) == (
        "PS",
        "discreditable_conduct;dishonesty",
        "2;9;10",
    )
    assert by_case[("2025-10-01", "recordable_conduct_matter")]["tribunal_appeal"] == "dismissed"
    rolled = by_case[("2025-12-02", "conduct_matter")]  # o7: two allegations decided apart
    assert [rolled[k] for k in ("severity", "case_to_answer", "proceeding_type", "finding", "disciplinary_action")] == [
        "gross_misconduct", "yes", "hearing", "gross_misconduct", "final_written_warning"
    ]  # fmt: skip


def test_every_cell_of_the_headline_tables_is_counted_from_the_extract(history_year):
    rows = list(history_year["expected"].values())
    tables = headline_tables(YEAR, published=False)
    assert tables["rows"] == len(rows) and tables["published"] is False
    for key, measure in (("by_finding", "finding"), ("by_action", "disciplinary_action")):
        assert [t["dimension"] for t in tables[key]] == ["ethnicity_group", "sex", "age_band"]
        for table in tables[key]:
            counts = tally(rows, table["dimension"], measure)
            columns = [c["key"] for c in table["columns"]]
            assert set(columns) >= {r[measure] for r in rows}
            for line in table["rows"][:-1]:
                assert line["cells"] == [counts[(line["key"], c)] for c in columns], (key, line["key"])
                assert line["total"] == sum(1 for r in rows if r[table["dimension"]] == line["key"])
            total = table["rows"][-1]
            assert total["key"] == "total"
            assert total["cells"] == [sum(1 for r in rows if r[measure] == c) for c in columns]
            assert total["total"] == len(rows)
            assert {line["key"] for line in table["rows"][:-1]} >= {r[table["dimension"]] for r in rows}
    want = medians(rows)
    for m in tables["median_days"]:
        n, median = want.get(m["case_type"], (0, None))
        assert (m["n"], m["median"]) == (n, median), m["case_type"]


def _native_and_imported_twin(history_import_bytes):
    """The same matter twice: worked here (services' records) and imported from history."""
    user = UserFactory()
    people = [PersonFactory(gender="F", ethnicity_id="W1", date_of_birth=date(1980, 1, 1)) for _ in range(2)]
    case = CaseFactory(source="conduct_matter", received_date=date(2025, 4, 10), subjects=[people[0]])
    IopcReferral.objects.create(case=case, referred=True, rationale="mandatory ground", recorded_by=user)
    subject = case.case_subjects.get()
    for category, numbers in (("violence", [4]), ("dishonesty", [2, 4])):
        allegation = Allegation.objects.create(case=case, subject=subject, category_id=category, description="x")
        allegation.standards.set(Standard.objects.filter(number__in=numbers))
    CaseToAnswerDecision.objects.create(
        subject=subject,
        case_to_answer=True,
        route="hearing",
        rationale="r",
        decided_on=date(2025, 9, 1),
        decided_by=user,
    )
    proceeding = Proceeding.objects.create(subject=subject, forum="hearing", status="held")
    ProceedingOutcome.objects.create(
        proceeding=proceeding, finding="misconduct", outcome="written_warning", reasons="r",
        decided_on=date(2025, 10, 1), notice_due_on=date(2025, 10, 8), recorded_by=user,
    )  # fmt: skip
    CaseSubject.objects.filter(pk=subject.pk).update(
        stage="closed", severity="misconduct", case_to_answer=True, closure_reason="outcome_final",
        finalised_on=date(2025, 10, 20),
    )  # fmt: skip
    Case.objects.filter(pk=case.pk).update(status="closed")
    common = {"staff_number": people[1].staff_number, "source": "conduct_matter", "received_date": "2025-04-10",
              "severity": "misconduct", "severity_date": "2025-05-01", "case_to_answer": "yes",
              "decision_date": "2025-09-01", "forum": "hearing", "finding": "proven", "outcome": "written_warning",
              "finalised_date": "2025-10-20", "case_ref": "OLD/TWIN"}  # fmt: skip
    history_import_bytes(
        [
            {**common, "allegation_ref": "A1", "category": "violence", "standards": "4", "iopc_referred": "y"},
            {**common, "allegation_ref": "A2", "category": "dishonesty", "standards": "2;4"},
        ]
    )
    return subject


def test_native_matters_count_like_imported_ones():
    from cases.history import history_import

    from .conftest import csv_bytes

    def run(rows):
        result = history_import(actor=None, data=csv_bytes(rows), filename="twin.csv")
        assert result.errors == []

    _native_and_imported_twin(run)
    native, imported = sorted(return_rows(YEAR), key=lambda r: r["subject_ref"])
    assert {k: v for k, v in native.items() if k != "subject_ref"} == {
        k: v for k, v in imported.items() if k != "subject_ref"
    }
    assert native["case_type"] == "recordable_conduct_matter"
    assert (native["proceeding_type"], native["finding"], native["disciplinary_action"]) == (
        "hearing",
        "misconduct",
        "written_warning",
    )
    assert native["subject_ref"] != imported["subject_ref"]
