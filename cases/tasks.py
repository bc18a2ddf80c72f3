from celery import shared_task


@shared_task(name="cases.tasks.draft_due_reg19_reports")
def draft_due_reg19_reports() -> int:
    """Nightly: draft every regulation 19 report that has fallen due (idempotent)."""
    from .services import reg19_drafts_make

    return reg19_drafts_make()
