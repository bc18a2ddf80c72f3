"""Things the link analysis can find in free text a source app holds (a screening hit's summary,
a reporting-line report's description): phone numbers, vehicle registrations, e-mail addresses,
postcodes with the house number before them, and "associate of NAME (born DATE)".

Pure functions; the values are raw (as written): counter_corruption normalises them."""

from __future__ import annotations

import re

# UK numbers as people write them: 07700 900123, +44 7700 900123, (0113) 496 0000, 0044...
PHONE = re.compile(r"(?<![\w+])(?:\+44\s?|0044\s?|0)(?:\(0\)\s?)?\d(?:[\s\-()]?\d){8,9}(?!\d)")
# current (AB12 CDE), prefix (A123 BCD) and suffix (ABC 123D) formats
VRM = re.compile(r"\b(?:[A-Z]{2}\d{2}\s?[A-Z]{3}|[A-Z]\d{1,3}\s?[A-Z]{3}|[A-Z]{3}\s?\d{1,3}[A-Z])\b")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b", re.IGNORECASE)
# "14 Larch Road, Leeds LS6 2QT": the number opening the address, up to the postcode
ADDRESS = re.compile(
    r"\b(\d{1,4}[A-Z]?\s+[A-Z][\w' .-]{2,60}?,?\s+(?:[A-Z][\w' -]{1,40},?\s+)?"
    r"[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\b",
    re.IGNORECASE,
)
ASSOCIATE = re.compile(
    r"associate of (?:the )?(?:nominal |OCG nominal |organised crime nominal )?"
    r"([A-Z][A-Za-z'’-]+(?:\s+[A-Z][A-Za-z'’-]+){1,3})"
    r"(?:\s*\((?:born|dob|DOB|d\.o\.b\.)\s*(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})\))?"
)


def phones_in(text: str) -> list[str]:
    return [m.group(0) for m in PHONE.finditer(text or "")]


def vehicles_in(text: str) -> list[str]:
    return [m.group(0) for m in VRM.finditer(text or "")]


def emails_in(text: str) -> list[str]:
    return [m.group(0) for m in EMAIL.finditer(text or "")]


def addresses_in(text: str) -> list[str]:
    return [m.group(1) for m in ADDRESS.finditer(text or "")]


def associates_in(text: str) -> list[tuple[str, str]]:
    """(name, date of birth as written or '') for each 'associate of NAME (born DATE)'."""
    return [(m.group(1), m.group(2) or "") for m in ASSOCIATE.finditer(text or "")]
