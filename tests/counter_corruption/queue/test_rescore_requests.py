"""Whoever writes a log or an alert, the queue is asked to re-score it: the request is recorded in
the writer's transaction and the task is in the outbox for the interactive queue; the sweeper
sends again what a crash left; the nightly run covers everything in chunks recorded in the DB."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from counter_corruption.models import QueueScoringChunk, QueueScoringRun, QueueWeight, Theme, UnitQueueItem
from counter_corruption.queue_tasks import (
    RESCORE,
    cc_queue_rescore,
    cc_queue_score_chunk,
    cc_queue_sweep,
    queue_run_start,
)
from infra.models import OutboxMessage
from tests.counter_corruption.queue.helpers import make_alert, make_log
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def messages_for(key):
    return OutboxMessage.objects.filter(task=RESCORE, args=[key])


def test_saving_a_log_records_a_request_and_an_interactive_task_in_the_same_transaction():
    log = make_log(received_on=TODAY, themes=["apsp"])
    item = UnitQueueItem.objects.get(log=log)
    assert item.requested_at is not None and item.scored_at is None
    assert messages_for(f"log:{log.id}").exists()
    assert set(messages_for(f"log:{log.id}").values_list("queue", flat=True)) == {"interactive"}


def test_changing_a_logs_themes_or_an_alerts_people_asks_for_a_rescore():
    log = make_log(received_on=TODAY)
    OutboxMessage.objects.all().delete()
    log.themes.add(Theme.objects.get(code="drugs"))
    assert messages_for(f"log:{log.id}").exists()
    alert = make_alert(person=PersonFactory())
    OutboxMessage.objects.all().delete()
    alert.other_people.add(PersonFactory())
    assert messages_for(f"alert:{alert.id}").exists()


def test_the_task_scores_what_was_asked_and_a_second_delivery_does_nothing():
    log = make_log(received_on=TODAY, themes=["apsp"], at_risk="child")
    assert cc_queue_rescore(f"log:{log.id}") == 1
    item = UnitQueueItem.objects.get(log=log)
    assert item.requested_at is None and item.scored_at is not None and item.score > 0
    assert cc_queue_rescore(f"log:{log.id}") == 0


def test_the_sweeper_sends_again_a_request_left_by_a_crash_and_an_unfinished_chunk():
    log = make_log(received_on=TODAY)
    UnitQueueItem.objects.filter(log=log).update(requested_at=timezone.now() - timedelta(minutes=5))
    OutboxMessage.objects.all().delete()  # as if the message was lost
    run_id = queue_run_start(reason="test", chunk_size=10)
    chunk = QueueScoringChunk.objects.get(run_id=run_id)
    QueueScoringChunk.objects.filter(id=chunk.id).update(enqueued_at=timezone.now() - timedelta(minutes=5))
    OutboxMessage.objects.all().delete()
    assert cc_queue_sweep(older_than_seconds=60) == {"items": 1, "chunks": 1}
    assert messages_for(f"log:{log.id}").filter(queue="interactive").exists()
    # sent just now: the next sweep leaves them to the broker
    assert cc_queue_sweep(older_than_seconds=60) == {"items": 0, "chunks": 0}


def test_the_nightly_run_scores_every_open_log_and_alert_in_chunks_and_finishes():
    logs = [make_log(received_on=TODAY - timedelta(days=i * 10), themes=["drugs"]) for i in range(7)]
    closed = make_log(received_on=TODAY, status="closed")
    alerts = [make_alert(person=PersonFactory()) for _ in range(3)]
    run_id = queue_run_start(reason="test nightly", chunk_size=3)
    run = QueueScoringRun.objects.get(id=run_id)
    chunks = list(QueueScoringChunk.objects.filter(run=run).order_by("id"))
    # the closed log is there too: its save asked for a score, and the run takes it out of the queue
    assert run.total_items == 11 and len(chunks) == 4  # 3 + 3 + 2 logs, 3 alerts
    assert closed.id in {i for c in chunks for i in c.log_ids}
    for chunk in chunks:
        cc_queue_score_chunk(chunk.id)
        assert cc_queue_score_chunk(chunk.id) == 0  # claimed once
    run.refresh_from_db()
    assert run.finished_at is not None
    items = UnitQueueItem.objects.filter(log__in=logs) | UnitQueueItem.objects.filter(alert__in=alerts)
    assert items.count() == 10 and not items.filter(scored_at__isnull=True).exists()
    assert not UnitQueueItem.objects.get(log=closed).is_open
    oldest = UnitQueueItem.objects.get(log=logs[-1])
    assert {c["code"] for c in oldest.components} >= {"age", "review_overdue"}


def test_the_command_scores_the_whole_queue_in_process():
    logs = [make_log(received_on=TODAY, themes=["apsp"]) for _ in range(3)]
    call_command("rescore_counter_corruption", chunk=2)
    assert not UnitQueueItem.objects.filter(log__in=logs, scored_at__isnull=True).exists()


def test_a_changed_weight_starts_a_run_of_the_whole_queue(django_capture_on_commit_callbacks):
    make_log(received_on=TODAY, themes=["apsp"])
    weight = QueueWeight.objects.get(code="nominal")
    with django_capture_on_commit_callbacks(execute=True):
        weight.weight = 45
        weight.save()
    run = QueueScoringRun.objects.latest("started_at")
    assert run.reason == "weights changed: QueueWeight nominal"
