"""The demo's monitoring data: an extract for the demo's own workforce imported through the real
import and rules, so the unit's queue has alerts and the rules page a false-positive rate."""

import time
from datetime import date

import pytest

from counter_corruption.models import AlertStatus, AuditImport, MonitoringAlert, WatchListEntry
from demo.monitoring import demo_monitoring_create
from tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_workforce():
    units = [UnitFactory() for _ in range(4)]
    return [
        PersonFactory(unit=units[n % 4], surname=f"DEMO{n % 25}", previous_surnames=["MAIDEN"] if n % 7 == 0 else [])
        for n in range(120)
    ]


def test_demo_monitoring_imports_an_extract_with_alerts_and_two_decisions(demo_workforce, settings, tmp_path):
    settings.MONITORING_DIR = str(tmp_path / "store")
    started = time.perf_counter()
    summary = demo_monitoring_create(seed=3, today=date(2026, 11, 20))
    assert time.perf_counter() - started < 30
    imp = AuditImport.objects.get()
    assert imp.status == "complete" and imp.imported >= 20_000 and imp.bad_rows == 0
    assert WatchListEntry.objects.count() == 6
    assert MonitoringAlert.objects.filter(status=AlertStatus.OPEN).count() > 5
    assert MonitoringAlert.objects.filter(status=AlertStatus.NO_FURTHER_ACTION).count() == 1
    assert MonitoringAlert.objects.filter(status=AlertStatus.MANAGEMENT_ACTION).count() == 1
    assert "alerts" in summary
    assert demo_monitoring_create(seed=3, today=date(2026, 11, 20)) == "already present"
