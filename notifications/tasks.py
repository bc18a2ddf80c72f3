from celery import shared_task

from .services import notifications_email


@shared_task
def email_send() -> int:
    """Every few minutes: e-mail users whose notifications need action (at most once each)."""
    return notifications_email()
