"""The nightly link job's tasks (thin: the work is in counter_corruption.links)."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from infra.outbox import awaited, enqueue_many


@shared_task(name="counter_corruption.links_tasks.link_analysis_nightly")
def link_analysis_nightly(reason: str = "nightly") -> str:
    """Start tonight's run (or resume an unfinished one); its chunks go to the workers."""
    from .links import link_run_start

    return str(link_run_start(reason=reason).public_id)


@shared_task(name="counter_corruption.links_tasks.link_chunk_check")
def link_chunk_check(chunk_id: int) -> int:
    """Raise the alerts of one chunk; claimed with SKIP LOCKED and marked done in one transaction."""
    from .links import link_chunk_check as check

    return check(chunk_id=chunk_id)


@shared_task(name="counter_corruption.links_tasks.link_sweep")
def link_sweep(older_than_seconds: int = 120) -> int:
    """Send again the chunks a lost message or a killed worker left (idempotent tasks)."""
    from .links import link_run_finish_if_done
    from .models import LinkChunk, LinkRun

    for run_id in LinkRun.objects.filter(finished_at__isnull=True).values_list("id", flat=True):
        link_run_finish_if_done(run_id=run_id)  # all chunks done, closing lost with a worker
    window = timedelta(seconds=older_than_seconds)
    waiting = awaited(link_chunk_check, sent_within=window)
    chunk_ids = [
        chunk_id
        for chunk_id in LinkChunk.objects.filter(
            done_at__isnull=True, enqueued_at__lt=timezone.now() - window
        ).values_list("id", flat=True)
        if chunk_id not in waiting
    ]
    if chunk_ids:
        LinkChunk.objects.filter(id__in=chunk_ids).update(enqueued_at=timezone.now())
        enqueue_many(link_chunk_check, [(chunk_id,) for chunk_id in chunk_ids], queue="analytics")
    return len(chunk_ids)
