"""Through a real Celery worker: a change to a log is re-scored in seconds and the queue shows it;
the nightly run's chunks are scored by the worker."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.choices import Role
from counter_corruption.models import QueueScoringChunk, UnitQueueItem
from counter_corruption.queue_tasks import queue_run_start
from tests.conftest import quick_sign_in
from tests.counter_corruption.queue.helpers import make_alert, make_log, w
from tests.factories import PersonFactory, UserFactory
from tests.integration.conftest import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

TODAY = timezone.localdate()


def test_a_change_to_a_log_is_rescored_by_the_worker_and_moves_it_up_the_queue(celery_worker):
    officer = quick_sign_in(UserFactory(role=Role.COUNTER_CORRUPTION))
    with transaction.atomic():
        first = make_log(received_on=TODAY, themes=["apsp"], source="A", assessment="1")
    with transaction.atomic():
        second = make_log(received_on=TODAY, themes=["misuse_systems"], source="A", assessment="1")

    def queue():
        return officer.get("/api/counter-corruption/queue/").json()["results"]

    assert wait_for(lambda: len(queue()) == 2 and not any(r["pending"] for r in queue()), timeout=10)
    assert [r["reference"] for r in queue()] == [first.reference, second.reference]
    before = queue()[1]["score"]
    second.at_risk = "child"
    second.save()  # whoever writes it: the signal asks, the outbox sends, the worker scores
    assert wait_for(lambda: queue()[0]["reference"] == second.reference and not queue()[0]["pending"], timeout=5)
    row = queue()[0]
    assert row["score"] == before + w("at_risk_child")
    assert "at_risk_child" in {c["code"] for c in row["components"]}


def test_the_nightly_run_is_scored_by_the_worker_in_chunks(celery_worker):
    logs = [make_log(received_on=TODAY - timedelta(days=3 * i), themes=["drugs"]) for i in range(20)]
    alerts = [make_alert(person=PersonFactory()) for _ in range(5)]
    started = timezone.now()
    run_id = queue_run_start(reason="test nightly", chunk_size=4)
    chunks = QueueScoringChunk.objects.filter(run_id=run_id)
    assert chunks.count() == 7  # 20 logs in fives of four, 5 alerts in two
    assert wait_for(lambda: not chunks.filter(done_at__isnull=True).exists(), timeout=30)
    items = UnitQueueItem.objects.filter(log__in=logs) | UnitQueueItem.objects.filter(alert__in=alerts)
    assert items.filter(scored_at__gte=started).count() == 25
