"""Celery tasks of the governance return part (thin: load by id, call a service)."""

from celery import shared_task


@shared_task(name="governance.return_tasks.return_summary_rebuild")
def return_summary_rebuild(year: int) -> str:
    """On demand (the page found the year's counts stale): rebuild them if still stale."""
    from .home_office import summary_rebuild

    return "rebuilt" if summary_rebuild(year) else "fresh"


@shared_task(name="governance.return_tasks.return_summaries_refresh")
def return_summaries_refresh() -> str:
    """Periodic, and the sweeper of return_summary_rebuild: the last complete financial year, the
    current one and any year waiting for a rebuild are brought up to date."""
    from .home_office import summaries_refresh

    return f"{summaries_refresh()} rebuilt"
