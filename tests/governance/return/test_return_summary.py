"""The stored per-year counts: used while current, rebuilt when the data changes; the page shows
stale counts at once and asks the worker for a rebuild (the periodic sweep finds a lost one)."""

import pytest

from governance.home_office import headline_tables, summaries_refresh
from governance.models import ReturnSummary
from infra.models import OutboxMessage

from .conftest import YEAR, csv_bytes

pytestmark = pytest.mark.django_db


def _new_matter():
    from cases.history import history_import
    from tests.factories import PersonFactory

    person = PersonFactory()
    row = {"case_ref": "OLD/NEW", "allegation_ref": "A1", "staff_number": person.staff_number,
           "source": "conduct_matter", "category": "other", "standards": "9", "received_date": "2025-05-01",
           "severity": "no_further_action", "severity_date": "2025-06-01", "finalised_date": "2025-06-01"}  # fmt: skip
    assert history_import(actor=None, data=csv_bytes([row]), filename="new.csv").errors == []


def test_counts_are_stored_and_rebuilt_when_the_data_changes(history_year):
    first = headline_tables(YEAR, published=False)
    summary = ReturnSummary.objects.get(year=YEAR)
    assert summary.counts["rows"] == first["rows"] == 9
    _new_matter()
    # the page: the stored counts at once, marked stale, and a rebuild asked for once
    stale = headline_tables(YEAR, published=False, allow_stale=True)
    assert (stale["rows"], stale["stale"]) == (9, True)
    headline_tables(YEAR, published=True, allow_stale=True)
    assert OutboxMessage.objects.filter(task="governance.return_tasks.return_summary_rebuild").count() == 1
    assert ReturnSummary.objects.get(year=YEAR).requested_at is not None
    # the worker (or the sweep) rebuilds; the page then shows current counts
    assert summaries_refresh() >= 1
    fresh = headline_tables(YEAR, published=False, allow_stale=True)
    assert (fresh["rows"], fresh["stale"]) == (10, False)
    assert ReturnSummary.objects.get(year=YEAR).requested_at is None
    # without allow_stale the counts are always those of the data now
    assert headline_tables(YEAR, published=False)["rows"] == 10
