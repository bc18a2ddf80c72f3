"""Celery tasks of the governance boardpack part (thin: load by id, call a service)."""
