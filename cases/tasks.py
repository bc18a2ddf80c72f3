from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from infra.outbox import awaited, enqueue_many

NIGHTLY_CHUNK = 5000


@shared_task(name="cases.tasks.draft_due_reg19_reports")
def draft_due_reg19_reports() -> int:
    """Nightly: draft every regulation 19 report that has fallen due (idempotent)."""
    from .services import reg19_drafts_make

    return reg19_drafts_make()


@shared_task(name="cases.tasks.rescore_case")
def rescore_case(case_id: int) -> int:
    """Re-score one case whose change asked for it; a second delivery finds nothing asked and stops."""
    from .models import CasePriority
    from .priority import priority_score_cases

    if not CasePriority.objects.filter(case_id=case_id, requested_at__isnull=False).exists():
        return 0

    return priority_score_cases(case_ids=[case_id])


@shared_task(name="cases.tasks.score_chunk")
def score_chunk(chunk_id: int) -> int:
    """Score one chunk of a run; claiming is compare-and-set, so running twice does no harm."""
    from .models import ScoringChunk
    from .priority import priority_score_cases

    chunk = ScoringChunk.objects.filter(id=chunk_id, done_at__isnull=True).first()
    if chunk is None:
        return 0
    scored = priority_score_cases(case_ids=chunk.case_ids)
    ScoringChunk.objects.filter(id=chunk_id, done_at__isnull=True).update(done_at=timezone.now())
    _finish_run_if_done(chunk.run_id)
    return scored


def _finish_run_if_done(run_id: int) -> None:
    from .models import ScoringChunk, ScoringRun

    if not ScoringChunk.objects.filter(run_id=run_id, done_at__isnull=True).exists():
        ScoringRun.objects.filter(id=run_id, finished_at__isnull=True).update(finished_at=timezone.now())


@shared_task(name="cases.tasks.priority_nightly_run")
def priority_nightly_run(reason: str = "nightly") -> int:
    """Re-score every open case (time-dependent components change overnight)."""
    return priority_run_start(reason=reason)


def priority_run_start(*, reason: str, chunk_size: int = NIGHTLY_CHUNK) -> int:
    from .models import Case, ScoringChunk, ScoringRun

    ids = list(Case.objects.filter(status="open").order_by("id").values_list("id", flat=True))
    with transaction.atomic():
        run = ScoringRun.objects.create(total_cases=len(ids), reason=reason)
        chunks = ScoringChunk.objects.bulk_create(
            [
                ScoringChunk(run=run, case_ids=ids[i : i + chunk_size], enqueued_at=timezone.now())
                for i in range(0, len(ids), chunk_size)
            ]
        )
        chunk_ids = [c.id for c in chunks]
        enqueue_many(score_chunk, [(chunk_id,) for chunk_id in chunk_ids], queue="default")
        if not chunk_ids:
            run.finished_at = timezone.now()
            run.save(update_fields=["finished_at"])
    return run.id


@shared_task(name="cases.tasks.priority_sweep")
def priority_sweep(older_than_seconds: int = 60) -> dict:
    """Re-enqueue what a crash or a lost message left: unscored requests and unfinished chunks."""
    from .models import CasePriority, ScoringChunk

    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    # Messages sent within the same staleness window are left to the broker; older ones that no worker
    # started (e.g. reserved by a worker that was killed) are sent again: the tasks are idempotent.
    window = timedelta(seconds=older_than_seconds)
    awaited_cases, awaited_chunks = awaited(rescore_case, sent_within=window), awaited(score_chunk, sent_within=window)
    case_ids = [
        case_id
        for case_id in CasePriority.objects.filter(requested_at__lt=cutoff).values_list("case_id", flat=True)[:10000]
        if case_id not in awaited_cases
    ]
    enqueue_many(rescore_case, [(case_id,) for case_id in case_ids], queue="interactive")
    chunk_ids = [
        chunk_id
        for chunk_id in ScoringChunk.objects.filter(done_at__isnull=True, enqueued_at__lt=cutoff).values_list(
            "id", flat=True
        )
        if chunk_id not in awaited_chunks
    ]
    if chunk_ids:
        ScoringChunk.objects.filter(id__in=chunk_ids).update(enqueued_at=timezone.now())
    enqueue_many(score_chunk, [(chunk_id,) for chunk_id in chunk_ids], queue="default")
    return {"cases": len(case_ids), "chunks": len(chunk_ids)}


@shared_task(name="cases.tasks.intervention_flags_raise")
def intervention_flags_raise() -> int:
    from .intervention import intervention_flags_raise as raise_flags

    return raise_flags()


@shared_task(name="cases.tasks.action_reminders_send")
def action_reminders_send() -> int:
    """Daily: remind each open action's owner before it falls due (once; see the service)."""
    from .services import action_reminders_send as send

    return send()
