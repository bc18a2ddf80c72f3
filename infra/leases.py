"""Run leases: a long task holds a lease and renews it (its heartbeat) while it works.

`held(name, ttl)` takes the lease or raises `LeaseHeld` if another live holder has it; a thread
renews it every `ttl / 3` seconds until the block ends, then releases it. If the worker dies the
lease simply expires, which is how a sweeper tells a dead run from a live one (`is_alive`).
"""

from __future__ import annotations

import os
import socket
import threading
import uuid
from contextlib import contextmanager
from datetime import timedelta

from django.db import connection, connections
from django.utils import timezone

from .models import RunLease


class LeaseHeld(Exception):
    pass


def _holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"[:200]


def take(name: str, *, ttl: int) -> str | None:
    """Take the lease if free or expired (one atomic statement); the holder token, or None."""
    holder = _holder()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO infra_runlease (name, holder, taken_at, heartbeat_at, expires_at, takes)
            VALUES (%s, %s, now(), now(), now() + %s * interval '1 second', 1)
            ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, taken_at = now(), heartbeat_at = now(),
                expires_at = EXCLUDED.expires_at, takes = infra_runlease.takes + 1
            WHERE infra_runlease.expires_at < now()
            RETURNING holder
            """,
            [name, holder, ttl],
        )
        row = cursor.fetchone()
    return row[0] if row and row[0] == holder else None


def renew(name: str, holder: str, *, ttl: int) -> bool:
    now = timezone.now()
    return bool(
        RunLease.objects.filter(name=name, holder=holder).update(
            heartbeat_at=now, expires_at=now + timedelta(seconds=ttl)
        )
    )


def release(name: str, holder: str) -> None:
    RunLease.objects.filter(name=name, holder=holder).delete()


def is_alive(name: str) -> bool:
    return RunLease.objects.filter(name=name, expires_at__gte=timezone.now()).exists()


@contextmanager
def held(name: str, *, ttl: int = 120):
    holder = take(name, ttl=ttl)
    if holder is None:
        raise LeaseHeld(name)
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(max(1.0, ttl / 3)):
                renew(name, holder, ttl=ttl)
        finally:
            connections.close_all()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"lease:{name}", daemon=True)
    thread.start()
    try:
        yield holder
    finally:
        stop.set()
        thread.join(timeout=10)
        release(name, holder)
