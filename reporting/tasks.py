from celery import shared_task

from .services import reminders_send


@shared_task
def send_report_reminders() -> int:
    """Daily: reminders to acknowledge reports within 7 days and give feedback within 3 months."""
    return reminders_send()
