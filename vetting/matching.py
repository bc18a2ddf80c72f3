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
  none held counts half; a clear difference costs 15 more, because it is strong evidence of a
  different person;
- postcode (6): same, or same district; gender (4): same; a different gender costs 10.

An automatic match also needs the date of birth to agree (exactly or by one of the variations):
a father and son of the same name at one address differ only there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from rapidfuzz.distance import DamerauLevenshtein

from .names import normalise, same_forename

DEFAULT_THRESHOLDS = {"match": 85.0, "possible": 55.0}
WEIGHTS = {"surname": 35.0, "forename": 25.0, "dob": 30.0, "postcode": 6.0, "gender": 4.0}
DOB_CONFLICT_PENALTY = 15.0
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


def candidate_from_json(obj: dict) -> Candidate:
    """One parsed JSON line of the bulk-check response; BadCandidate names what is wrong."""
    if not isinstance(obj, dict):
        raise BadCandidate("not a JSON object")
    for key in ("request_ref", "pnd_person_id"):
        if not isinstance(obj.get(key), str) or not obj.get(key):
            raise BadCandidate(f"{key} is required")
    names = obj.get("names")
    if not isinstance(names, list) or not names:
        raise BadCandidate("names must be a list with at least one name")
    parsed = []
    for n in names:
        if not isinstance(n, dict) or not (n.get("surname") or n.get("forenames")):
            raise BadCandidate("each name needs a surname or forenames")
        parsed.append(
            CandidateName(str(n.get("surname") or ""), str(n.get("forenames") or ""), str(n.get("type") or "primary"))
        )
    dobs = obj.get("dates_of_birth") or []
    records = obj.get("records") or []
    if not isinstance(dobs, list) or not isinstance(records, list):
        raise BadCandidate("dates_of_birth and records must be lists")
    return Candidate(
        request_ref=obj["request_ref"],
        pnd_person_id=obj["pnd_person_id"],
        names=parsed,
        dates_of_birth=[d for d in (_date(v) for v in dobs) if d],
        gender=str(obj.get("gender") or "").upper()[:1],
        postcodes=[str(p) for p in (obj.get("postcodes") or []) if p],
        records=[r for r in records if isinstance(r, dict)],
    )


# ---------------------------------------------------------------- names


@lru_cache(maxsize=200_000)
def _surname(employee: str, candidate: str) -> tuple[float, str]:
    if not employee or not candidate:
        return 0.0, ""
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
    return 0.0, ""


def _names(employee: Employee, candidate: Candidate) -> tuple[float, list[str]]:
    forenames = normalise(employee.forenames)
    surnames = [(normalise(employee.surname), "")] + [
        (normalise(s), "previous surname") for s in employee.previous_surnames if s
    ]
    best, reasons = 0.0, []
    for name in candidate.names:
        c_surname, c_forenames = normalise(name.surname), normalise(name.forenames)
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


# ---------------------------------------------------------------- date of birth, postcode, gender


def _one_digit(a: date, b: date) -> bool:
    x, y = a.strftime("%Y%m%d"), b.strftime("%Y%m%d")
    return sum(p != q for p, q in zip(x, y, strict=True)) == 1


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
    if not reasons:
        reasons = ["no name in common"]
    dob, dob_reason = _dob(employee.date_of_birth, candidate.dates_of_birth)
    score = name_score + WEIGHTS["dob"] * dob
    reasons.append(dob_reason)
    if dob == 0.0:
        score -= DOB_CONFLICT_PENALTY
    postcode, postcode_reason = _postcode(employee.postcode, candidate.postcodes)
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
    if score >= thresholds["match"] and dob >= 0.65:
        decision = "match"
    elif score >= thresholds["possible"]:
        decision = "possible"
    else:
        decision = "reject"
    return Resolution(decision=decision, score=score, reasons=reasons)
