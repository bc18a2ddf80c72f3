"""Closing a report and opening a conduct matter from it at the same instant: one winner."""

import pytest

from accounts.choices import Role
from cases.models import Case
from reporting.models import Report
from reporting.services import report_close, report_conduct_matter_create
from tests.cases.test_concurrency import _no_leftover_rescores, race  # noqa: F401
from tests.factories import UserFactory

from .conftest import submit

pytestmark = pytest.mark.django_db(transaction=True)


def test_close_and_refer_released_together_give_one_winner():
    _, reference, _ = submit(contact="contact", name="Alex Sample", email="alex@example.org")
    pk = Report.objects.get(reference=reference).pk
    first, second = (UserFactory(role=Role.REPORTING_OFFICER) for _ in range(2))

    def close(go):
        report = Report.objects.get(pk=pk)
        go()
        return report_close(actor=first, report=report, reason="no_conduct", note="Nothing to act on")

    def refer(go):
        report = Report.objects.get(pk=pk)
        go()
        return report_conduct_matter_create(actor=second, report=report, summary="Cash", reason="Named officer")

    results = race(close, refer)
    assert sorted(kind for kind, _ in results) == ["refused", "won"], results
    assert "already closed or referred" in next(value for kind, value in results if kind == "refused")
    report = Report.objects.get(pk=pk)
    assert (report.status == "referred") == Case.objects.filter(pk=report.case_id).exists()
