"""Celery tasks of the monitoring rules (autodiscovered by misconduct.celery)."""
