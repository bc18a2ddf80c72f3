from datetime import timedelta

from celery import shared_task


@shared_task(name="infra.tasks.outbox_sweep")
def outbox_sweep(older_than_seconds: int = 5) -> dict:
    """Every minute: send what the outbox still holds (the broker was down at commit time), purge
    messages sent a week ago and rate-limit fallback counters whose window has passed."""
    from django.utils import timezone

    from .models import FallbackCounter
    from .outbox import purge_sent, send

    total = 0
    while True:
        sent = send(limit=1000, older_than=timedelta(seconds=older_than_seconds))
        total += sent
        if sent < 1000:
            break
    purged = purge_sent(older_than=timedelta(days=7))
    FallbackCounter.objects.filter(expires_at__lt=timezone.now()).delete()
    return {"sent": total, "purged": purged}
