import socket
import uuid

from celery import shared_task

from .models import WorkerHeartbeat


@shared_task(name="audit.tasks.record_worker_heartbeat")
def record_worker_heartbeat(token: str | None = None) -> str:
    """Record that a worker ran this task (health page, tests, demo log). Idempotent on the token."""
    token = (token or uuid.uuid4().hex)[:64]
    WorkerHeartbeat.objects.get_or_create(token=token, defaults={"hostname": socket.gethostname()[:200]})
    return token
