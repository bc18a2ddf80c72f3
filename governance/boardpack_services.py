"""Writes of the board pack: ask for a month's pack (a pending row and a task in the outbox, in one
transaction), and generate it (claimed by compare-and-set, so two deliveries make it once)."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pghistory
from django.db import transaction
from django.utils import timezone

from .models_boardpack import BoardPack, BoardPackStatus

GENERATE_TASK = "governance.boardpack_tasks.board_pack_generate"
# a pack claimed this long ago and not finished had its worker die: it may be claimed again
CLAIM_TIMEOUT = timedelta(minutes=15)


def previous_month(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def board_pack_request(*, month: date, actor=None, reason: str) -> BoardPack:
    """Ask for the pack of `month` (its first day): a new row, or the month's row reset to pending
    (the history keeps the version it replaces). Sent to a worker after the commit."""
    from infra.outbox import enqueue

    month = month.replace(day=1)
    with transaction.atomic(), pghistory.context(user=getattr(actor, "id", None), reason=reason):
        pack, created = BoardPack.objects.select_for_update().get_or_create(
            month=month, defaults={"requested_by": actor, "reason": reason}
        )
        if not created:
            if pack.is_waiting:
                return pack  # already on its way: asking twice makes it once
            pack.status = BoardPackStatus.PENDING
            pack.requested_by = actor
            pack.reason = reason
            pack.requested_at = timezone.now()
            pack.started_at = None
            pack.error = ""
            pack.save(update_fields=["status", "requested_by", "reason", "requested_at", "started_at", "error"])
        enqueue(GENERATE_TASK, pack.id)
    return pack


def board_pack_generate(*, pack_id: int, today: date | None = None) -> str:
    """Generate a pending pack. Idempotent: a pack that is ready, failed, or being made by a live
    worker is left alone."""
    from .boardpack import board_pack_pdf

    now = timezone.now()
    claimed = BoardPack.objects.filter(id=pack_id, status=BoardPackStatus.PENDING).update(
        status=BoardPackStatus.GENERATING, started_at=now
    ) or BoardPack.objects.filter(
        id=pack_id, status=BoardPackStatus.GENERATING, started_at__lt=now - CLAIM_TIMEOUT
    ).update(started_at=now)
    if not claimed:
        return "nothing to do"
    pack = BoardPack.objects.get(id=pack_id)
    try:
        pdf, pages = board_pack_pdf(month=pack.month, today=today)
    except Exception as exc:
        with pghistory.context(reason="Board pack generation failed"):
            BoardPack.objects.filter(id=pack_id, status=BoardPackStatus.GENERATING).update(
                status=BoardPackStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000]
            )
        raise
    with pghistory.context(reason=pack.reason or "Board pack generated"):
        BoardPack.objects.filter(id=pack_id, status=BoardPackStatus.GENERATING).update(
            status=BoardPackStatus.READY,
            pdf=pdf,
            sha256=hashlib.sha256(pdf).hexdigest(),
            pages=pages,
            generated_at=timezone.now(),
            error="",
        )
    return str(pack.public_id)
