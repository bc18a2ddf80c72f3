"""Celery tasks of the governance boardpack part (thin: load by id, call a service)."""

from datetime import timedelta

from celery import shared_task

RESEND_AFTER = timedelta(minutes=10)


@shared_task(name="governance.boardpack_tasks.board_pack_generate")
def board_pack_generate(pack_id: int) -> str:
    from .boardpack_services import board_pack_generate as generate

    return generate(pack_id=pack_id)


@shared_task(name="governance.boardpack_tasks.board_pack_monthly")
def board_pack_monthly() -> str:
    """On the 1st at 06:00: the pack of the month just ended (asked for once; a second run waits)."""
    from django.utils import timezone

    from .boardpack_services import board_pack_request, previous_month
    from .models_boardpack import BoardPack

    today = timezone.localdate()
    month = previous_month(today)
    pack = BoardPack.objects.filter(month=month).first()
    made_after_month_end = (
        pack is not None and pack.generated_at and timezone.localdate(pack.generated_at) >= today.replace(day=1)
    )
    if pack is not None and (pack.is_waiting or made_after_month_end):
        return "already asked for"  # a second run of the schedule makes nothing twice
    return str(board_pack_request(month=month, reason="Monthly schedule").public_id)


@shared_task(name="governance.boardpack_tasks.board_pack_sweep")
def board_pack_sweep() -> int:
    """Every 5 minutes: send again a pack left pending (lost message) or claimed by a worker that
    died; a message still waiting in the outbox for the broker is left to the outbox."""
    from django.db.models import Q
    from django.utils import timezone

    from infra.outbox import awaited, enqueue

    from .boardpack_services import CLAIM_TIMEOUT, GENERATE_TASK
    from .models_boardpack import BoardPack, BoardPackStatus

    now = timezone.now()
    stale = BoardPack.objects.filter(
        Q(status=BoardPackStatus.PENDING, requested_at__lt=now - RESEND_AFTER)
        | Q(status=BoardPackStatus.GENERATING, started_at__lt=now - CLAIM_TIMEOUT)
    )
    waiting = awaited(GENERATE_TASK, sent_within=RESEND_AFTER)
    resent = 0
    for pack_id in stale.values_list("id", flat=True):
        if pack_id not in waiting:
            enqueue(GENERATE_TASK, pack_id)
            resent += 1
    return resent
