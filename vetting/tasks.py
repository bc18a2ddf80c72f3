from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from infra.outbox import awaited, enqueue, enqueue_many


@shared_task(name="vetting.tasks.screening_start")
def screening_start(run_id: int) -> int:
    """Split the response into chunks, then enqueue every chunk not yet done."""
    from .models import ScreeningRun
    from .services import response_split

    run = ScreeningRun.objects.get(id=run_id)
    response_split(run)
    return _enqueue(run_id)


def _enqueue(run_id: int, stale_before=None) -> int:
    from .models import ScreeningChunk

    chunks = ScreeningChunk.objects.filter(run_id=run_id, done_at__isnull=True)
    if stale_before is not None:
        chunks = chunks.filter(enqueued_at__lt=stale_before)
    # the outbox will send those not yet sent; one sent before `stale_before` and never started (e.g.
    # reserved by a killed worker) is sent again: chunk_resolve claims each chunk once
    waiting = awaited(screening_chunk, sent_within=timezone.now() - stale_before) if stale_before is not None else set()
    ids = [chunk_id for chunk_id in chunks.values_list("id", flat=True) if chunk_id not in waiting]
    ScreeningChunk.objects.filter(id__in=ids).update(enqueued_at=timezone.now())
    enqueue_many(screening_chunk, [(chunk_id,) for chunk_id in ids])
    return len(ids)


@shared_task(name="vetting.tasks.screening_chunk")
def screening_chunk(chunk_id: int) -> int:
    from .services import chunk_resolve

    return chunk_resolve(chunk_id)


@shared_task(name="vetting.tasks.screening_sweep")
def screening_sweep(minutes: int = 10) -> int:
    """Re-enqueue chunks a dead worker left (not done, enqueued more than `minutes` ago)."""
    from .models import RunStatus, ScreeningRun

    stale = timezone.now() - timedelta(minutes=minutes)
    total = 0
    for run_id in ScreeningRun.objects.filter(status=RunStatus.RESOLVING).values_list("id", flat=True):
        total += _enqueue(run_id, stale_before=stale)
    for run in ScreeningRun.objects.filter(status="splitting", started_at__lt=stale):
        enqueue(screening_start, run.id)
    return total


@shared_task(name="vetting.tasks.screening_request_scheduled")
def screening_request_scheduled() -> str:
    """Scheduled: create a run and write its bulk-check request to the outbox for PND."""
    import csv

    from .services import request_csv_rows, screening_dir, screening_run_create

    run = screening_run_create(trigger="scheduled")
    outbox = screening_dir() / "outbox"
    outbox.mkdir(exist_ok=True)
    target = outbox / f"pnd-request-{timezone.localdate():%Y%m%d}-{str(run.public_id)[:8]}.csv"
    with open(target, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(request_csv_rows(run))
    return str(target)


# Celery autodiscovers `vetting.tasks` only: the clearance tasks register through this import.
from .clearance_tasks import expire_and_remind  # noqa: E402, F401
