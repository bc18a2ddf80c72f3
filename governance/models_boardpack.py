"""The monthly board pack for the professional standards board: one PDF per month.

Regenerating a month's pack replaces its PDF in the same row; the row's history (pghistory) keeps
who asked for each version, why, when it was made and its SHA-256, so an earlier version that was
circulated can still be identified. The PDF bytes themselves are not copied into the history.
"""

from __future__ import annotations

import uuid

import pghistory
from django.conf import settings
from django.db import models


class BoardPackStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be generated"
    GENERATING = "generating", "Being generated"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), exclude=["pdf"])
class BoardPack(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    month = models.DateField(unique=True, help_text="First day of the month the pack reports on")
    status = models.CharField(max_length=12, choices=BoardPackStatus.choices, default=BoardPackStatus.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Blank when the monthly schedule or a command asked for it",
    )
    reason = models.CharField(max_length=300, blank=True, default="")
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    pdf = models.BinaryField(editable=False, default=b"")
    sha256 = models.CharField(max_length=64, blank=True, default="")
    pages = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-month"]
        constraints = [models.CheckConstraint(condition=models.Q(month__day=1), name="boardpack_month_first_day")]

    def __str__(self):
        return f"Board pack {self.month:%B %Y}"

    @property
    def is_waiting(self) -> bool:
        return self.status in (BoardPackStatus.PENDING, BoardPackStatus.GENERATING)
