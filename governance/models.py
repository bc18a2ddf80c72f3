"""Governance models live in modules of their own, one per part, imported here for Django."""

from .models_return import ReturnSummary  # noqa: F401
