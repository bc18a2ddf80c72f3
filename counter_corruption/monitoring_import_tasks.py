"""Celery tasks of the audit-extract import (autodiscovered by misconduct.celery): thin, each loads
by id and calls counter_corruption.monitoring_import."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from infra.outbox import awaited, enqueue, enqueue_many

log = logging.getLogger(__name__)


@shared_task(name="counter_corruption.monitoring_import_tasks.monitoring_import_start")
def monitoring_import_start(import_id: int) -> int:
    """Split the file into chunks, then enqueue every chunk not yet done."""
    from .models import AuditImport, ImportStatus
    from .monitoring_import import import_split

    imp = AuditImport.objects.filter(id=import_id).first()
    if imp is None or imp.status not in (ImportStatus.SPLITTING, ImportStatus.IMPORTING):
        return 0
    import_split(imp)
    return _enqueue(import_id)


def _enqueue(import_id: int, stale_before=None) -> int:
    from .models import AuditImportChunk

    chunks = AuditImportChunk.objects.filter(audit_import_id=import_id, done_at__isnull=True)
    if stale_before is not None:
        # never enqueued: the start task died between the split and the enqueue
        chunks = chunks.filter(Q(enqueued_at__lt=stale_before) | Q(enqueued_at__isnull=True))
    # messages the outbox will still deliver are left to it; one sent before `stale_before` and never
    # started (reserved by a killed worker) is sent again: chunk_import claims each chunk once
    waiting = (
        awaited(monitoring_import_chunk, sent_within=timezone.now() - stale_before)
        if stale_before is not None
        else set()
    )
    ids = [chunk_id for chunk_id in chunks.values_list("id", flat=True) if chunk_id not in waiting]
    AuditImportChunk.objects.filter(id__in=ids).update(enqueued_at=timezone.now())
    enqueue_many(monitoring_import_chunk, [(chunk_id,) for chunk_id in ids])
    return len(ids)


@shared_task(name="counter_corruption.monitoring_import_tasks.monitoring_import_chunk")
def monitoring_import_chunk(chunk_id: int) -> int:
    from .monitoring_import import chunk_import

    return chunk_import(chunk_id)


@shared_task(name="counter_corruption.monitoring_import_tasks.monitoring_import_sweep")
def monitoring_import_sweep(minutes: int = 10) -> int:
    """What a dead worker or a lost message left: chunks not done and enqueued more than `minutes`
    ago are enqueued again, a split that never finished is restarted, and an import whose chunks
    are all stored but whose rules run did not start is finished."""
    from .models import AuditImport, ImportStatus
    from .monitoring_import import import_finish_if_done

    stale = timezone.now() - timedelta(minutes=minutes)
    total = 0
    for import_id in AuditImport.objects.filter(status=ImportStatus.IMPORTING).values_list("id", flat=True):
        total += _enqueue(import_id, stale_before=stale)
        import_finish_if_done(import_id)
    waiting = awaited(monitoring_import_start, sent_within=timedelta(minutes=minutes))
    for imp in AuditImport.objects.filter(status=ImportStatus.SPLITTING, created_at__lt=stale):
        if imp.id not in waiting:
            enqueue(monitoring_import_start, imp.id)
            total += 1
    return total


@shared_task(name="counter_corruption.monitoring_import_tasks.monitoring_drop_folder")
def monitoring_drop_folder(settle_seconds: int = 60) -> int:
    """Each *.csv in MONITORING_DROP_DIR imported once (a file changed within `settle_seconds` may
    still be being written: next time), then moved to done/; a refused file to failed/ with the
    reason beside it. A file already imported (same SHA-256) is moved to done/ without a new import."""
    from django.conf import settings

    from .models import AuditImport, ImportOrigin, ImportStatus
    from .monitoring_import import file_move, import_create, import_enqueue

    folder = settings.MONITORING_DROP_DIR
    if not folder or not Path(folder).is_dir():
        return 0
    started = 0
    now = timezone.now().timestamp()
    for path in sorted(Path(folder).glob("*.csv"), key=lambda p: p.stat().st_mtime):
        if now - path.stat().st_mtime < settle_seconds:
            continue
        imp = import_create(source=path, filename=path.name, origin=ImportOrigin.DROP_FOLDER)
        if imp.status == ImportStatus.FAILED:
            file_move(path, "failed", imp.error)
            log.warning("monitoring drop folder: %s refused (import %s)", path.name, imp.public_id)
            continue
        earlier = AuditImport.objects.filter(sha256=imp.sha256).exclude(id=imp.id).exclude(status=ImportStatus.FAILED)
        if earlier.exists():
            Path(imp.path).unlink(missing_ok=True)
            imp.delete()
            file_move(path, "done")
            log.info("monitoring drop folder: %s already imported", path.name)
            continue
        import_enqueue(imp)
        file_move(path, "done")
        started += 1
    return started


@shared_task(name="counter_corruption.monitoring_import_tasks.monitoring_retention")
def monitoring_retention() -> list[str]:
    """Nightly: detach the month partitions older than MONITORING_RETENTION_MONTHS (0 keeps all)."""
    from .monitoring_import import retention_detach

    return retention_detach()
