from datetime import timedelta

from celery import shared_task

# Run state of a refresh: the worker running it holds the lease `refresh_lease_name(id)` and renews
# it every LEASE_TTL / 3 seconds; the sweeper fails a running refresh whose lease has expired (its
# worker died), and re-sends one that no worker ever started.
LEASE_TTL = 90
NEVER_STARTED_RESEND = timedelta(minutes=10)
NEVER_STARTED_FAIL = timedelta(hours=1)


def refresh_lease_name(refresh_id: int) -> str:
    return f"oversight.refresh:{refresh_id}"


@shared_task(name="oversight.tasks.refresh_disparities")
def refresh_disparities(refresh_id: int | None = None) -> str:
    """Scheduled (no id: start one) or on demand (the id of a refresh a person started).

    Idempotent: a refresh already complete or failed is left alone; a second scheduled run while
    one is running does nothing; a second delivery of a refresh another worker is running (its
    lease is alive) does nothing; flags already open are not raised again.
    """
    from infra.leases import LeaseHeld, held

    from .models import DisparityRefresh, RefreshStatus, Trigger
    from .refresh import RefreshAlreadyRunning, refresh_run, refresh_start

    if refresh_id is None:
        try:
            refresh = refresh_start(trigger=Trigger.SCHEDULED)
        except RefreshAlreadyRunning:
            return "already running"
    else:
        refresh = DisparityRefresh.objects.filter(id=refresh_id, status=RefreshStatus.RUNNING).first()
        if refresh is None or refresh.results.exists():
            return "nothing to do"
    try:
        with held(refresh_lease_name(refresh.id), ttl=LEASE_TTL):
            refresh.refresh_from_db()
            if refresh.status != RefreshStatus.RUNNING or refresh.results.exists():
                return "nothing to do"
            refresh_run(refresh)
    except LeaseHeld:
        return "running on another worker"
    return str(refresh.public_id)


@shared_task(name="oversight.tasks.sweep_refreshes")
def sweep_refreshes() -> dict:
    """Every 2 minutes: a running refresh never blocks later ones for long.

    - started by a worker whose heartbeat stopped (lease expired): marked failed, so the next
      scheduled or requested refresh can start (re-running one that killed its worker could loop);
    - never started (no lease ever taken) and no unsent outbox message for it: sent again after
      10 minutes, marked failed after an hour;
    - waiting in the outbox for the broker: left alone, it runs once the broker is back.
    """
    from django.utils import timezone

    from infra.models import OutboxMessage, RunLease
    from infra.outbox import enqueue

    from .models import DisparityRefresh, RefreshStatus

    now = timezone.now()
    failed = resent = 0
    for refresh in DisparityRefresh.objects.filter(status=RefreshStatus.RUNNING):
        lease = RunLease.objects.filter(name=refresh_lease_name(refresh.id)).first()
        if lease is not None:
            if lease.expires_at < now:
                failed += DisparityRefresh.objects.filter(id=refresh.id, status=RefreshStatus.RUNNING).update(
                    status=RefreshStatus.FAILED,
                    finished_at=now,
                    error=f"Abandoned: the worker stopped (last heartbeat {timezone.localtime(lease.heartbeat_at):%H:%M:%S})",
                )
                RunLease.objects.filter(name=lease.name, expires_at__lt=now).delete()
            continue
        messages = OutboxMessage.objects.filter(task="oversight.tasks.refresh_disparities", args=[refresh.id])
        if messages.filter(sent_at__isnull=True).exists():
            continue  # the broker was down: the outbox sends it when it is back
        if now - refresh.started_at > NEVER_STARTED_FAIL:
            failed += DisparityRefresh.objects.filter(id=refresh.id, status=RefreshStatus.RUNNING).update(
                status=RefreshStatus.FAILED, finished_at=now, error="Abandoned: no worker started it within an hour"
            )
        elif (
            now - refresh.started_at > NEVER_STARTED_RESEND
            and not messages.filter(created_at__gt=now - NEVER_STARTED_RESEND).exists()
        ):
            enqueue("oversight.tasks.refresh_disparities", refresh.id)
            resent += 1
    return {"failed": failed, "resent": resent}
