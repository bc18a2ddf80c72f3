from celery import shared_task


@shared_task(name="vetting.clearance_tasks.expire_and_remind")
def expire_and_remind() -> str:
    """Daily: expire clearances whose renewal date has come, then remind the vetting officers of
    those due within 90 days. Both steps are idempotent, so a retry or a second run does no harm."""
    from .clearance_services import clearances_expire, expiry_reminders_send

    expired = clearances_expire()
    reminded = expiry_reminders_send()
    return f"{expired} expired, {reminded} reminded"
