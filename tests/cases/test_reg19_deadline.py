"""The 12-month (reg 19) deadline moves on when a report is sent: 12 months, then every 6."""

from datetime import date

import pytest

from cases.deadlines import deadlines_by_case, next_deadlines
from cases.models import Reg19Report
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 2)


def _reg19(deadlines):
    return [d for d in deadlines if "reg 19" in d[1]]


def test_a_sent_report_moves_the_deadline_to_the_next_period_and_a_draft_does_not():
    case = CaseFactory(received_date=date(2024, 4, 5))
    assert _reg19(next_deadlines(case, [], TODAY)) == [
        (date(2025, 4, 5), "12 months since the matter came to attention (reg 19 report)")
    ]
    Reg19Report.objects.create(case=case, period_number=1, due_on=date(2025, 4, 5), attention_date=case.received_date)
    assert _reg19(next_deadlines(case, [], TODAY))[0][0] == date(2025, 4, 5)  # drafted, not sent
    Reg19Report.objects.filter(case=case, period_number=1).update(submitted_on=date(2025, 4, 20))
    Reg19Report.objects.create(
        case=case, period_number=2, due_on=date(2025, 10, 5), attention_date=case.received_date,
        submitted_on=date(2025, 10, 9),
    )  # fmt: skip
    expected = [(date(2026, 4, 5), "12-month report 3 (reg 19): six months after the last one")]
    assert _reg19(next_deadlines(case, [], TODAY)) == expected
    assert _reg19(deadlines_by_case([case], TODAY)[case.pk]) == expected


def test_a_closed_matter_has_no_reg19_deadline():
    case = CaseFactory(received_date=date(2024, 4, 5), status="closed")
    assert _reg19(next_deadlines(case, [], TODAY)) == []
