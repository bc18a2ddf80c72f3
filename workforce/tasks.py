from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from infra.outbox import awaited, enqueue

from .choices import ImportStatus
from .models import WorkforceImport


@shared_task(name="workforce.tasks.run_workforce_import")
def run_workforce_import(public_id: str) -> None:
    from .services import workforce_import_run

    run = WorkforceImport.objects.filter(public_id=public_id).first()
    if run is not None:
        workforce_import_run(run=run)


@shared_task(name="workforce.tasks.sweep_workforce_imports")
def sweep_workforce_imports() -> int:
    """Re-enqueue imports a crash left behind: pending for 5 minutes (a lost message), or running
    while no worker beats its lease (its worker died). Messages still in the outbox are left to it."""
    from infra.leases import is_alive

    from .services import import_lease_name

    now = timezone.now()
    stale = list(
        WorkforceImport.objects.filter(status=ImportStatus.PENDING, uploaded_at__lt=now - timedelta(minutes=5))
    ) + [
        run
        for run in WorkforceImport.objects.filter(
            status=ImportStatus.RUNNING, started_at__lt=now - timedelta(minutes=2)
        )
        if not is_alive(import_lease_name(run.pk))
    ]
    waiting = awaited(run_workforce_import)
    ids = [run.public_id for run in stale if str(run.public_id) not in waiting]
    for public_id in ids:
        enqueue(run_workforce_import, str(public_id))
    return len(ids)


@shared_task(name="workforce.tasks.import_workforce_from_drop")
def import_workforce_from_drop() -> str:
    """Scheduled import: the newest CSV in WORKFORCE_DROP_DIR, unless that exact file was imported."""
    import hashlib
    from pathlib import Path

    from django.conf import settings

    from .services import workforce_import_run

    folder = getattr(settings, "WORKFORCE_DROP_DIR", "")
    if not folder or not Path(folder).is_dir():
        return "no drop folder configured"
    files = sorted(Path(folder).glob("*.csv"), key=lambda p: p.stat().st_mtime)
    if not files:
        return "no file"
    newest = files[-1]
    data = newest.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    name = f"{newest.name} [{digest[:12]}]"
    if WorkforceImport.objects.filter(filename=name).exclude(status=ImportStatus.FAILED).exists():
        return "already imported"
    run = WorkforceImport.objects.create(filename=name, content=data)
    workforce_import_run(run=run)
    return run.status
