"""The monitoring rules' chunks on a real worker: every chunk claimed once, the run finished once,
the alert raised and the import completed."""

import pytest
from django.db import connection

from counter_corruption.models.monitoring import AuditImport, MonitoringAlert, RulesChunk, RulesRun
from counter_corruption.monitoring_keys import EVENTS_TABLE
from tests.factories import PersonFactory
from tests.integration.conftest import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_rules_chunks_run_on_the_worker_and_finish_the_run(celery_worker, monkeypatch):
    import counter_corruption.monitoring_rules as rules
    from tests.counter_corruption.monitoring.test_monitoring_rules import event

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {EVENTS_TABLE}")
    officer = PersonFactory(surname="HARGREAVES", forenames="JAMES", postcode="AB1 2CD")
    other = PersonFactory()
    for i in range(40):
        event(other, surname=f"Person{i}", forenames="Al", occurrence=f"J{i}")
    for _ in range(2):
        event(officer, surname="Hargreaves", forenames="Lily", postcode="AB1 2CD")
    imp = AuditImport.objects.get()
    AuditImport.objects.filter(id=imp.id).update(status="resolving")
    monkeypatch.setattr(rules, "CHUNK_IDS", 10)
    run = rules.rules_run_start(audit_import_id=imp.id)
    assert RulesChunk.objects.filter(run=run).count() >= 4
    assert wait_for(lambda: RulesRun.objects.get(id=run.id).finished_at is not None, timeout=90), (
        celery_worker.log.read_text()[-3000:]
    )
    (alert,) = MonitoringAlert.objects.filter(rule_id="family")
    assert alert.events_count == 2 and alert.searcher == officer
    assert AuditImport.objects.get(id=imp.id).status == "complete"
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {EVENTS_TABLE}")
