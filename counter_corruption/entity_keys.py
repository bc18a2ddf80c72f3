"""The one normalisation of things outside the workforce: the same phone, vehicle, outside person,
address or business written differently resolves to one ``Entity`` row per ``(kind, key)``.

Pure functions (no database): intelligence logs, the link analysis and the registers all call
``entity_key`` so their keys agree.

- phone: the digits only, a UK +44 / 0044 prefix written as the leading 0 ("+44 7700 900123" and
  "07700-900123" are one phone);
- vehicle: the registration mark (VRM) in capitals without spaces or punctuation;
- person: surname, forenames and date of birth in capitals ("MARSH|DEAN|1984-03-02"), the date of
  birth from ``attributes["date_of_birth"]`` (without it the key is the name alone, weaker);
- address: the postcode without spaces and the house number or name ("LS11AA|12"), from
  ``attributes`` ("postcode", "house") or found in the raw text;
- business and e-mail: in capitals (e-mail: lower case), spaces collapsed, for a business the
  common suffixes (LTD, LIMITED, PLC, LLP) dropped.
"""

from __future__ import annotations

import re

from .choices import EntityKind

POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][0-9A-Z]?)\s*([0-9][A-Z]{2})\b")
HOUSE = re.compile(r"^\s*(?:FLAT\s+\w+,?\s*)?(\d+[A-Z]?)\b")
BUSINESS_SUFFIX = re.compile(r"\b(LTD|LIMITED|PLC|LLP)\.?$")


class EntityKeyError(ValueError):
    """The raw value gives no usable key (e.g. a phone with no digits)."""


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _phone(raw: str) -> tuple[str, str]:
    digits = re.sub(r"\D", "", raw or "")
    if digits.startswith("0044"):
        digits = "0" + digits[4:]
    elif digits.startswith("44") and (raw or "").strip().startswith("+"):
        digits = "0" + digits[2:]
    if len(digits) < 6:
        raise EntityKeyError("A phone number needs at least 6 digits.")
    return digits, digits


def _vehicle(raw: str) -> tuple[str, str]:
    vrm = re.sub(r"[^A-Z0-9]", "", (raw or "").upper())
    if len(vrm) < 2:
        raise EntityKeyError("Enter the vehicle registration mark.")
    return vrm, vrm


def _person(raw: str, attributes: dict) -> tuple[str, str]:
    name = _collapse(re.sub(r"[^A-Za-z' -]", " ", raw or "")).upper()
    if not name:
        raise EntityKeyError("Enter the person's name.")
    surname = (attributes.get("surname") or "").upper().strip()
    forenames = (attributes.get("forenames") or "").upper().strip()
    if not surname:
        parts = name.split(" ")
        surname, forenames = parts[-1], " ".join(parts[:-1])
    dob = str(attributes.get("date_of_birth") or "").strip()
    key = "|".join([surname, forenames, dob])
    display = _collapse(f"{forenames.title()} {surname.title()}") + (f" (born {dob})" if dob else "")
    return key, display


def _address(raw: str, attributes: dict) -> tuple[str, str]:
    text = _collapse(raw).upper()
    postcode = (attributes.get("postcode") or "").upper()
    if not postcode:
        found = POSTCODE.search(text)
        postcode = found.group(1) + found.group(2) if found else ""
    postcode = postcode.replace(" ", "")
    house = str(attributes.get("house") or "").upper().strip()
    if not house:
        found = HOUSE.search(text)
        house = found.group(1) if found else text.split(",")[0].strip()
    if not postcode:
        raise EntityKeyError("An address needs its postcode.")
    return f"{postcode}|{house}", _collapse(raw)


def _business(raw: str) -> tuple[str, str]:
    name = _collapse(re.sub(r"[^A-Za-z0-9& -]", " ", raw or "")).upper()
    name = _collapse(BUSINESS_SUFFIX.sub("", name))
    if not name:
        raise EntityKeyError("Enter the business's name.")
    return name, _collapse(raw)


def _email(raw: str) -> tuple[str, str]:
    email = (raw or "").strip().lower()
    if "@" not in email:
        raise EntityKeyError("Enter the e-mail address.")
    return email, email


def entity_key(kind: str, raw: str, attributes: dict | None = None) -> tuple[str, str]:
    """(key, display) of a raw value of the given kind; EntityKeyError when it gives no key."""
    attributes = attributes or {}
    if kind == EntityKind.PHONE:
        return _phone(raw)
    if kind == EntityKind.VEHICLE:
        return _vehicle(raw)
    if kind == EntityKind.OUTSIDE_PERSON:
        return _person(raw, attributes)
    if kind == EntityKind.ADDRESS:
        return _address(raw, attributes)
    if kind == EntityKind.BUSINESS:
        return _business(raw)
    if kind == EntityKind.EMAIL:
        return _email(raw)
    raise EntityKeyError(f"Unknown kind of entity: {kind}")
