"""Background work of the unit's queue: re-score one item after a change (``interactive`` queue),
the nightly re-score of the whole queue in chunks recorded in the database (``default``), and the
sweeper that re-enqueues what a crash or a lost message left. Thin: load by id, call priority.py.

Imported by the app's ready() (Celery's autodiscovery only looks for ``tasks.py``)."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from infra.outbox import awaited, enqueue_many

NIGHTLY_CHUNK = 2000
RESCORE = "counter_corruption.queue_tasks.cc_queue_rescore"


def item_key(kind: str, source_id: int) -> str:
    """The rescore task's one argument: 'log:12' or 'alert:7' (so the sweeper can tell what is on its way)."""
    return f"{kind}:{source_id}"


@shared_task(name=RESCORE)
def cc_queue_rescore(item: str) -> int:
    """Re-score one log or alert whose change asked for it; a second delivery finds nothing asked."""
    from .models import QueueItemKind, UnitQueueItem
    from .priority import queue_score

    kind, _, source_id = item.partition(":")
    field = "log_id" if kind == QueueItemKind.LOG else "alert_id"
    if not UnitQueueItem.objects.filter(**{field: int(source_id)}, requested_at__isnull=False).exists():
        return 0
    if kind == QueueItemKind.LOG:
        return queue_score(log_ids=[int(source_id)])
    return queue_score(alert_ids=[int(source_id)])


@shared_task(name="counter_corruption.queue_tasks.cc_queue_score_chunk")
def cc_queue_score_chunk(chunk_id: int) -> int:
    """Score one chunk of a run; claiming is compare-and-set, so running twice does no harm."""
    from .models import QueueScoringChunk, QueueScoringRun
    from .priority import queue_score

    chunk = QueueScoringChunk.objects.filter(id=chunk_id, done_at__isnull=True).first()
    if chunk is None:
        return 0
    scored = queue_score(log_ids=chunk.log_ids, alert_ids=chunk.alert_ids)
    QueueScoringChunk.objects.filter(id=chunk_id, done_at__isnull=True).update(done_at=timezone.now())
    if not QueueScoringChunk.objects.filter(run_id=chunk.run_id, done_at__isnull=True).exists():
        QueueScoringRun.objects.filter(id=chunk.run_id, finished_at__isnull=True).update(finished_at=timezone.now())
    return scored


@shared_task(name="counter_corruption.queue_tasks.cc_queue_nightly_run")
def cc_queue_nightly_run(reason: str = "nightly") -> int:
    """Re-score the whole queue (waiting time and review dates change overnight)."""
    return queue_run_start(reason=reason)


def queue_run_start(
    *,
    reason: str,
    chunk_size: int = NIGHTLY_CHUNK,
    log_ids: list[int] | None = None,
    alert_ids: list[int] | None = None,
) -> int:
    """Record a run and its chunks, and enqueue the chunks (more workers, faster); the run's id.
    Without ids: every open log and alert (the nightly run); with ids: just those (e.g. the link
    alerts a link analysis run has just raised in bulk, which send no signals)."""
    from .models import QueueScoringChunk, QueueScoringRun
    from .priority import queue_open_sources

    if log_ids is None and alert_ids is None:
        log_ids, alert_ids = queue_open_sources()
    log_ids, alert_ids = sorted(log_ids or []), sorted(alert_ids or [])
    now = timezone.now()
    with transaction.atomic():
        run = QueueScoringRun.objects.create(total_items=len(log_ids) + len(alert_ids), reason=reason)
        chunks = [
            QueueScoringChunk(run=run, log_ids=log_ids[i : i + chunk_size], enqueued_at=now)
            for i in range(0, len(log_ids), chunk_size)
        ] + [
            QueueScoringChunk(run=run, alert_ids=alert_ids[i : i + chunk_size], enqueued_at=now)
            for i in range(0, len(alert_ids), chunk_size)
        ]
        chunk_ids = [c.id for c in QueueScoringChunk.objects.bulk_create(chunks)]
        enqueue_many(cc_queue_score_chunk, [(chunk_id,) for chunk_id in chunk_ids], queue="default")
        if not chunk_ids:
            run.finished_at = timezone.now()
            run.save(update_fields=["finished_at"])
    return run.id


@shared_task(name="counter_corruption.queue_tasks.cc_queue_sweep")
def cc_queue_sweep(older_than_seconds: int = 60) -> dict:
    """Re-enqueue unscored requests and unfinished chunks older than the window (idempotent tasks)."""
    from .models import QueueScoringChunk, UnitQueueItem

    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    window = timedelta(seconds=older_than_seconds)
    waiting = awaited(cc_queue_rescore, sent_within=window)
    requested = UnitQueueItem.objects.filter(requested_at__lt=cutoff).values_list("kind", "log_id", "alert_id")
    calls = [(item_key(kind, log_id or alert_id),) for kind, log_id, alert_id in requested[:10000]]
    calls = [call for call in calls if call[0] not in waiting]
    enqueue_many(cc_queue_rescore, calls, queue="interactive")
    waiting_chunks = awaited(cc_queue_score_chunk, sent_within=window)
    chunk_ids = [
        chunk_id
        for chunk_id in QueueScoringChunk.objects.filter(done_at__isnull=True, enqueued_at__lt=cutoff).values_list(
            "id", flat=True
        )
        if chunk_id not in waiting_chunks
    ]
    if chunk_ids:
        QueueScoringChunk.objects.filter(id__in=chunk_ids).update(enqueued_at=timezone.now())
    enqueue_many(cc_queue_score_chunk, [(chunk_id,) for chunk_id in chunk_ids], queue="default")
    return {"items": len(calls), "chunks": len(chunk_ids)}
