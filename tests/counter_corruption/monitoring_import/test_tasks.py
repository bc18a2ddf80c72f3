"""The import's tasks: the sweeper, the drop folder, retention, and the command."""

import os
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from counter_corruption.models import AuditEvent, AuditEventKey, AuditImport, AuditImportChunk, ImportStatus
from counter_corruption.monitoring_import import import_create, import_split, import_to_completion, retention_detach
from counter_corruption.monitoring_import_tasks import monitoring_drop_folder, monitoring_import_sweep
from counter_corruption.monitoring_keys import partition_name, partitions
from infra.models import OutboxMessage

from .conftest import HEADER, extract, row

pytestmark = pytest.mark.django_db


def test_the_sweeper_re_enqueues_chunks_left_behind_and_restarts_a_stalled_split(tmp_path, settings):
    settings.MONITORING_CHUNK_ROWS = 1
    imp = import_create(source=extract(tmp_path, [row(1), row(2)]), filename="e.csv", origin="command")
    import_split(imp)
    stalled = import_create(source=extract(tmp_path, [row(3)], name="b.csv"), filename="b.csv", origin="command")
    AuditImport.objects.filter(id=stalled.id).update(created_at="2026-01-01T00:00:00Z")

    assert monitoring_import_sweep(minutes=0) == 3
    sent = OutboxMessage.objects.values_list("task", "args")
    chunk_ids = set(AuditImportChunk.objects.filter(audit_import=imp).values_list("id", flat=True))
    assert {tuple(args)[0] for task, args in sent if task.endswith("monitoring_import_chunk")} == chunk_ids
    assert ("counter_corruption.monitoring_import_tasks.monitoring_import_start", [stalled.id]) in list(sent)


def test_drop_folder_imports_each_file_once_and_moves_it(tmp_path, settings):
    drop = tmp_path / "drop"
    drop.mkdir()
    settings.MONITORING_DROP_DIR = str(drop)
    good = extract(drop, [row(1)], name="day1.csv")
    again = drop / "day1-again.csv"
    again.write_bytes(good.read_bytes())
    bad = extract(drop, [row(1)], name="bad.csv", header="a,b,c")
    fresh = extract(drop, [row(2)], name="fresh.csv")
    for path in (good, again, bad):
        os.utime(path, (1_700_000_000, 1_700_000_000 + (path == again)))

    assert monitoring_drop_folder() == 1

    assert (drop / "done" / "day1.csv").exists() and (drop / "done" / "day1-again.csv").exists()
    assert (drop / "failed" / "bad.csv").exists()
    assert "lacks the required column(s)" in (drop / "failed" / "bad.csv.reason.txt").read_text()
    assert fresh.exists()  # written within the last minute: next time
    imports = AuditImport.objects.exclude(status=ImportStatus.FAILED)
    assert list(imports.values_list("filename", "origin")) == [("day1.csv", "drop_folder")]
    assert OutboxMessage.objects.filter(task__endswith="monitoring_import_start").count() == 1


def test_drop_folder_does_nothing_without_a_folder(settings):
    settings.MONITORING_DROP_DIR = ""
    assert monitoring_drop_folder() == 0


def test_retention_detaches_old_months_keeps_the_table_and_deletes_their_keys(tmp_path, settings):
    rows = [row(1, at="2024-01-10T10:00:00Z"), row(2, at="2026-11-10T10:00:00Z")]
    import_to_completion(import_create(source=extract(tmp_path, rows), filename="e.csv", origin="command"))
    settings.MONITORING_RETENTION_MONTHS = 24

    detached = retention_detach(today=date(2026, 12, 1))

    assert detached == [partition_name(date(2024, 1, 1))]
    state = {name: attached for _, name, attached in partitions()}
    assert state[partition_name(date(2024, 1, 1))] is False  # kept for the DBA to archive
    assert state[partition_name(date(2026, 11, 1))] is True
    assert list(AuditEvent.objects.values_list("event_id", flat=True)) == ["2"]
    assert list(AuditEventKey.objects.values_list("event_id", flat=True)) == ["2"]


def test_retention_zero_keeps_everything(settings):
    settings.MONITORING_RETENTION_MONTHS = 0
    assert retention_detach() == []


def test_the_command_prints_the_figures_and_each_bad_row(tmp_path, searcher):
    out = StringIO()
    call_command(
        "import_system_audit", str(extract(tmp_path, [row(1), row(2, staff="S9"), row(3, action="x")])), stdout=out
    )

    text = out.getvalue()
    for expected in (
        "Rows read: 3",
        "Imported: 2",
        "Duplicates (already stored): 0",
        "Unknown staff numbers (stored, not checked): 1",
        "Bad rows: 1",
        "line 4: action must be",
    ):
        assert expected in text


def test_the_command_fails_only_for_a_refused_file(tmp_path):
    with pytest.raises(CommandError, match="lacks the required column"):
        call_command("import_system_audit", str(extract(tmp_path, [row(1)], header="x,y")), stdout=StringIO())
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_system_audit", str(tmp_path / "missing.csv"), stdout=StringIO())
    assert HEADER


def test_the_start_task_splits_and_enqueues_each_chunk_once(tmp_path, settings):
    from counter_corruption.monitoring_import_tasks import monitoring_import_start

    settings.MONITORING_CHUNK_ROWS = 2
    imp = import_create(source=extract(tmp_path, [row(n) for n in range(5)]), filename="e.csv", origin="command")

    assert monitoring_import_start(imp.id) == 3
    assert monitoring_import_start(imp.id) == 3  # again (a repeated message): the same chunks
    assert AuditImportChunk.objects.filter(audit_import=imp).count() == 3
    assert all(AuditImportChunk.objects.filter(audit_import=imp).values_list("enqueued_at", flat=True))


def test_an_import_whose_rules_did_not_start_is_finished_by_the_sweeper(tmp_path, monkeypatch, searcher):
    from counter_corruption import monitoring_rules

    real = monitoring_rules.rules_run_start

    def failing(**kwargs):
        raise RuntimeError("rules unavailable")

    monkeypatch.setattr(monitoring_rules, "rules_run_start", failing)
    imp = import_create(source=extract(tmp_path, [row(1)]), filename="e.csv", origin="command")
    with pytest.raises(RuntimeError):
        import_to_completion(imp)
    imp.refresh_from_db()
    assert imp.status == ImportStatus.IMPORTING and not imp.chunks.filter(done_at__isnull=True).exists()
    assert AuditEvent.objects.count() == 1  # the chunk itself is stored

    monkeypatch.setattr(monitoring_rules, "rules_run_start", real)
    monitoring_import_sweep(minutes=10)
    imp.refresh_from_db()
    assert imp.status == ImportStatus.COMPLETE and imp.imported == 1


def test_the_command_with_queue_hands_the_import_to_the_workers_and_follows_it(tmp_path, monkeypatch, searcher):
    from counter_corruption.management.commands import import_system_audit

    handed = []

    def workers(imp):  # the workers, here in this process
        handed.append(imp.id)
        import_to_completion(imp)

    monkeypatch.setattr(import_system_audit, "import_enqueue", workers)
    out = StringIO()
    call_command("import_system_audit", str(extract(tmp_path, [row(1), row(2)])), "--queue", stdout=out)

    assert len(handed) == 1
    assert "Complete: 100%" in out.getvalue() and "Imported: 2" in out.getvalue()
