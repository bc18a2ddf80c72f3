"""Import a previous system's case history (shared/formats/case-history.md).

One row per allegation per subject; idempotent on (case_ref, allegation_ref, staff_number); each bad
row is reported with its line number and reason while the rest import; inconsistent rows are
reported, never guessed at. Subjects must already be in the workforce (leavers included).

The import only ever creates matters, or changes matters that an earlier import created and that
nobody has worked on here since (no step on the timeline but the import's own, not restricted).
A row naming any other matter, or a reference of this system's own form, is reported with one and
the same reason whether or not such a matter exists, so the result never tells the importer about
a matter they cannot see. Every change is in history with who and why, and on the timeline; open
matters are scored for the queues as any other matter is.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import pghistory
from django.db import IntegrityError, transaction

from core.importing import parse_iso_date
from workforce.models import Person

from .choices import ClosureReason, Source, SubjectStage
from .extensions import history_steps
from .models import Allegation, AllegationCategory, Case, CaseSubject, IopcReferral, StageTransition, Standard
from .priority import priority_request, priority_score_cases

HEADER = [
    "case_ref",
    "allegation_ref",
    "staff_number",
    "source",
    "category",
    "standards",
    "received_date",
    "iopc_referred",
    "severity",
    "severity_date",
    "case_to_answer",
    "decision_date",
    "forum",
    "finding",
    "outcome",
    "finalised_date",
]
REQUIRED = ["case_ref", "allegation_ref", "staff_number", "source", "category", "standards", "received_date"]
SEVERITIES = {"misconduct", "gross_misconduct", "practice_requiring_improvement", "no_further_action"}
FORUMS = {"meeting", "hearing", "accelerated_hearing"}
OUTCOMES = {
    "no_action",
    "management_advice",
    "written_warning",
    "final_written_warning",
    "reduction_in_rank",
    "dismissal_without_notice",
    "rprp",
    "no_further_action",
}
SANCTIONS = {
    "written_warning",
    "final_written_warning",
    "reduction_in_rank",
    "dismissal_without_notice",
    "management_advice",
}
REFERENCE = re.compile(r"^[A-Za-z0-9/_.-]{1,32}$")
# this system's own references (cases.services._next_reference): never a previous system's
LIVE_REFERENCE = re.compile(r"^PSD-\d{4}-\d+$", re.IGNORECASE)
EVENT = "history_import"
REFUSED = (
    "case_ref {ref} is reserved for matters recorded in this system: the history import only adds "
    "matters, or changes those an earlier history import added (nothing was changed)"
)


class _Refused(Exception):
    pass


class HistoryFileRefused(Exception):
    pass


@dataclass
class HistoryResult:
    rows_read: int = 0
    created: int = 0
    unchanged: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def _validate(raw: dict, people: dict, categories: set, problems: list[str]) -> dict:
    for name in REQUIRED:
        if not raw[name]:
            problems.append(f"{name} is required")
    if raw["case_ref"] and not REFERENCE.match(raw["case_ref"]):
        problems.append("case_ref must be 1-32 letters, digits or / _ . -")
    person = people.get(raw["staff_number"].upper())
    if raw["staff_number"] and person is None:
        problems.append(f"staff_number {raw['staff_number']} is not in the workforce (import the workforce first)")
    if raw["source"] and raw["source"] not in Source.values:
        problems.append(f"source '{raw['source']}' is not one of {', '.join(Source.values)}")
    if raw["category"] and raw["category"] not in categories:
        problems.append(f"category '{raw['category']}' is not a known category")
    standards = []
    for part in filter(None, (p.strip() for p in raw["standards"].split(";"))):
        if not part.isdigit() or not 1 <= int(part) <= 10:
            problems.append(f"standards: '{part}' is not a number from 1 to 10")
        else:
            standards.append(int(part))
    received = parse_iso_date(raw["received_date"], "received_date", problems)
    severity_date = parse_iso_date(raw["severity_date"], "severity_date", problems)
    decision_date = parse_iso_date(raw["decision_date"], "decision_date", problems)
    finalised = parse_iso_date(raw["finalised_date"], "finalised_date", problems)
    if raw["iopc_referred"] not in ("", "y", "n"):
        problems.append("iopc_referred must be y, n or empty")
    severity, cta, forum, finding, outcome = (
        raw[k] for k in ("severity", "case_to_answer", "forum", "finding", "outcome")
    )
    if severity and severity not in SEVERITIES:
        problems.append(f"severity '{severity}' is not one of {', '.join(sorted(SEVERITIES))}")
    if cta not in ("", "yes", "no"):
        problems.append("case_to_answer must be yes, no or empty")
    if forum and forum not in FORUMS:
        problems.append(f"forum '{forum}' is not one of {', '.join(sorted(FORUMS))}")
    if finding not in ("", "proven", "not_proven"):
        problems.append("finding must be proven, not_proven or empty")
    if outcome and outcome not in OUTCOMES:
        problems.append(f"outcome '{outcome}' is not a known outcome")
    # consistency: reported, never guessed at
    if outcome in SANCTIONS | {"no_action"} and not forum:
        problems.append(f"outcome {outcome} without a forum")
    if outcome == "rprp" and forum and finding != "proven":
        problems.append("an RPRP outcome from proceedings needs a finding")
    if (forum or finding) and cta != "yes":
        problems.append("proceedings (forum or finding) without a case to answer")
    if finding and not forum:
        problems.append("a finding without a forum")
    if cta and not severity:
        problems.append("a case-to-answer decision without a severity assessment")
    if forum == "meeting" and severity == "gross_misconduct":
        problems.append("gross misconduct cannot go to a meeting")
    if outcome == "dismissal_without_notice" and forum == "meeting":
        problems.append("a meeting cannot dismiss")
    order = [
        ("received_date", received),
        ("severity_date", severity_date),
        ("decision_date", decision_date),
        ("finalised_date", finalised),
    ]
    known = [(n, d) for n, d in order if d]
    for (n1, d1), (n2, d2) in zip(known, known[1:]):
        if d2 < d1:
            problems.append(f"{n2} is before {n1}")
    return {
        "person": person,
        "standards": standards,
        "received": received,
        "severity_date": severity_date,
        "decision_date": decision_date,
        "finalised": finalised,
    }


def _stage(raw: dict, finalised) -> str:
    if finalised:
        return SubjectStage.CLOSED
    if raw["outcome"]:
        return SubjectStage.RPRP if raw["outcome"] == "rprp" else SubjectStage.OUTCOME_RECORDED
    if raw["forum"]:
        return SubjectStage.REFERRED
    if raw["case_to_answer"]:
        return SubjectStage.CLOSED if raw["case_to_answer"] == "no" else SubjectStage.REFERRED
    if raw["severity"] in ("misconduct", "gross_misconduct"):
        return SubjectStage.UNDER_INVESTIGATION
    if raw["severity"] == "practice_requiring_improvement":
        return SubjectStage.RPRP
    if raw["severity"] == "no_further_action":
        return SubjectStage.CLOSED
    return SubjectStage.RECEIVED


def _closure(raw: dict) -> str:
    if raw["severity"] == "no_further_action" and not raw["case_to_answer"]:
        return ClosureReason.NFA_AT_ASSESSMENT
    if raw["case_to_answer"] == "no":
        return ClosureReason.NO_CASE_TO_ANSWER
    if raw["outcome"] == "rprp" or raw["severity"] == "practice_requiring_improvement":
        return ClosureReason.RPRP_COMPLETE
    return ClosureReason.OUTCOME_FINAL


def history_import(*, actor, data: bytes, filename: str) -> HistoryResult:
    result = HistoryResult()
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(text)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise HistoryFileRefused("The file is empty: expected a header row.") from None
    except csv.Error as exc:
        raise HistoryFileRefused(f"The header row cannot be read as CSV: {exc}") from None
    if sorted(header) != sorted(HEADER):
        missing = [h for h in HEADER if h not in header]
        unknown = [h for h in header if h not in HEADER]
        raise HistoryFileRefused(
            f"The header row is wrong (missing: {', '.join(missing) or 'none'}; unexpected: {', '.join(unknown) or 'none'})."
        )
    people = {p.staff_number: p for p in Person.objects.all()}
    categories = {c.code: c for c in AllegationCategory.objects.all()}
    standards = {s.number: s for s in Standard.objects.all()}
    seen: dict[tuple, int] = {}
    touched: set[int] = set()
    valid: list[tuple[int, dict, dict]] = []
    # first pass: read and check every row (the file is in memory already)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            result.errors.append((reader.line_num, f"cannot be read as CSV: {exc}"))
            continue
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        result.rows_read += 1
        if len(cells) != len(header):
            result.errors.append((line, f"has {len(cells)} fields, expected {len(header)}"))
            continue
        raw = {h: c.strip() for h, c in zip(header, cells, strict=True)}
        problems: list[str] = []
        values = _validate(raw, people, set(categories), problems)
        key = (raw["case_ref"], raw["allegation_ref"], raw["staff_number"].upper())
        if key in seen:
            problems.append(f"the same case, allegation and subject appear again (first at line {seen[key]})")
        if problems:
            result.errors.append((line, "; ".join(problems)))
            continue
        seen[key] = line
        valid.append((line, raw, values))
    # a subject's assessment, decision, proceeding and finalisation are held once per subject: the
    # roll-up of all their allegations' rows in the file, so the order of the rows never matters
    rolled = _roll_up_subjects(valid)
    with pghistory.context(reason=f"case history import of {filename}", event=EVENT, user=getattr(actor, "pk", None)):
        for line, raw, values in valid:
            subject_raw, subject_values = rolled[(raw["case_ref"], raw["staff_number"].upper())]
            raw = {**subject_raw, "allegation_ref": raw["allegation_ref"], "category": raw["category"]}
            values = {**subject_values, "standards": values["standards"]}
            try:
                outcome, case_id = _import_row(actor, raw, values, categories, standards, filename, line)
            except _Refused:
                result.errors.append((line, REFUSED.format(ref=raw["case_ref"])))
                continue
            except IntegrityError:  # another import created the same matter at the same instant
                result.errors.append((line, "changed by another import at the same time: import the file again"))
                continue
            touched.add(case_id)
            setattr(result, outcome, getattr(result, outcome) + 1)
    # open matters join the queues at once (the requests recorded with each row cover a crash)
    priority_score_cases(case_ids=sorted(touched))
    return result


# most serious first: the subject's value is the most serious any of their allegations' rows gives
_RANKS = {
    "severity": ["gross_misconduct", "misconduct", "practice_requiring_improvement", "no_further_action"],
    "forum": ["accelerated_hearing", "hearing", "meeting"],
    "finding": ["proven", "not_proven"],
    "outcome": [
        "dismissal_without_notice",
        "reduction_in_rank",
        "final_written_warning",
        "written_warning",
        "management_advice",
        "rprp",
        "no_action",
        "no_further_action",
    ],
    "case_to_answer": ["yes", "no"],
    "iopc_referred": ["y", "n"],
}


def _most_serious(name: str, values: list[str]) -> str:
    ranked = [v for v in _RANKS[name] if v in values]
    return ranked[0] if ranked else ""


def _roll_up_subjects(rows: list[tuple[int, dict, dict]]) -> dict[tuple, tuple[dict, dict]]:
    """(case_ref, staff_number) -> the subject's raw and values over all its rows: the most serious
    severity, forum, finding and outcome; a case to answer if any allegation had one; received and
    assessed at the earliest, decided at the latest; finalised at the latest, and only when every
    allegation of the subject is finalised (one still open keeps the subject open)."""
    groups: dict[tuple, list[tuple[dict, dict]]] = {}
    for _line, raw, values in rows:
        groups.setdefault((raw["case_ref"], raw["staff_number"].upper()), []).append((raw, values))
    rolled = {}
    for key, members in groups.items():
        raws = [r for r, _v in members]
        vals = [v for _r, v in members]
        raw = dict(raws[-1])
        for name in _RANKS:
            raw[name] = _most_serious(name, [r[name] for r in raws])

        def dated(name, pick, vals=vals):
            found = [v[name] for v in vals if v[name]]
            return pick(found) if found else None

        finalised = [v["finalised"] for v in vals]
        values = dict(vals[-1])
        values.update(
            received=dated("received", min),
            severity_date=dated("severity_date", min),
            decision_date=dated("decision_date", max),
            finalised=max(finalised) if all(finalised) else None,
        )
        raw["finalised_date"] = values["finalised"].isoformat() if values["finalised"] else ""
        rolled[key] = (raw, values)
    return rolled


def _importable(case: Case) -> bool:
    """Only a matter an earlier history import created, unrestricted, with no step taken here since."""
    return (
        case.from_history_import
        and not case.is_restricted
        and not StageTransition.objects.filter(case=case).exclude(event=EVENT).exists()
    )


def _import_row(actor, raw, values, categories, standards, filename, line) -> tuple[str, int]:
    reason = f"Imported from {filename}, line {line}"
    if LIVE_REFERENCE.match(raw["case_ref"]):
        raise _Refused
    with transaction.atomic():
        case = Case.objects.select_for_update().filter(reference=raw["case_ref"]).first()
        case_created = case is None
        if case_created:
            case = Case.objects.create(
                reference=raw["case_ref"],
                summary=f"Imported from {filename}"[:300],
                source=raw["source"],
                received_date=values["received"],
                created_by=actor if getattr(actor, "pk", None) else None,
                from_history_import=True,
            )
        elif not _importable(case):
            raise _Refused
        subject = CaseSubject.objects.filter(case=case, person=values["person"]).first()
        stage = _stage(raw, values["finalised"])
        wanted = {
            "severity": raw["severity"],
            "severity_date": values["severity_date"],
            "forum": raw["forum"],
            "case_to_answer": {"yes": True, "no": False}.get(raw["case_to_answer"]),
            "decision_date": values["decision_date"],
            "finalised_on": values["finalised"],
            "closure_reason": _closure(raw) if stage == SubjectStage.CLOSED else "",
        }
        changed = False
        if subject is None:
            subject = CaseSubject(case=case, person=values["person"], stage=stage, **wanted)
            subject.save()
            _timeline(case, subject, "", stage, actor, reason)
            changed = True
        else:
            current = {k: getattr(subject, k) for k in wanted}
            if current != wanted or subject.stage != stage:
                CaseSubject.objects.filter(pk=subject.pk).update(stage=stage, **wanted)
                _timeline(case, subject, subject.stage, stage, actor, reason)
                changed = True
        allegation, allegation_created = Allegation.objects.get_or_create(
            subject=subject,
            legacy_ref=raw["allegation_ref"],
            defaults={"case": case, "category": categories[raw["category"]], "description": "Imported allegation"},
        )
        if allegation_created:
            allegation.standards.set([standards[n] for n in values["standards"]])
        elif allegation.category_id != raw["category"]:
            allegation.category = categories[raw["category"]]
            allegation.save(update_fields=["category"])
            changed = True
        changed = _iopc_referral(case, raw["iopc_referred"], actor, reason) or changed
        for step in history_steps():  # hearings: the proceeding and its outcome (cases.extensions)
            changed = step(subject=subject, raw=raw, values=values) or changed
        status = "closed" if not case.case_subjects.exclude(stage=SubjectStage.CLOSED).exists() else "open"
        if case.status != status:
            Case.objects.filter(pk=case.pk).update(status=status)
        if case_created or allegation_created or changed:
            priority_request(case_ids=[case.pk])
    if case_created or allegation_created:
        return "created", case.pk
    return ("updated" if changed else "unchanged"), case.pk


def _iopc_referral(case, referred: str, actor, reason: str) -> bool:
    """The previous system's referral decision: referred when any row of the case says y, not
    referred when rows say only n. Only a referral this import recorded is changed (imported ones
    have no recorder): a referral decided in this system is never overwritten."""
    if not referred:
        return False
    existing = IopcReferral.objects.filter(case=case).first()
    if existing is None:
        IopcReferral.objects.create(
            case=case,
            referred=referred == "y",
            rationale=f"{reason}: referral recorded in the previous system",
            recorded_by=None,
        )
        return True
    if existing.recorded_by_id is None and referred == "y" and not existing.referred:
        existing.referred = True
        existing.save(update_fields=["referred"])
        return True
    return False


def _timeline(case, subject, from_stage, to_stage, actor, reason) -> None:
    StageTransition.objects.create(
        case=case,
        subject=subject,
        event=EVENT,
        from_stage=from_stage,
        to_stage=to_stage,
        actor=actor if getattr(actor, "pk", None) else None,
        reason=reason,
    )
