"""Celery tasks of the governance timeliness part (thin: load by id, call a service)."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from infra.outbox import awaited, enqueue, enqueue_many


@shared_task(name="governance.timeliness_tasks.timeliness_nightly")
def timeliness_nightly(reason: str = "nightly") -> int:
    """Rebuild the timeliness facts and figures: record the run and its chunks, send the chunks."""
    from .timeliness import timeliness_run_start

    return timeliness_run_start(reason=reason).id


@shared_task(name="governance.timeliness_tasks.timeliness_chunk")
def timeliness_chunk(chunk_id: int) -> int:
    """Write one chunk's facts; the last chunk of the run sends the aggregation."""
    from .models_timeliness import TimelinessChunk
    from .timeliness import timeliness_chunk_build

    if timeliness_chunk_build(chunk_id=chunk_id):
        run_id = TimelinessChunk.objects.filter(id=chunk_id).values_list("run_id", flat=True).first()
        enqueue(timeliness_finish, run_id, queue="analytics")
    return chunk_id


@shared_task(name="governance.timeliness_tasks.timeliness_finish")
def timeliness_finish(run_id: int) -> bool:
    """Aggregate a run whose chunks are all done (a second delivery finds it done)."""
    from .timeliness import timeliness_run_finish

    return timeliness_run_finish(run_id=run_id)


@shared_task(name="governance.timeliness_tasks.timeliness_sweep")
def timeliness_sweep(older_than_seconds: int = 300) -> dict:
    """Send again what a lost message or a dead worker left: unfinished chunks, unaggregated runs."""
    from .models_timeliness import TimelinessChunk, TimelinessRun

    window = timedelta(seconds=older_than_seconds)
    cutoff = timezone.now() - window
    waiting = awaited(timeliness_chunk, sent_within=window)
    chunk_ids = [
        chunk_id
        for chunk_id in TimelinessChunk.objects.filter(done_at__isnull=True, enqueued_at__lt=cutoff).values_list(
            "id", flat=True
        )
        if chunk_id not in waiting
    ]
    if chunk_ids:
        TimelinessChunk.objects.filter(id__in=chunk_ids).update(enqueued_at=timezone.now())
        enqueue_many(timeliness_chunk, [(chunk_id,) for chunk_id in chunk_ids], queue="analytics")
    finishing = awaited(timeliness_finish, sent_within=window)
    run_ids = [
        run_id
        for run_id in TimelinessRun.objects.filter(aggregated_at__isnull=True, started_at__lt=cutoff)
        .exclude(chunks__done_at__isnull=True)
        .values_list("id", flat=True)
        if run_id not in finishing
    ]
    enqueue_many(timeliness_finish, [(run_id,) for run_id in run_ids], queue="analytics")
    return {"chunks": len(chunk_ids), "runs": len(run_ids)}
