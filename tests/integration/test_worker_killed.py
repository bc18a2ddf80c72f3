"""A whole worker killed (SIGKILL) in the middle of a task: its message would come back only after
the visibility timeout, so the run's lease (heartbeat) tells the sweeper it is dead, and the work
is done once, within minutes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from infra.models import RunLease
from infra.outbox import enqueue
from tests.integration.conftest import wait_for
from workforce.models import Person, WorkforceImport
from workforce.services import import_lease_name
from workforce.synthetic import generate_people, people_to_csv
from workforce.tasks import run_workforce_import, sweep_workforce_imports

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_an_import_whose_worker_was_killed_is_taken_over_once_its_heartbeat_stops(celery_worker):
    run = WorkforceImport.objects.create(filename="big.csv", content=people_to_csv(generate_people(15000, seed=41)))
    lease = import_lease_name(run.pk)
    enqueue(run_workforce_import, str(run.public_id))
    assert wait_for(lambda: RunLease.objects.filter(name=lease).exists(), timeout=60)
    celery_worker.kill()  # mid-import: the whole worker, not just the task
    run.refresh_from_db()
    assert run.status == "running" and Person.objects.count() == 0
    # a sweep while the lease is still alive leaves the run to its (presumed) worker
    WorkforceImport.objects.filter(pk=run.pk).update(started_at=timezone.now() - timedelta(minutes=5))
    assert sweep_workforce_imports() == 0
    # its heartbeat stopped: after the lease's 60 seconds the sweeper takes the run over
    RunLease.objects.filter(name=lease).update(expires_at=timezone.now() - timedelta(seconds=1))
    celery_worker.start()
    assert celery_worker.wait_ready()
    assert sweep_workforce_imports() == 1
    assert wait_for(lambda: WorkforceImport.objects.get(pk=run.pk).status == "done", timeout=180), (
        celery_worker.log.read_text()[-3000:]
    )
    run.refresh_from_db()
    assert run.created == 15000 == Person.objects.count()
    assert not RunLease.objects.filter(name=lease).exists()
