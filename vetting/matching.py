"""Identity resolution: is this PND candidate the employee we asked about?

Each candidate gets a score out of 100 and the reasons for it, then a decision by configurable
thresholds: `match` (automatic), `possible` (a person reviews it; never dropped) or `reject`.

Evidence and weights (the best name pairing across the employee's current and previous surnames
and every candidate name, primary or alias, in either order):
- surname (35): exact; same apart from spacing, hyphens, apostrophes or accents; one part of a
  double-barrelled name; one or two letters different;
- forename (25): exact; a nickname or spelling variant (names.py); initial only; middle name used;
  a typo;
- date of birth (30): exact; day and month transposed; one digit different; year one out;
  none held counts half; close (a keying slip of one or two keystrokes: the decade digit, the day
  a few out, year and day both a little out, two digits swapped, 1 January for an unknown day)
  counts 0.4, enough with the names for a person to look, never for an automatic match; a clear
  difference costs 15 more, because it is strong evidence of a different person;
- postcode (6): same, or same district; gender (4): same; a different gender costs 10.

A surname that only sounds the same (a spelling or transliteration: IVANOV, IVANOFF) counts a
little over half; a forename that only starts the same or is a short name one letter out counts
0.35. With no surname in common at all (a change of name HR does not know of, or a
transliteration no rule knows), the same forename with the exact date of birth and another
agreeing detail (postcode, gender, or every forename) make a possible match, never an automatic
one. Titles and suffixes in the name
fields (MR, DR, JNR) are left out of the comparison.

An automatic match also needs the date of birth to agree (exactly or by one of the variations):
a father and son of the same name at one address differ only there. When it agrees only one
digit or one year out, the postcode or a middle name must agree as well: a namesake born nearby
looks just like that.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from rapidfuzz.distance import DamerauLevenshtein

from .names import normalise, same_forename, sound_key, strip_titles

DEFAULT_THRESHOLDS = {"match": 85.0, "possible": 55.0}
WEIGHTS = {"surname": 35.0, "forename": 25.0, "dob": 30.0, "postcode": 6.0, "gender": 4.0}
DOB_CONFLICT_PENALTY = 15.0
FORENAME_SIMILAR = 0.35
DOB_NEAR = 0.4  # below the 0.65 an automatic match needs
SURNAME_SOUNDS_ALIKE = 0.55
SURNAME_CHANGED = 10.0  # the allowance for a surname changed (with forenames and date agreeing)
GENDER_CONFLICT_PENALTY = 10.0


@dataclass
class Employee:
    ref: str
    surname: str
    forenames: str
    previous_surnames: list[str] = field(default_factory=list)
    date_of_birth: date | None = None
    gender: str = ""
    postcode: str = ""


@dataclass
class CandidateName:
    surname: str
    forenames: str
    type: str = "primary"


@dataclass
class Candidate:
    request_ref: str
    pnd_person_id: str
    names: list[CandidateName]
    dates_of_birth: list[date] = field(default_factory=list)
    gender: str = ""
    postcodes: list[str] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)


@dataclass
class Resolution:
    decision: str
    score: float
    reasons: list[str]


class BadCandidate(ValueError):
    pass


def _date(value) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


# What one response line may hold (pnd-screening.md). A longer value is a bad line, named by its
# number, never truncated: a cut identifier could merge two records, and the database refuses
# what does not fit. The last three are the storage limits of a hit.
MAX_LINE_BYTES = 1_000_000
MAX_DEPTH = 20
MAX_ITEMS = {"names": 50, "dates_of_birth": 50, "postcodes": 50, "records": 1000}
MAX_LENGTH = {
    "request_ref": 20,
    "pnd_person_id": 40,
    "surname": 100,
    "forenames": 200,
    "type": 20,
    "gender": 20,
    "date_of_birth": 40,
    "postcode": 12,
    "record_id": 60,
    "category": 40,
    "offence_group": 60,
    "force_code": 10,
    "date": 40,
    "summary": 20_000,
}


def _not_a_number(value: str):
    raise BadCandidate(f"not a number ({value}) in the JSON")


def _check_values(value, depth: int = 0) -> None:
    """Every string storable as PostgreSQL text (no NUL, valid UTF-8); numbers finite; shallow."""
    if depth > MAX_DEPTH:
        raise BadCandidate(f"nested too deeply (more than {MAX_DEPTH} levels)")
    if isinstance(value, str):
        if "\x00" in value:
            raise BadCandidate("contains a NUL character (\\u0000)")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise BadCandidate("not valid UTF-8 (an unpaired surrogate escape)") from None
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise BadCandidate("not a number (NaN or Infinity) in the JSON")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_values(key, depth + 1)
            _check_values(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_values(item, depth + 1)


def _length(value, key: str, where: str = "") -> str:
    text = "" if value is None else str(value)
    if len(text) > MAX_LENGTH[key]:
        raise BadCandidate(f"{where}{key} is longer than {MAX_LENGTH[key]} characters ({len(text)})")
    return text


def candidate_from_line(raw: bytes) -> Candidate:
    """One line of the bulk-check response, checked byte by byte and value by value before anything
    is stored; BadCandidate names what is wrong with it."""
    if len(raw) > MAX_LINE_BYTES:
        raise BadCandidate(f"line longer than {MAX_LINE_BYTES:,} bytes")
    if b"\x00" in raw:
        raise BadCandidate("contains a NUL byte")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadCandidate("not valid UTF-8") from None
    try:
        obj = json.loads(text, parse_constant=_not_a_number)
    except RecursionError:
        raise BadCandidate(f"nested too deeply (more than {MAX_DEPTH} levels)") from None
    except BadCandidate:
        raise
    except ValueError:
        raise BadCandidate("not valid JSON") from None
    _check_values(obj)
    return candidate_from_json(obj)


def candidate_from_json(obj: dict) -> Candidate:
    """One parsed JSON line of the bulk-check response; BadCandidate names what is wrong."""
    if not isinstance(obj, dict):
        raise BadCandidate("not a JSON object")
    for key in ("request_ref", "pnd_person_id"):
        if not isinstance(obj.get(key), str) or not obj.get(key):
            raise BadCandidate(f"{key} is required")
        _length(obj[key], key)
    names = obj.get("names")
    if not isinstance(names, list) or not names:
        raise BadCandidate("names must be a list with at least one name")
    for key, most in MAX_ITEMS.items():
        if isinstance(obj.get(key), list) and len(obj[key]) > most:
            raise BadCandidate(f"{key} holds more than {most} entries")
    parsed = []
    for n in names:
        if not isinstance(n, dict) or not (n.get("surname") or n.get("forenames")):
            raise BadCandidate("each name needs a surname or forenames")
        parsed.append(
            CandidateName(
                _length(n.get("surname") or "", "surname", "a name's "),
                _length(n.get("forenames") or "", "forenames", "a name's "),
                _length(n.get("type") or "primary", "type", "a name's "),
            )
        )
    dobs = obj.get("dates_of_birth") or []
    records = obj.get("records") or []
    postcodes = obj.get("postcodes") or []
    if not isinstance(dobs, list) or not isinstance(records, list) or not isinstance(postcodes, list):
        raise BadCandidate("dates_of_birth, postcodes and records must be lists")
    for d in dobs:
        _length(d, "date_of_birth")
    for p in postcodes:
        _length(p, "postcode")
    records = [r for r in records if isinstance(r, dict)]
    for r in records:
        for key in ("record_id", "category", "offence_group", "force_code", "date", "summary"):
            _length(r.get(key) or "", key, "a record's ")
    return Candidate(
        request_ref=obj["request_ref"],
        pnd_person_id=obj["pnd_person_id"],
        names=parsed,
        dates_of_birth=[d for d in (_date(v) for v in dobs) if d],
        gender=_length(obj.get("gender") or "", "gender").upper()[:1],
        postcodes=[str(p) for p in postcodes if p],
        records=records,
    )


# ---------------------------------------------------------------- names


_MC = re.compile(r"(?:(?<=^)|(?<= ))MC(?=[A-Z])")


@lru_cache(maxsize=200_000)
def _surname(employee: str, candidate: str) -> tuple[float, str]:
    if not employee or not candidate:
        return 0.0, ""
    employee, candidate = _MC.sub("MAC", employee), _MC.sub("MAC", candidate)  # MCLEAN is MACLEAN
    if employee == candidate:
        return 1.0, "surname exact"
    if employee.replace(" ", "") == candidate.replace(" ", ""):
        return 1.0, "surname same apart from spacing or hyphen"
    e_parts, c_parts = set(employee.split()), set(candidate.split())
    if (len(e_parts) > 1 or len(c_parts) > 1) and e_parts & c_parts:
        return 0.85, "one part of a double-barrelled surname"
    e_flat, c_flat = employee.replace(" ", ""), candidate.replace(" ", "")
    shortest = min(len(e_flat), len(c_flat))
    distance = DamerauLevenshtein.distance(e_flat, c_flat)
    if distance == 1 and shortest >= 4:
        return 0.8, "surname one letter different"
    if distance == 2 and shortest >= 7:
        return 0.6, "surname two letters different"
    if distance == 1:
        return 0.5, "short surname one letter different"
    # one part of a double-barrelled name with a typo
    if len(e_parts) > 1 or len(c_parts) > 1:
        for e in e_parts:
            for c in c_parts:
                if min(len(e), len(c)) >= 4 and DamerauLevenshtein.distance(e, c) == 1:
                    return 0.7, "one part of a double-barrelled surname, one letter different"
    if shortest >= 4:
        e_keys = {sound_key(e_flat)} | ({sound_key(p) for p in e_parts} if len(e_parts) > 1 else set())
        c_keys = {sound_key(c_flat)} | ({sound_key(p) for p in c_parts} if len(c_parts) > 1 else set())
        if {k for k in e_keys if len(k) >= 2} & c_keys:
            return SURNAME_SOUNDS_ALIKE, "surname sounds the same (spelling or transliteration)"
    return 0.0, ""


@lru_cache(maxsize=200_000)
def _forename(employee: str, candidate: str) -> tuple[float, str]:
    e, c = employee.split(), candidate.split()
    if not e or not c:
        return 0.3, "no forename to compare"
    if e[0] == c[0]:
        return 1.0, "forename exact"
    if same_forename(e[0], c[0]):
        return 0.9, f"forename variant ({c[0].title()} for {e[0].title()})"
    if len(c[0]) == 1:
        if c[0] == e[0][0]:
            return 0.6, "forename initial"
        return 0.0, ""
    if len(e[0]) == 1 and e[0] == c[0][0]:
        return 0.6, "forename initial"
    if any(c[0] == x or same_forename(x, c[0]) for x in e[1:]) or any(
        e[0] == x or same_forename(e[0], x) for x in c[1:]
    ):
        return 0.75, "middle name used as forename"
    shortest = min(len(e[0]), len(c[0]))
    distance = DamerauLevenshtein.distance(e[0], c[0])
    if distance == 1 and shortest >= 4:
        return 0.8, "forename one letter different"
    if distance == 2 and shortest >= 7:
        return 0.6, "forename two letters different"
    # weak evidence, never enough on its own for an automatic match: a short name one letter out,
    # or a name that starts the same (a short form the table does not know: BAZ for BARRY)
    if distance == 1 or (shortest >= 2 and e[0][:2] == c[0][:2]) or (shortest >= 3 and (e[0] in c[0] or c[0] in e[0])):
        return FORENAME_SIMILAR, "forename similar (a short form or a slip?)"
    if set(e[1:]) & set(c[1:]):
        return FORENAME_SIMILAR, "forename differs, a middle name the same"
    return 0.0, ""


def _names(employee: Employee, candidate: Candidate) -> tuple[float, list[str]]:
    forenames = strip_titles(normalise(employee.forenames))
    surnames = [(strip_titles(normalise(employee.surname)), "")] + [
        (strip_titles(normalise(s)), "previous surname") for s in employee.previous_surnames if s
    ]
    best, reasons = 0.0, []
    for name in candidate.names:
        c_surname, c_forenames = strip_titles(normalise(name.surname)), strip_titles(normalise(name.forenames))
        alias = "alias name" if name.type == "alias" else ""
        for e_surname, previous in surnames:
            for swapped, (cs, cf) in enumerate(((c_surname, c_forenames), (c_forenames, c_surname))):
                s, s_reason = _surname(e_surname, cs)
                if not s:
                    continue
                f, f_reason = _forename(forenames, cf)
                score = WEIGHTS["surname"] * s + WEIGHTS["forename"] * f
                if swapped:
                    score *= 0.95
                if score > best:
                    best = score
                    reasons = [r for r in (s_reason, f_reason, previous, alias) if r]
                    if swapped:
                        reasons.append("forename and surname swapped")
    return best, reasons


def _middle_name_agrees(employee: Employee, candidate: Candidate) -> bool:
    """A middle name of the employee's is among the candidate's forenames (beyond the first)."""
    middles = set(strip_titles(normalise(employee.forenames)).split()[1:])
    if not middles:
        return False
    return any(middles & set(strip_titles(normalise(n.forenames)).split()[1:]) for n in candidate.names)


def _forenames_only(employee: Employee, candidate: Candidate) -> tuple[float, bool]:
    """For a candidate with no surname in common: how well the first forename agrees, and whether
    every forename agrees (at least two of them)."""
    forenames = strip_titles(normalise(employee.forenames))
    best, full = 0.0, False
    for name in candidate.names:
        for given in (name.forenames, name.surname):  # in either field
            c_forenames = strip_titles(normalise(given))
            f, _ = _forename(forenames, c_forenames)
            best = max(best, f)
            full = full or (len(forenames.split()) >= 2 and forenames == c_forenames)
    return best, full


# ---------------------------------------------------------------- date of birth, postcode, gender


def _one_digit(a: date, b: date) -> bool:
    x, y = a.strftime("%Y%m%d"), b.strftime("%Y%m%d")
    return sum(p != q for p, q in zip(x, y, strict=True)) == 1


def _near(a: date, b: date) -> bool:
    """One or two keystrokes apart: the day a few out (with the year one or ten out, or right);
    the month one out; the decade digit; two digits different or swapped; 1 January standing for
    an unknown day."""
    for years in (0, 1, -1, 10, -10):
        try:
            shifted = b.replace(year=b.year + years)
        except ValueError:
            continue
        if abs((a - shifted).days) <= 3:
            return True
    if a.year == b.year and a.day == b.day and abs(a.month - b.month) == 1:
        return True
    if (a.month, a.day) == (1, 1) and a.year == b.year or (b.month, b.day) == (1, 1) and a.year == b.year:
        return True
    return DamerauLevenshtein.distance(a.strftime("%Y%m%d"), b.strftime("%Y%m%d")) <= 2


def _dob(employee: date | None, candidates: list[date]) -> tuple[float, str]:
    if employee is None or not candidates:
        return 0.5, "date of birth not held"
    best = (0.0, "date of birth differs")
    for d in candidates:
        if d == employee:
            return 1.0, "date of birth exact"
        if d.year == employee.year and d.day == employee.month and d.month == employee.day:
            option = (0.85, "date of birth day and month transposed")
        elif _one_digit(d, employee):
            option = (0.7, "date of birth one digit different")
        elif abs(d.year - employee.year) == 1 and (d.month, d.day) == (employee.month, employee.day):
            option = (0.65, "date of birth year one out")
        elif _near(d, employee):
            option = (DOB_NEAR, "date of birth close (one or two keystrokes out)")
        else:
            continue
        best = max(best, option)
    return best


def _postcode(employee: str, candidates: list[str]) -> tuple[float, str]:
    e = employee.replace(" ", "").upper()
    if not e or not candidates:
        return 0.0, ""
    best = (0.0, "")
    for p in candidates:
        c = p.replace(" ", "").upper()
        if c == e:
            return 1.0, "postcode same"
        if len(c) > 3 and len(e) > 3 and c[:-3] == e[:-3]:
            best = (0.5, "postcode district same")
    return best


def resolve(employee: Employee, candidate: Candidate, thresholds: dict | None = None) -> Resolution:
    thresholds = thresholds or DEFAULT_THRESHOLDS
    name_score, reasons = _names(employee, candidate)
    dob, dob_reason = _dob(employee.date_of_birth, candidate.dates_of_birth)
    postcode, postcode_reason = _postcode(employee.postcode, candidate.postcodes)
    surname_in_common = bool(reasons)
    if not reasons:
        reasons = ["no name in common"]
        forename, full = _forenames_only(employee, candidate)
        e_gender, c_gender = (employee.gender or "").upper()[:1], (candidate.gender or "").upper()[:1]
        same_gender = e_gender in ("M", "F") and e_gender == c_gender
        agreeing = bool(full) + bool(postcode) + same_gender
        if dob == 1.0 and (forename >= 0.9 and agreeing >= 1 or forename >= 0.75 and agreeing >= 2):
            name_score = WEIGHTS["forename"] * forename + SURNAME_CHANGED
            reasons = [
                "surname differs (a change of name?)",
                "forenames same" if full else "forename same" if forename >= 0.9 else "forename similar",
            ]
    score = name_score + WEIGHTS["dob"] * dob
    reasons.append(dob_reason)
    if dob == 0.0:
        score -= DOB_CONFLICT_PENALTY
    score += WEIGHTS["postcode"] * postcode
    if postcode_reason:
        reasons.append(postcode_reason)
    e_gender, c_gender = (employee.gender or "").upper()[:1], (candidate.gender or "").upper()[:1]
    if e_gender in ("M", "F") and c_gender in ("M", "F"):
        if e_gender == c_gender:
            score += WEIGHTS["gender"]
            reasons.append("gender same")
        else:
            score -= GENDER_CONFLICT_PENALTY
            reasons.append("gender differs")
    else:
        score += WEIGHTS["gender"] / 2
    score = round(max(0.0, min(100.0, score)), 1)
    # a date one digit or a year out is also what a namesake born nearby looks like: an automatic
    # match on it needs one more detail to agree (the postcode, or a middle name)
    corroborated = dob >= 0.85 or postcode > 0 or _middle_name_agrees(employee, candidate)
    if score >= thresholds["match"] and dob >= 0.65 and surname_in_common and corroborated:
        decision = "match"
    elif score >= thresholds["possible"]:
        decision = "possible"
    else:
        decision = "reject"
    return Resolution(decision=decision, score=score, reasons=reasons)
