"""The counter-corruption unit's queue: one row per open intelligence log or open link alert, with
its score and the components behind it (counter_corruption/priority.py), and the weights as data."""

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class QueueWeight(models.Model):
    """One component of the unit's queue score and its weight: reference data the administrator
    changes in the admin (with history); a change re-scores the whole queue."""

    code = models.SlugField(max_length=40, primary_key=True)
    label = models.CharField(max_length=120)
    weight = models.FloatField(help_text="Points the component adds (a multiplier for 'theme')")
    parameter = models.FloatField(
        null=True,
        blank=True,
        help_text="A cap on the points of a counted component; days to the first review for review_overdue",
    )

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.label}: {self.weight}"


class QueueItemKind(models.TextChoices):
    LOG = "log", "Intelligence log"
    ALERT = "alert", "Link alert"


class UnitQueueItem(models.Model):
    """The current place of one log or link alert in the unit's queue.

    Not history-tracked (recomputed on every change and nightly, like cases.CasePriority);
    ``requested_at`` marks a row waiting to be re-scored, so a crash before the worker ran loses
    nothing: the sweeper finds it. ``status``, ``owner``, ``review_due`` and ``themes`` are copied
    from the source when it is scored, so that every filter is a condition on this one table."""

    kind = models.CharField(max_length=5, choices=QueueItemKind.choices)
    log = models.OneToOneField(
        "counter_corruption.IntelLog", null=True, blank=True, on_delete=models.CASCADE, related_name="queue_item"
    )
    alert = models.OneToOneField(
        "counter_corruption.LinkAlert", null=True, blank=True, on_delete=models.CASCADE, related_name="queue_item"
    )
    is_open = models.BooleanField(default=True)
    score = models.FloatField(default=0)
    components = models.JSONField(default=list)
    status = models.CharField(max_length=16, blank=True, default="")
    themes = ArrayField(models.SlugField(max_length=40), default=list, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_due = models.DateField(null=True, blank=True)
    weights_version = models.CharField(max_length=16, blank=True, default="")
    scored_at = models.DateTimeField(null=True, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="log", log__isnull=False, alert__isnull=True)
                    | models.Q(kind="alert", alert__isnull=False, log__isnull=True)
                ),
                name="unit_queue_item_one_source",
            )
        ]
        indexes = [
            models.Index(fields=["is_open", "-score"], name="unitqueue_open_score"),
            # the kind filter (logs only, alerts only) walks its own index
            models.Index(fields=["kind", "-score"], name="unitqueue_kind_score", condition=models.Q(is_open=True)),
            models.Index(
                fields=["requested_at"], name="unitqueue_requested", condition=models.Q(requested_at__isnull=False)
            ),
        ]

    @property
    def source(self):
        return self.log if self.kind == QueueItemKind.LOG else self.alert


class QueueScoringRun(models.Model):
    """A nightly (or on-demand) re-score of the whole queue, in chunks a worker claims."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    total_items = models.PositiveIntegerField(default=0)
    reason = models.CharField(max_length=200, default="nightly")

    class Meta:
        ordering = ["-started_at"]


class QueueScoringChunk(models.Model):
    run = models.ForeignKey(QueueScoringRun, on_delete=models.CASCADE, related_name="chunks")
    log_ids = ArrayField(models.BigIntegerField(), default=list)
    alert_ids = ArrayField(models.BigIntegerField(), default=list)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["run", "done_at"], name="unitqueue_chunk_run_done")]
