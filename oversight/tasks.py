from celery import shared_task


@shared_task(name="oversight.tasks.refresh_disparities")
def refresh_disparities(refresh_id: int | None = None) -> str:
    """Scheduled (no id: start one) or on demand (the id of a refresh a person started).

    Idempotent: a refresh already complete or failed is left alone; a second scheduled run while
    one is running does nothing; flags already open are not raised again.
    """
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
    refresh_run(refresh)
    return str(refresh.public_id)
