"""The transactional outbox: a task exists exactly when its write does, a broker that cannot be
reached costs a request well under a second, and sweepers never re-send what the outbox holds."""

import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from infra.models import OutboxMessage
from infra.outbox import awaited, enqueue, send
from misconduct.celery import app

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


@pytest.fixture
def broker_down():
    """The Celery app pointed at a port where nothing listens (the machine's Redis is shared and
    never stopped; tests/integration/test_redis_outage.py stops a Redis of its own)."""
    real = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    yield
    app.conf.broker_url = real


def test_a_message_is_written_with_its_transaction_and_not_without_it(django_capture_on_commit_callbacks):
    with pytest.raises(Rollback), transaction.atomic():
        enqueue("audit.tasks.record_worker_heartbeat", "rolled-back")
        raise Rollback
    assert not OutboxMessage.objects.exists()
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        message = enqueue("audit.tasks.record_worker_heartbeat", "kept")
    assert OutboxMessage.objects.get().args == ["kept"] and message.sent_at is None
    assert len(callbacks) == 1  # the send attempt is after the commit


def test_with_the_broker_down_a_send_gives_up_in_well_under_a_second_and_the_message_waits(
    broker_down, django_capture_on_commit_callbacks
):
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        message = enqueue("audit.tasks.record_worker_heartbeat", "later")
    assert time.monotonic() - started < 1.5
    message.refresh_from_db()
    assert message.sent_at is None and message.attempts == 1 and "Error" in message.last_error
    assert message.claimed_until is None  # free for the sweeper
    assert send() == 0  # the sweeper's attempt while the broker is down: nothing lost, nothing raised
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 1


def test_the_priority_sweeper_leaves_alone_a_rescore_the_outbox_will_send():
    from cases.models import CasePriority
    from cases.tasks import priority_sweep
    from tests.factories import CaseFactory

    case = CaseFactory()
    CasePriority.objects.update_or_create(case=case, defaults={"requested_at": timezone.now() - timedelta(hours=1)})
    OutboxMessage.objects.create(task="cases.tasks.rescore_case", args=[case.id])
    assert case.id in awaited("cases.tasks.rescore_case")
    assert priority_sweep(older_than_seconds=0)["cases"] == 0
    # once started (and lost with its worker), the sweeper sends it again
    OutboxMessage.objects.update(sent_at=timezone.now() - timedelta(hours=1), started_at=timezone.now())
    assert priority_sweep(older_than_seconds=0)["cases"] == 1
    assert OutboxMessage.objects.filter(task="cases.tasks.rescore_case", args=[case.id]).count() == 2


def test_the_workforce_sweeper_leaves_alone_an_import_the_outbox_will_send():
    from workforce.models import WorkforceImport
    from workforce.tasks import sweep_workforce_imports

    run = WorkforceImport.objects.create(filename="x.csv", content=b"x")
    WorkforceImport.objects.filter(pk=run.pk).update(uploaded_at=timezone.now() - timedelta(minutes=30))
    OutboxMessage.objects.create(task="workforce.tasks.run_workforce_import", args=[str(run.public_id)])
    assert sweep_workforce_imports() == 0
    OutboxMessage.objects.all().delete()
    assert sweep_workforce_imports() == 1
