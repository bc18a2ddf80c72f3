"""Celery tasks of the audit-extract import (autodiscovered by misconduct.celery)."""
