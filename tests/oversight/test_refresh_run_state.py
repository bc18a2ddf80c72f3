"""A refresh whose worker died never blocks later refreshes for long (heartbeat lease + sweeper)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from infra import leases
from infra.models import OutboxMessage, RunLease
from misconduct.celery import app
from oversight.models import DisparityRefresh, RefreshStatus, Trigger
from oversight.refresh import RefreshAlreadyRunning, refresh_start
from oversight.tasks import refresh_disparities, refresh_lease_name, sweep_refreshes

pytestmark = pytest.mark.django_db


def _running(minutes_ago: int) -> DisparityRefresh:
    refresh = refresh_start(trigger=Trigger.ON_DEMAND)
    DisparityRefresh.objects.filter(pk=refresh.pk).update(started_at=timezone.now() - timedelta(minutes=minutes_ago))
    return refresh


def _lease(refresh, *, expires_in: int):
    now = timezone.now()
    RunLease.objects.create(
        name=refresh_lease_name(refresh.id),
        holder="dead-worker:1",
        taken_at=now - timedelta(minutes=5),
        heartbeat_at=now + timedelta(seconds=expires_in) - timedelta(seconds=90),
        expires_at=now + timedelta(seconds=expires_in),
    )


def test_a_refresh_whose_worker_stopped_beating_is_failed_and_a_new_one_can_start():
    refresh = _running(minutes_ago=5)
    _lease(refresh, expires_in=-30)
    with pytest.raises(RefreshAlreadyRunning):
        refresh_start(trigger=Trigger.ON_DEMAND)
    assert sweep_refreshes() == {"failed": 1, "resent": 0}
    refresh.refresh_from_db()
    assert refresh.status == RefreshStatus.FAILED and "worker stopped" in refresh.error
    assert refresh_start(trigger=Trigger.ON_DEMAND).status == RefreshStatus.RUNNING


def test_a_refresh_with_a_live_heartbeat_is_left_alone():
    refresh = _running(minutes_ago=300)
    _lease(refresh, expires_in=60)
    assert sweep_refreshes() == {"failed": 0, "resent": 0}
    assert DisparityRefresh.objects.get(pk=refresh.pk).status == RefreshStatus.RUNNING


def test_a_refresh_waiting_in_the_outbox_for_the_broker_is_left_alone():
    refresh = _running(minutes_ago=300)
    OutboxMessage.objects.create(task="oversight.tasks.refresh_disparities", args=[refresh.id])
    assert sweep_refreshes() == {"failed": 0, "resent": 0}
    assert DisparityRefresh.objects.get(pk=refresh.pk).status == RefreshStatus.RUNNING


def test_a_refresh_no_worker_started_is_sent_again_then_failed_after_an_hour():
    refresh = _running(minutes_ago=15)
    OutboxMessage.objects.filter(task="oversight.tasks.refresh_disparities").delete()
    OutboxMessage.objects.create(
        task="oversight.tasks.refresh_disparities", args=[refresh.id], sent_at=timezone.now() - timedelta(minutes=15)
    )
    OutboxMessage.objects.update(created_at=timezone.now() - timedelta(minutes=15))
    assert sweep_refreshes()["resent"] == 1
    assert OutboxMessage.objects.filter(task="oversight.tasks.refresh_disparities", args=[refresh.id]).count() == 2
    OutboxMessage.objects.update(sent_at=timezone.now(), created_at=timezone.now() - timedelta(minutes=70))
    DisparityRefresh.objects.filter(pk=refresh.pk).update(started_at=timezone.now() - timedelta(minutes=70))
    assert sweep_refreshes()["failed"] == 1
    assert DisparityRefresh.objects.get(pk=refresh.pk).status == RefreshStatus.FAILED


def test_a_second_delivery_while_another_worker_runs_the_refresh_does_nothing():
    refresh = _running(minutes_ago=1)
    _lease(refresh, expires_in=60)
    assert refresh_disparities(refresh.id) == "running on another worker"
    assert not refresh.results.exists()


def test_a_lease_is_taken_once_renewed_and_free_again_after_it_expires():
    holder = leases.take("test:lease", ttl=60)
    assert holder and leases.take("test:lease", ttl=60) is None
    assert leases.renew("test:lease", holder, ttl=60) and leases.is_alive("test:lease")
    RunLease.objects.filter(name="test:lease").update(expires_at=timezone.now() - timedelta(seconds=1))
    assert not leases.is_alive("test:lease")
    assert leases.take("test:lease", ttl=60) not in (None, holder)


def test_a_killed_worker_s_message_comes_back_within_minutes_not_an_hour():
    options = app.conf.broker_transport_options
    assert 300 <= options["visibility_timeout"] <= 900
    assert options.get("socket_connect_timeout", 10) <= 2
