"""Shoulder (collar) numbers: how one is written in the HR extract, and how a search term names one.

People write a shoulder number as they saw it: "PC 4471", "pc4471", "4471 CW", "DS 212". The
workforce record keeps it as worn, upper case without spaces ("4471CW"). A search for the number
alone finds it with or without the borough or division letters after it, since a reporter rarely
knows them.
"""

from __future__ import annotations

import re

from django.db.models import Q

# As worn: digits, with the letters of a borough or division before or after (4471, 4471CW, CW4471).
SHOULDER_NUMBER = re.compile(r"^[A-Z]{0,3}[0-9]{1,6}[A-Z]{0,3}$")
# Ranks and titles a person may put before the number when searching.
_TITLE = re.compile(
    r"^(?:PC|WPC|PS|DC|DS|TDC|TPC|SC|PCSO|SGT|SERGEANT|CONSTABLE|OFFICER|COLLAR|SHOULDER)(?=[\s.:#-]|[0-9])[\s.:#-]*(?:NO\b|NUMBER\b)?[\s.:#-]*"
)
_DIGITS = re.compile(r"^[0-9]+$")


def shoulder_number_clean(raw: str) -> str:
    """The number as stored: upper case, spaces removed (no check; see SHOULDER_NUMBER)."""
    return "".join((raw or "").upper().split())


def shoulder_number_in(term: str) -> str | None:
    """The shoulder number a search term names ("PC 4471" -> "4471"), or None if it names none."""
    text = " ".join((term or "").upper().split())
    text = _TITLE.sub("", text)
    number = text.replace(" ", "")
    return number if number and SHOULDER_NUMBER.match(number) and any(c.isdigit() for c in number) else None


def shoulder_number_q(number: str) -> Q:
    """People wearing this number: exactly, or (a number given alone) with letters after it.

    The prefix condition uses the partial ``person_shoulder_number`` index; the pattern then keeps
    "4471CW" but not "44712".
    """
    query = Q(shoulder_number=number)
    if _DIGITS.match(number):
        query |= Q(shoulder_number__startswith=number, shoulder_number__regex=rf"^{number}[A-Z]+$")
    # repeats the partial index's condition, so the planner may use it
    return query & ~Q(shoulder_number="")
