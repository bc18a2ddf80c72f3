"""Celery tasks of the governance return part (thin: load by id, call a service)."""
