"""The transactional outbox: every task the project enqueues goes through `enqueue`.

`enqueue` writes an `OutboxMessage` in the caller's transaction (so the task exists exactly when
the write does) and, after the commit, tries once to send it with short broker timeouts
(`OUTBOX_SEND_TIMEOUT`, default 0.5 s): with Redis down a request never waits seconds, and the
message stays pending. `outbox_sweep` (every minute, and `manage.py outbox_send`) sends what is
pending once the broker is back. Sending is claimed row by row (`SELECT ... FOR UPDATE SKIP
LOCKED`), so the after-commit attempt and the sweeper never send one message twice; the tasks are
idempotent besides, for the rare case of a send whose `sent_at` could not be recorded.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import OutboxMessage

log = logging.getLogger(__name__)

CLAIM = timedelta(seconds=60)


def enqueue(task, *args, queue: str = "", **kwargs) -> OutboxMessage:
    """Record `task(*args, **kwargs)` in the current transaction; send it after the commit.

    `task` is a Celery task or its registered name; arguments must be JSON values. `queue`
    overrides the route in CELERY_TASK_ROUTES.
    """
    name = task if isinstance(task, str) else task.name
    message = OutboxMessage.objects.create(task=name, args=list(args), kwargs=kwargs, queue=queue)
    message_id = message.id
    # in autocommit (no transaction open) this runs at once
    transaction.on_commit(lambda: send(ids=[message_id]), robust=True)
    return message


def enqueue_many(task, calls: Iterable[tuple], *, queue: str = "") -> list[OutboxMessage]:
    """`enqueue` for many calls of one task (each a tuple of arguments), sent together after the commit."""
    name = task if isinstance(task, str) else task.name
    messages = OutboxMessage.objects.bulk_create(
        [OutboxMessage(task=name, args=list(args), kwargs={}, queue=queue) for args in calls]
    )
    ids = [m.id for m in messages]
    if ids:
        transaction.on_commit(lambda: _send_all(ids), robust=True)
    return messages


def _send_all(ids: list[int]) -> None:
    for start in range(0, len(ids), 1000):
        if send(ids=ids[start : start + 1000]) < len(ids[start : start + 1000]):
            return  # the broker is down: the sweeper sends the rest


def _connection(timeout: float):
    from celery import current_app as app  # the project's app (misconduct.celery sets it as default)

    options = dict(app.conf.broker_transport_options or {})
    options.update(
        socket_connect_timeout=timeout,
        socket_timeout=timeout,
        max_retries=0,  # one connection attempt, no retry loop
    )
    return app.connection_for_write(connect_timeout=timeout, transport_options=options)


def _claim(ids: Iterable[int] | None, limit: int, older_than: timedelta | None) -> list[OutboxMessage]:
    now = timezone.now()
    pending = OutboxMessage.objects.filter(sent_at__isnull=True).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )
    if ids is not None:
        pending = pending.filter(id__in=list(ids))
    if older_than is not None:
        pending = pending.filter(created_at__lt=now - older_than)
    with transaction.atomic():
        rows = list(pending.select_for_update(skip_locked=True).order_by("id")[:limit])
        if rows:
            OutboxMessage.objects.filter(id__in=[r.id for r in rows]).update(claimed_until=now + CLAIM)
    return rows


def send(*, ids: Iterable[int] | None = None, limit: int = 1000, older_than: timedelta | None = None) -> int:
    """Send pending messages (these ids, or the oldest `limit`); the number sent.

    Never raises for a broker that cannot be reached: the messages stay pending and the first
    failure ends the attempt (the rest would wait for the same timeout).
    """
    from celery import current_app as app  # the project's app (misconduct.celery sets it as default)

    try:
        rows = _claim(ids, limit, older_than)
    except Exception:  # the database itself is unavailable: nothing was claimed
        log.exception("outbox: pending messages could not be read")
        return 0
    if not rows:
        return 0
    timeout = settings.OUTBOX_SEND_TIMEOUT
    sent: list[int] = []
    failed: OutboxMessage | None = None
    error = ""
    try:
        with _connection(timeout) as connection:
            for row in rows:
                try:
                    app.send_task(
                        row.task,
                        args=row.args,
                        kwargs=row.kwargs,
                        task_id=str(row.task_id),
                        queue=row.queue or None,
                        connection=connection,
                        retry=False,
                    )
                except Exception as exc:
                    failed, error = row, f"{type(exc).__name__}: {exc}"
                    break
                sent.append(row.id)
    except Exception as exc:  # closing a connection that never opened
        if failed is None:
            error = f"{type(exc).__name__}: {exc}"
            failed = rows[len(sent)] if len(sent) < len(rows) else None
    now = timezone.now()
    if sent:
        OutboxMessage.objects.filter(id__in=sent).update(sent_at=now, claimed_until=None)
    unsent = [r.id for r in rows if r.id not in set(sent)]
    if unsent:
        OutboxMessage.objects.filter(id__in=unsent).update(claimed_until=None)
        OutboxMessage.objects.filter(id=unsent[0]).update(attempts=rows[len(sent)].attempts + 1, last_error=error[:300])
        log.warning(
            "outbox: broker unavailable (%s); %d message(s) left pending for the sweeper", error[:200], len(unsent)
        )
    return len(sent)


def awaited(task, *, sent_within: timedelta = timedelta(minutes=5)) -> set:
    """The first arguments of `task`'s messages a worker has not started: unsent (waiting for the
    broker), or sent within `sent_within`. Sweepers leave these alone, so that nothing the outbox
    will deliver is sent a second time."""
    name = task if isinstance(task, str) else task.name
    recent = timezone.now() - sent_within
    rows = OutboxMessage.objects.filter(task=name, started_at__isnull=True).filter(
        Q(sent_at__isnull=True) | Q(sent_at__gte=recent)
    )
    return {args[0] for args in rows.values_list("args", flat=True) if args}


def pending_count() -> int:
    return OutboxMessage.objects.filter(sent_at__isnull=True).count()


def purge_sent(*, older_than: timedelta) -> int:
    """Delete messages sent and finished long ago (the table stays small)."""
    cutoff = timezone.now() - older_than
    deleted, _ = OutboxMessage.objects.filter(sent_at__lt=cutoff, created_at__lt=cutoff).delete()
    return deleted
