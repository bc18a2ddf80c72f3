from celery import shared_task


@shared_task(name="integrity.tasks.business_interest_reviews_remind")
def business_interest_reviews_remind() -> str:
    """Daily: mark business interests whose annual review has come as due, and remind each declarer
    once per review (idempotent: a retry or a second run sends nothing more)."""
    from .services import review_reminders_send

    return f"{review_reminders_send()} review reminder(s) sent"
