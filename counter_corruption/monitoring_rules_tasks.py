"""Celery tasks of the monitoring rules (autodiscovered by misconduct.celery). Thin: the work is in
counter_corruption.monitoring_rules."""

from celery import shared_task


@shared_task(name="counter_corruption.monitoring_rules_tasks.monitoring_rules_chunk")
def monitoring_rules_chunk(chunk_id: int) -> int:
    """Resolve one rules chunk (claimed once); the last one finishes the run."""
    from .monitoring_rules import rules_chunk_run

    return rules_chunk_run(chunk_id)


@shared_task(name="counter_corruption.monitoring_rules_tasks.monitoring_rules_sweep")
def monitoring_rules_sweep(minutes: int = 10) -> int:
    """Re-enqueue rules chunks a dead worker left; finish runs whose chunks are all done."""
    from .monitoring_rules import rules_runs_sweep

    return rules_runs_sweep(stale_minutes=minutes)
