"""Celery tasks of the governance timeliness part (thin: load by id, call a service)."""
