"""Cells for CSV files people open in a spreadsheet: a value must never start like a formula
(spreadsheet formula injection, OWASP "CSV injection"). Used by every CSV export."""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """The value as text, with a leading apostrophe when it would start like a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


def safe_row(values: Iterable) -> list[str]:
    return [safe_cell(value) for value in values]
