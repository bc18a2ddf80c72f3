"""Entity resolution: one key per real-world thing, so the same phone, vehicle, address, business
or outside person seen against different officers in different sources becomes one Entity.

``entity_key(kind, raw, attributes) -> (key, display)`` (or ``None`` when the value cannot be a
thing of that kind):

- phone: its digits, +44 / 0044 / 44 written as the leading 0 ("+44 7700 900123" = "07700900123");
- vehicle: the registration in capitals without spaces ("ab12 cde" = "AB12CDE");
- e-mail: lower case, trimmed;
- business: the name normalised (capitals, no punctuation) without Ltd / Limited / PLC / LLP;
- address: the postcode without spaces and the house number ("LS62QT|14"); an address without a
  postcode keeps its normalised text;
- outside person: surname, forename as its nickname group's canonical form (vetting/names.py:
  BOB and ROBERT are one), and date of birth: "MARSH|DEAN|1984-03-02".

An outside person whose key is new is then compared with the people already known
(``person_match``): the same surname sound, the same forename or a known variant, and a date of
birth within a typo (exact, day and month swapped, one digit, a year out: vetting/matching.py's
scoring) resolve to the existing entity. Without a date of birth a name is never merged with a
dated one: a common name is not evidence of the same person.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from vetting.matching import _dob as dob_similarity  # noqa: PLC2701 (one scoring of dates for the force)
from vetting.names import _equivalents, normalise, same_forename, sound_key, strip_titles  # noqa: PLC2701

from .choices import EntityKind

_NOT_DIGIT = re.compile(r"\D")
_NOT_ALNUM = re.compile(r"[^A-Z0-9]")
_POSTCODE = re.compile(r"([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b")
_HOUSE_NUMBER = re.compile(r"\b(\d{1,4}[A-Z]?)\b")
_BUSINESS_SUFFIX = re.compile(r"(\s+(LTD|LIMITED|PLC|LLP|CO LTD|COMPANY LIMITED))+$")
DOB_SAME_PERSON = 0.65  # transposed day/month, one digit, a year out (vetting/matching.py scores)


def phone_key(raw: str) -> str | None:
    digits = _NOT_DIGIT.sub("", raw or "")
    if (raw or "").strip().startswith("+") or digits.startswith("00"):
        digits = digits.lstrip("0")
        if digits.startswith("44"):
            digits = "0" + digits[2:]
        else:
            return "+" + digits if len(digits) >= 8 else None  # a number abroad keeps its code
    elif digits.startswith("44") and len(digits) == 12:
        digits = "0" + digits[2:]
    if digits.startswith("00"):
        digits = digits[1:]  # +44 (0)7700: the (0) written as well
    return digits if 10 <= len(digits) <= 11 else None


def phone_display(key: str) -> str:
    if key.startswith("07") and len(key) == 11:
        return f"{key[:5]} {key[5:]}"
    if key.startswith("01") or key.startswith("02"):
        return f"{key[:4]} {key[4:7]} {key[7:]}" if key.startswith("02") else f"{key[:5]} {key[5:]}"
    return key


def vrm_key(raw: str) -> str | None:
    key = _NOT_ALNUM.sub("", (raw or "").upper())
    return key if 2 <= len(key) <= 8 and any(c.isdigit() for c in key) else None


def vrm_display(key: str) -> str:
    if re.fullmatch(r"[A-Z]{2}\d{2}[A-Z]{3}", key):
        return f"{key[:4]} {key[4:]}"
    return key


def email_key(raw: str) -> str | None:
    key = (raw or "").strip().lower()
    return key if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", key) else None


def business_key(raw: str) -> str | None:
    name = normalise(raw).replace("&", " AND ")
    name = re.sub(r"\s+", " ", name).strip()
    name = _BUSINESS_SUFFIX.sub("", name).strip()
    return name or None


def postcode_of(text: str) -> str:
    match = _POSTCODE.search(normalise(text))
    return f"{match.group(1)}{match.group(2)}" if match else ""


def address_key(raw: str, attributes: dict | None = None) -> str | None:
    attributes = attributes or {}
    text = normalise(raw)
    postcode = (attributes.get("postcode") or "").replace(" ", "").upper() or postcode_of(text)
    if not postcode:
        return text or None
    before = text.split(postcode[:-3], 1)[0] if postcode[:-3] in text else text
    number = attributes.get("house_number") or ""
    if not number:
        match = _HOUSE_NUMBER.search(before)
        number = match.group(1) if match else ""
    return f"{postcode}|{number}"


@lru_cache(maxsize=50_000)
def canonical_forename(forename: str) -> str:
    """One spelling for a forename and its nicknames (the first of the group alphabetically)."""
    group = _equivalents().get(forename)
    return min(group) if group else forename


def _date(value) -> date | None:
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    parts = re.split(r"[/.-]", text)
    if len(parts) == 3 and len(parts[2]) == 4:  # day/month/year as written in England
        try:
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            return None
    return None


def split_name(raw: str) -> tuple[str, str]:
    """(forename, surname) normalised: 'MARSH, Dean' and 'Mr Dean Marsh' give ('DEAN', 'MARSH')."""
    if "," in (raw or ""):
        surname, forenames = raw.split(",", 1)
        text = strip_titles(normalise(f"{forenames} {surname}"))
    else:
        text = strip_titles(normalise(raw))
    words = text.split()
    if not words:
        return "", ""
    if len(words) == 1:
        return "", words[0]
    return words[0], words[-1]


def person_key(raw: str, attributes: dict | None = None) -> tuple[str, dict] | None:
    forename, surname = split_name(raw)
    if not surname:
        return None
    born = _date((attributes or {}).get("date_of_birth"))
    canonical = canonical_forename(forename) if forename else ""
    details = {
        "surname": surname,
        "forename": forename,
        "sound": sound_key(surname),
        "date_of_birth": born.isoformat() if born else "",
    }
    return f"{surname}|{canonical}|{details['date_of_birth']}", details


def entity_key(kind: str, raw: str, attributes: dict | None = None) -> tuple[str, str] | None:
    """(key, display) for a raw value of a kind, or None when it is not one."""
    attributes = attributes or {}
    if kind == EntityKind.PHONE:
        key = phone_key(raw)
        return (key, phone_display(key)) if key else None
    if kind == EntityKind.VEHICLE:
        key = vrm_key(raw)
        return (key, vrm_display(key)) if key else None
    if kind == EntityKind.EMAIL:
        key = email_key(raw)
        return (key, key) if key else None
    if kind == EntityKind.BUSINESS:
        key = business_key(raw)
        return (key, key.title()) if key else None
    if kind == EntityKind.ADDRESS:
        key = address_key(raw, attributes)
        return (key, " ".join((raw or "").split())[:300]) if key else None
    if kind == EntityKind.OUTSIDE_PERSON:
        found = person_key(raw, attributes)
        if found is None:
            return None
        key, details = found
        name = f"{details['forename'].title()} {details['surname'].title()}".strip()
        if details["date_of_birth"]:
            name += f" (born {details['date_of_birth']})"
        return key, name
    return None


def person_match(details: dict, known: list[tuple[str, dict]]) -> str | None:
    """The key of a known outside person this one is (``known``: (key, attributes) of people with
    the same surname sound), or None. Both dates of birth are needed; the closest wins."""
    born = _date(details.get("date_of_birth"))
    if born is None or not details.get("forename"):
        return None
    best: tuple[float, str] | None = None
    for key, attributes in known:
        other_born = _date(attributes.get("date_of_birth"))
        if other_born is None or not attributes.get("forename"):
            continue
        if attributes.get("sound") != details.get("sound"):
            continue
        if not same_forename(details["forename"], attributes["forename"]) and canonical_forename(
            details["forename"]
        ) != canonical_forename(attributes["forename"]):
            continue
        score, _reason = dob_similarity(born, [other_born])
        if score >= DOB_SAME_PERSON and (best is None or score > best[0]):
            best = (score, key)
    return best[1] if best else None
