import uuid

from django.db import models


class OutboxMessage(models.Model):
    """A task to send to the broker, written in the same transaction as the write that needs it.

    After the commit one quick, time-bounded send is tried; what is still unsent is sent by the
    every-minute sweeper (`infra.tasks.outbox_sweep`) once the broker is back. `task_id` is the
    Celery task id, so a worker records each start against its message (`runs`).
    """

    task_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    task = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    queue = models.CharField(max_length=50, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True, default="")
    runs = models.PositiveIntegerField(default=0, help_text="Times a worker started the task")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["id"], condition=models.Q(sent_at__isnull=True), name="infra_outbox_unsent"),
            models.Index(fields=["task", "created_at"], name="infra_outbox_task"),
        ]

    def __str__(self):
        return f"{self.task}{tuple(self.args)} ({'sent' if self.sent_at else 'pending'})"


class RunLease(models.Model):
    """Who is running a long task now: held while a worker beats its heart, free once it expires.

    A second delivery of the same task (a redelivered message, a sweeper's re-send) cannot take a
    lease that is alive, and a sweeper tells a dead run (lease expired) from a live one.
    """

    name = models.CharField(max_length=200, primary_key=True)
    holder = models.CharField(max_length=200)
    taken_at = models.DateTimeField()
    heartbeat_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    takes = models.PositiveIntegerField(default=1)

    def __str__(self):
        return f"{self.name} held by {self.holder} until {self.expires_at:%H:%M:%S}"


class FallbackCounter(models.Model):
    """A rate-limit counter kept in PostgreSQL while Redis cannot be reached (fixed windows).

    Only keyed hashes are stored (see reporting/ratelimit.py); rows of past windows are deleted by
    the outbox sweeper.
    """

    bucket = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    expires_at = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bucket", "key", "window_start"], name="infra_fallbackcounter_unique")
        ]
