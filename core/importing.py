"""Helpers shared by the CSV imports (workforce, case history)."""

from __future__ import annotations

import re
from datetime import date

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_iso_date(value: str, name: str, problems: list[str]) -> date | None:
    """A YYYY-MM-DD cell, or None when empty; a bad value adds a problem a person can act on."""
    if not value:
        return None
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        problems.append(f"{name} '{value}' is not a date in the form YYYY-MM-DD")
        return None
