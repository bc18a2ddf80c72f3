"""A real worker killed (SIGKILL) in the middle of an audit extract import; a new worker and the
sweeper finish it, and every event is stored exactly once.

The rules run that follows the import (counter_corruption.monitoring_rules) is another part of
issue 15: this test waits for every chunk to be stored, not for the rules."""

import random

import pytest
from django.db import connection

from counter_corruption.models import AuditEvent, AuditEventKey, AuditImportChunk
from counter_corruption.monitoring_import import import_create, import_split
from tests.factories import PersonFactory
from tests.integration.conftest import Worker, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

HEADER = "system,event_id,occurred_at,staff_number,action,query_type,result_surname,result_postcode,reason_text"


def _truncate_events():
    with connection.cursor() as cursor:  # unmanaged and partitioned: Django does not flush it
        cursor.execute("TRUNCATE counter_corruption_auditevent")


def test_a_worker_killed_mid_import_then_resumed_stores_every_event_exactly_once(celery_worker, tmp_path, settings):
    from counter_corruption.monitoring_import_tasks import _enqueue, monitoring_import_sweep

    _truncate_events()
    settings.MONITORING_DIR = str(tmp_path / "store")
    settings.MONITORING_CHUNK_ROWS = 1000
    staff = [PersonFactory().staff_number for _ in range(20)]
    rng = random.Random(15)
    path = tmp_path / "extract.csv"
    rows, bad = 60_000, 0
    with path.open("w") as out:
        out.write(HEADER + "\n")
        for n in range(rows):
            action = "search"
            if n % 997 == 0:
                action, bad = "delete", bad + 1  # a bad row
            reason = '"spoke to\nthe caller"' if n % 500 == 0 else ""  # a quoted newline now and then
            out.write(
                f"{rng.choice(['PND', 'RMS'])},E{n},2026-{rng.randint(9, 11):02d}-{rng.randint(1, 28):02d}T10:00:00+01:00,"
                f"{rng.choice(staff)},{action},person,SURNAME{rng.randint(1, 900)},AB1 2CD,{reason}\n"
            )
    imp = import_create(source=path, filename=path.name, origin="command")
    assert import_split(imp) == 60

    _enqueue(imp.id)
    chunks = AuditImportChunk.objects.filter(audit_import=imp)
    assert wait_for(lambda: chunks.filter(done_at__isnull=False).count() >= 3, timeout=60)
    celery_worker.kill()  # SIGKILL, mid-import
    done_at_kill = chunks.filter(done_at__isnull=False).count()
    assert done_at_kill < 60, "the import finished before the kill: make the chunks smaller"

    replacement = Worker(celery_worker.env, celery_worker.log).start()
    try:
        assert replacement.wait_ready()
        monitoring_import_sweep.delay(minutes=0)  # what the 5-minute schedule does
        assert wait_for(lambda: not chunks.filter(done_at__isnull=True).exists(), timeout=180), (
            replacement.log.read_text()[-3000:]
        )
    finally:
        celery_worker.process = replacement.process  # the session fixture stops whichever runs
    try:
        stored = AuditEvent.objects.filter(audit_import_id=imp.id)
        assert stored.count() == rows - bad
        assert stored.values("system", "event_id").distinct().count() == rows - bad
        assert AuditEventKey.objects.count() == rows - bad
        assert sum(chunks.values_list("rows_read", flat=True)) == rows
        assert sum(len(c.bad_lines) for c in chunks) == bad
        assert sum(chunks.values_list("duplicates", flat=True)) == 0
        assert done_at_kill < 60
    finally:
        _truncate_events()
