import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cases.history import HEADER, HistoryFileRefused, history_import
from cases.models import Allegation, Case, CaseSubject
from hearings.models import ProceedingOutcome
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def csv_bytes(rows):
    lines = [",".join(HEADER)]
    for row in rows:
        lines.append(",".join(row.get(h, "") for h in HEADER))
    return ("\n".join(lines) + "\n").encode()


def row(person, **kw):
    base = {
        "case_ref": "OLD/2019/001",
        "allegation_ref": "A1",
        "staff_number": person.staff_number,
        "source": "conduct_matter",
        "category": "dishonesty",
        "standards": "1;9",
        "received_date": "2019-03-01",
    }
    base.update(kw)
    return base


def test_history_imports_finalised_and_open_matters_with_their_outcomes():
    p1, p2, p3 = PersonFactory(), PersonFactory(), PersonFactory()
    data = csv_bytes(
        [
            row(
                p1,
                severity="gross_misconduct",
                severity_date="2019-03-10",
                case_to_answer="yes",
                decision_date="2019-09-01",
                forum="hearing",
                finding="proven",
                outcome="dismissal_without_notice",
                finalised_date="2019-11-01",
            ),
            row(
                p2,
                case_ref="OLD/2020/007",
                severity="misconduct",
                severity_date="2020-02-01",
                case_to_answer="no",
                decision_date="2020-06-01",
                finalised_date="2020-06-01",
                received_date="2020-01-15",
            ),
            row(
                p3,
                case_ref="OLD/2024/100",
                received_date="2024-05-01",
                severity="misconduct",
                severity_date="2024-05-20",
            ),
        ]
    )
    result = history_import(actor=None, data=data, filename="old.csv")
    assert (result.rows_read, result.created, result.errors) == (3, 3, [])
    dismissed = CaseSubject.objects.get(person=p1)
    assert (dismissed.stage, dismissed.closure_reason, dismissed.forum) == ("closed", "outcome_final", "hearing")
    outcome = ProceedingOutcome.objects.get(proceeding__subject=dismissed)
    assert (outcome.finding, outcome.outcome) == ("gross_misconduct", "dismissal_without_notice")
    assert CaseSubject.objects.get(person=p2).closure_reason == "no_case_to_answer"
    assert CaseSubject.objects.get(person=p3).stage == "under_investigation"
    assert Case.objects.get(reference="OLD/2024/100").status == "open"
    assert sorted(s.number for s in Allegation.objects.get(subject=dismissed).standards.all()) == [1, 9]


def test_importing_the_same_history_again_changes_nothing():
    person = PersonFactory()
    data = csv_bytes([row(person), row(person, allegation_ref="A2", category="data_misuse", standards="7")])
    assert history_import(actor=None, data=data, filename="h.csv").created == 2
    again = history_import(actor=None, data=data, filename="h.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert Allegation.objects.count() == 2 and Case.objects.count() == 1


def test_bad_and_inconsistent_rows_are_reported_by_line_and_the_rest_import():
    person = PersonFactory()
    rows = [
        row(person),  # line 2: good
        row(person, allegation_ref="A2", staff_number="NOBODY1"),  # 3
        row(person, allegation_ref="A3", outcome="written_warning"),  # 4: outcome without a forum
        row(
            person, allegation_ref="A4", received_date="2019-03-01", severity="misconduct", severity_date="2019-02-01"
        ),  # 5
        row(person, allegation_ref="A5", standards="1;12"),  # 6
        row(
            person,
            allegation_ref="A6",
            severity="gross_misconduct",
            case_to_answer="yes",
            forum="meeting",
            finding="proven",
            outcome="dismissal_without_notice",
        ),  # 7: a meeting cannot dismiss
        row(person),  # 8: duplicate of line 2
    ]
    result = history_import(actor=None, data=csv_bytes(rows), filename="bad.csv")
    reasons = dict(result.errors)
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8]
    assert "not in the workforce" in reasons[3]
    assert "outcome written_warning without a forum" in reasons[4]
    assert "severity_date is before received_date" in reasons[5]
    assert "'12' is not a number from 1 to 10" in reasons[6]
    assert "a meeting cannot dismiss" in reasons[7]
    assert "first at line 2" in reasons[8]
    assert Allegation.objects.count() == 1


def test_a_wrong_header_refuses_the_file_and_the_command_says_so(tmp_path):
    with pytest.raises(HistoryFileRefused, match="missing: case_ref"):
        history_import(actor=None, data=b"ref,allegation_ref\n", filename="x.csv")
    path = tmp_path / "h.csv"
    path.write_bytes(b"nope\n")
    with pytest.raises(CommandError, match="refused"):
        call_command("import_history", str(path))
