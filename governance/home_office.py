"""The Home Office annual misconduct return (shared/formats/home-office-return.md): one row per
officer or special constable per case whose matter was finalised in the financial year (1 April
YEAR to 31 March YEAR+1), and the year's headline tables for the page.

Who is in it: workforce person type officer or special; finalised = CaseSubject.finalised_on in the
year (this system finalises a subject's matter as a whole, so the finalised date is the subject's,
whether the matter was worked here or came from the history import).

How each column is read (one SQL statement over the year's finalised subjects, grouped sub-queries
joined by subject, no query per row):
- subject_ref: HMAC-SHA256 of the CaseSubject public_id under a key derived from SECRET_KEY,
  first 16 hex digits: stable per subject per case, never the staff number.
- case_type: `complaint` for source public_complaint; `recordable_conduct_matter` when the case's
  IopcReferral says referred (the history import records it from `iopc_referred`); else
  `conduct_matter`.
- rank: at the finalised date, from the person's history (pghistory PersonEvent: the latest event
  on or before that day); when the person's history starts after it (people imported after the
  matter ended), the earliest rank recorded; otherwise the current rank.
- sex: gender M/F/X, else `not_recorded`; age_band: age at the finalised date.
- ethnicity_group: EthnicityCode.group, the roll-up the disparity analytics use (no code: Not stated).
- allegation_categories, breach_standards: distinct, sorted, `;` separated.
- severity: the subject's severity (held per subject here: the latest assessment stands), with the
  most serious of any recorded assessment; a subject finalised without one counts as
  `no_further_action`.
- case_to_answer: `yes` when any decision (or the imported decision) found one, `no` when decided
  and none did, else `not_applicable`.
- proceeding_type, finding, disciplinary_action: the most serious across the subject's held
  proceedings and their outcomes. A finding of practice requiring improvement is `not_proven`
  (misconduct was not proven); an RPRP closure with no sanction is `rprp`; a subject with a
  proceeding outcome but no sanction is `no_action`; no proceeding and no RPRP is `none`.
- tribunal_appeal: the latest appeal to the Police Appeals Tribunal (`pending` while undecided).
- suspended: CaseSubject.suspended or any suspension decision to suspend.
- received_date: the case's received date (allegations carry none of their own here).
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import statistics
from collections.abc import Iterator
from datetime import date

from django.conf import settings
from django.db import connection

from oversight.disclosure import DEFAULT_THRESHOLD, published_count
from workforce.choices import EthnicGroup

COLUMNS = [
    "subject_ref",
    "case_type",
    "person_type",
    "rank",
    "sex",
    "age_band",
    "ethnicity_group",
    "allegation_categories",
    "breach_standards",
    "severity",
    "case_to_answer",
    "proceeding_type",
    "finding",
    "disciplinary_action",
    "tribunal_appeal",
    "suspended",
    "received_date",
    "finalised_date",
    "days_to_finalise",
]

SEVERITY_ORDER = ["no_further_action", "practice_requiring_improvement", "misconduct", "gross_misconduct"]
PROCEEDING_ORDER = ["none", "meeting", "hearing", "accelerated_hearing"]
FINDING_ORDER = ["not_applicable", "not_proven", "misconduct", "gross_misconduct"]
ACTION_ORDER = [
    "none",
    "no_action",
    "rprp",
    "management_advice",
    "written_warning",
    "final_written_warning",
    "reduction_in_rank",
    "dismissal_without_notice",
]
AGE_BANDS = ["under_26", "26_35", "36_45", "46_55", "56_over", "not_recorded"]
SEXES = ["M", "F", "X", "not_recorded"]
ETHNICITY_GROUPS = ["White", "Black", "Asian", "Mixed", "Other", "Not stated"]
CASE_TYPES = ["complaint", "conduct_matter", "recordable_conduct_matter"]
LABELS = {
    "ethnicity_group": "Ethnicity group",
    "sex": "Sex",
    "age_band": "Age band",
    "finding": "Finding",
    "disciplinary_action": "Disciplinary action",
    "complaint": "Complaint",
    "conduct_matter": "Conduct matter",
    "recordable_conduct_matter": "Recordable conduct matter (referred to the IOPC)",
}

ROW_LABELS = {"M": "Male", "F": "Female", "X": "X", "not_recorded": "Not recorded", "rprp": "RPRP", "under_26": "Under 26",
              "56_over": "56 and over", "26_35": "26-35", "36_45": "36-45", "46_55": "46-55"}  # fmt: skip


def _rank_case(column: str, order: list[str]) -> str:
    whens = " ".join(f"WHEN '{value}' THEN {i}" for i, value in enumerate(order))
    return f"CASE {column} {whens} ELSE NULL END"


# finding: PRI at a proceeding is "misconduct not proven"
_FINDING_RANK = (
    "CASE o.finding WHEN 'gross_misconduct' THEN 3 WHEN 'misconduct' THEN 2 "
    "WHEN 'not_proven' THEN 1 WHEN 'practice_requiring_improvement' THEN 1 END"
)

SQL = f"""
WITH s AS (
    SELECT cs.id, cs.public_id, cs.case_id, cs.person_id, cs.severity, cs.case_to_answer, cs.closure_reason,
           cs.finalised_on, cs.suspended
    FROM cases_casesubject cs
    JOIN workforce_person p ON p.id = cs.person_id
    WHERE cs.finalised_on BETWEEN %(start)s AND %(end)s AND p.person_type IN ('officer', 'special')
),
cats AS (
    SELECT a.subject_id, array_agg(DISTINCT a.category_id ORDER BY a.category_id) AS categories
    FROM cases_allegation a JOIN s ON s.id = a.subject_id GROUP BY a.subject_id
),
stds AS (
    SELECT a.subject_id, array_agg(DISTINCT x.standard_id ORDER BY x.standard_id) AS standards
    FROM cases_allegation a JOIN s ON s.id = a.subject_id
    JOIN cases_allegation_standards x ON x.allegation_id = a.id GROUP BY a.subject_id
),
sev AS (
    SELECT v.subject_id, max({_rank_case("v.severity", SEVERITY_ORDER)}) AS r
    FROM cases_severityassessment v JOIN s ON s.id = v.subject_id GROUP BY v.subject_id
),
dec AS (
    SELECT d.subject_id, bool_or(d.case_to_answer) AS cta
    FROM cases_casetoanswerdecision d JOIN s ON s.id = d.subject_id GROUP BY d.subject_id
),
proc AS (
    SELECT pr.subject_id,
           max({_rank_case("pr.forum", PROCEEDING_ORDER)}) AS forum_r,
           max({_FINDING_RANK}) AS finding_r,
           max({_rank_case("o.outcome", ACTION_ORDER)}) AS outcome_r,
           bool_or(o.id IS NOT NULL) AS has_outcome
    FROM hearings_proceeding pr JOIN s ON s.id = pr.subject_id
    LEFT JOIN hearings_proceedingoutcome o ON o.proceeding_id = pr.id
    WHERE pr.status = 'held'
    GROUP BY pr.subject_id
),
pat AS (
    SELECT DISTINCT ON (ap.subject_id) ap.subject_id, ap.result
    FROM hearings_appeal ap JOIN s ON s.id = ap.subject_id
    WHERE ap.body = 'pat'
    ORDER BY ap.subject_id, ap.lodged_on DESC, ap.id DESC
),
susp AS (
    SELECT DISTINCT d.subject_id FROM cases_suspensiondecision d JOIN s ON s.id = d.subject_id
    WHERE d.outcome = 'suspend'
)
SELECT s.public_id, c.source, coalesce(r.referred, false), p.person_type,
       coalesce(
           (SELECT e.rank_or_grade FROM workforce_personevent e
            WHERE e.pgh_obj_id = p.id AND e.pgh_created_at < s.finalised_on + 1
            ORDER BY e.pgh_created_at DESC, e.pgh_id DESC LIMIT 1),
           (SELECT e.rank_or_grade FROM workforce_personevent e
            WHERE e.pgh_obj_id = p.id ORDER BY e.pgh_created_at, e.pgh_id LIMIT 1),
           p.rank_or_grade),
       p.gender, p.date_of_birth, s.finalised_on, coalesce(eth."group", 'not_stated'),
       cats.categories, stds.standards,
       greatest({_rank_case("s.severity", SEVERITY_ORDER)}, sev.r),
       s.case_to_answer, dec.cta,
       proc.forum_r, proc.finding_r, proc.outcome_r, proc.has_outcome, s.closure_reason,
       pat.subject_id IS NOT NULL, pat.result,
       s.suspended OR susp.subject_id IS NOT NULL,
       c.received_date
FROM s
JOIN cases_case c ON c.id = s.case_id
JOIN workforce_person p ON p.id = s.person_id
LEFT JOIN workforce_ethnicitycode eth ON eth.code = p.ethnicity_id
LEFT JOIN cases_iopcreferral r ON r.case_id = c.id
LEFT JOIN cats ON cats.subject_id = s.id
LEFT JOIN stds ON stds.subject_id = s.id
LEFT JOIN sev ON sev.subject_id = s.id
LEFT JOIN dec ON dec.subject_id = s.id
LEFT JOIN proc ON proc.subject_id = s.id
LEFT JOIN pat ON pat.subject_id = s.id
LEFT JOIN susp ON susp.subject_id = s.id
ORDER BY s.finalised_on, c.reference, s.id
"""


def year_period(year: int) -> tuple[date, date]:
    """The financial year YEAR: 1 April YEAR to 31 March YEAR+1."""
    return date(year, 4, 1), date(year + 1, 3, 31)


def last_complete_year(today: date | None = None) -> int:
    """The latest financial year that has ended by today."""
    today = today or date.today()
    return today.year - 2 if today < date(today.year, 4, 1) else today.year - 1


def _ref_key() -> bytes:
    return hashlib.sha256(b"home-office-return:" + settings.SECRET_KEY.encode()).digest()


def subject_ref(public_id) -> str:
    """A stable pseudonym per subject per case: never the staff number."""
    return hmac.new(_ref_key(), str(public_id).encode(), hashlib.sha256).hexdigest()[:16]


def age_band(dob: date | None, on: date) -> str:
    if dob is None:
        return "not_recorded"
    age = on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))
    if age < 26:
        return "under_26"
    if age <= 35:
        return "26_35"
    if age <= 45:
        return "36_45"
    if age <= 55:
        return "46_55"
    return "56_over"


def _ethnicity(group: str) -> str:
    return EthnicGroup(group).label if group in EthnicGroup.values else "Not stated"


def _row(record, key: bytes) -> dict:
    (
        public_id, source, referred, person_type, rank, gender, dob, finalised, group, categories, standards,
        severity_r, subject_cta, decided_cta, forum_r, finding_r, outcome_r, has_outcome, closure,
        appealed, appeal_result, suspended, received,
    ) = record  # fmt: skip
    if source == "public_complaint":
        case_type = "complaint"
    elif referred:
        case_type = "recordable_conduct_matter"
    else:
        case_type = "conduct_matter"
    decisions = [v for v in (subject_cta, decided_cta) if v is not None]
    cta = "yes" if any(decisions) else ("no" if decisions else "not_applicable")
    action = ACTION_ORDER[outcome_r] if outcome_r is not None else ("no_action" if has_outcome else "none")
    if closure == "rprp_complete" and ACTION_ORDER.index(action) < ACTION_ORDER.index("rprp"):
        action = "rprp"
    return {
        "subject_ref": hmac.new(key, str(public_id).encode(), hashlib.sha256).hexdigest()[:16],
        "case_type": case_type,
        "person_type": person_type,
        "rank": rank,
        "sex": gender if gender in ("M", "F", "X") else "not_recorded",
        "age_band": age_band(dob, finalised),
        "ethnicity_group": _ethnicity(group),
        "allegation_categories": ";".join(categories or []),
        "breach_standards": ";".join(str(n) for n in standards or []),
        "severity": SEVERITY_ORDER[severity_r] if severity_r is not None else "no_further_action",
        "case_to_answer": cta,
        "proceeding_type": PROCEEDING_ORDER[forum_r] if forum_r is not None else "none",
        "finding": FINDING_ORDER[finding_r] if finding_r is not None else "not_applicable",
        "disciplinary_action": action,
        "tribunal_appeal": (appeal_result or "pending") if appealed else "none",
        "suspended": "y" if suspended else "n",
        "received_date": received.isoformat(),
        "finalised_date": finalised.isoformat(),
        "days_to_finalise": (finalised - received).days,
    }


def return_rows(year: int) -> Iterator[dict]:
    """The return's rows for financial year YEAR, keyed by COLUMNS in order (streamed from a cursor)."""
    start, end = year_period(year)
    key = _ref_key()
    with connection.cursor() as cursor:
        cursor.execute(SQL, {"start": start, "end": end})
        while batch := cursor.fetchmany(5000):
            for record in batch:
                yield _row(record, key)


def write_return_csv(year: int, fileobj) -> int:
    """Write the return (header then rows) to a text file object; the number of rows written."""
    writer = csv.writer(fileobj, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for row in return_rows(year):
        writer.writerow([row[c] for c in COLUMNS])
        count += 1
    return count


# ---------------------------------------------------------------- headline tables

DIMENSIONS = [("ethnicity_group", ETHNICITY_GROUPS), ("sex", SEXES), ("age_band", AGE_BANDS)]
MEASURES = [("finding", FINDING_ORDER[::-1]), ("disciplinary_action", ACTION_ORDER[::-1])]


def _secondary(hidden: set, lines: list[list[tuple]], values: dict) -> None:
    """No line (row or column with its total) hides exactly one cell: hide its partner, the
    smallest non-zero published cell of the line, until nothing changes."""
    changed = True
    while changed:
        changed = False
        for line in lines:
            in_line = [k for k in line if k in hidden]
            if len(in_line) == 1:
                partners = [k for k in line if k not in hidden and values[k] > 0]
                if partners:
                    hidden.add(min(partners, key=lambda k: values[k]))
                    changed = True


SOURCE_TABLES = [
    "cases_caseevent",
    "cases_casesubjectevent",
    "cases_allegationevent",
    "cases_iopcreferralevent",
    "cases_severityassessmentevent",
    "cases_casetoanswerdecisionevent",
    "cases_suspensiondecisionevent",
    "hearings_proceedingevent",
    "hearings_proceedingoutcomeevent",
    "hearings_appealevent",
    "workforce_personevent",
    "workforce_ethnicitycodeevent",
]


def data_signature() -> str:
    """The latest history event of every table the return reads (one index probe each): any
    change to what the return shows writes one of them. (An allegation's standards are the one
    input without history: changed only with the allegation itself.)"""
    parts = ", ".join(f"(SELECT max(pgh_id) FROM {t})" for t in SOURCE_TABLES)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ARRAY[{parts}]")
        return ":".join(str(v or 0) for v in cursor.fetchone()[0])


def headline_counts(year: int) -> dict:
    """The exact counts behind the headline tables, as JSON: {"rows": n, "cross": {measure:
    {dimension: [[dimension value, measure value, n], ...]}}, "medians": {case type: [n, median]}}."""
    cross: dict = {m: {d: {} for d, _ in DIMENSIONS} for m, _ in MEASURES}
    days: dict = {}
    rows = 0
    for r in return_rows(year):
        rows += 1
        for measure, _ in MEASURES:
            for dimension, _ in DIMENSIONS:
                key = (r[dimension], r[measure])
                cross[measure][dimension][key] = cross[measure][dimension].get(key, 0) + 1
        days.setdefault(r["case_type"], []).append(r["days_to_finalise"])
    return {
        "rows": rows,
        "cross": {m: {d: [[*k, n] for k, n in sorted(c.items())] for d, c in by.items()} for m, by in cross.items()},
        "medians": {t: [len(v), float(statistics.median(v))] for t, v in days.items()},
    }


def summary_rebuild(year: int, *, force: bool = False) -> bool:
    """Rebuild the year's stored counts when stale (or forced); True when rebuilt."""
    from django.utils import timezone

    from .models_return import ReturnSummary

    signature = data_signature()
    stored = ReturnSummary.objects.filter(year=year).first()
    if stored is not None and stored.signature == signature and not force:
        if stored.requested_at:
            ReturnSummary.objects.filter(year=year).update(requested_at=None)
        return False
    counts = headline_counts(year)
    ReturnSummary.objects.update_or_create(
        year=year, defaults={"signature": signature, "counts": counts, "built_at": timezone.now(), "requested_at": None}
    )
    return True


def summaries_refresh() -> int:
    """The sweep: the last complete year, the current one and any year waiting; how many rebuilt."""
    from .models_return import ReturnSummary

    latest = last_complete_year()
    years = {latest, latest + 1} | set(
        ReturnSummary.objects.filter(requested_at__isnull=False).values_list("year", flat=True)
    )
    return sum(summary_rebuild(year) for year in sorted(years))


def _stored_counts(year: int, allow_stale: bool):
    """(counts, built_at, stale): the stored counts when current; stale ones when allowed (a
    rebuild is requested); otherwise built now."""
    from django.utils import timezone

    from infra.outbox import enqueue

    from .models_return import ReturnSummary

    stored = ReturnSummary.objects.filter(year=year).first()
    if stored is not None and stored.signature == data_signature():
        return stored.counts, stored.built_at, False
    if stored is not None and allow_stale:
        if stored.requested_at is None:
            ReturnSummary.objects.filter(year=year).update(requested_at=timezone.now())
            enqueue("governance.return_tasks.return_summary_rebuild", year)
        return stored.counts, stored.built_at, True
    summary_rebuild(year, force=True)
    stored = ReturnSummary.objects.get(year=year)
    return stored.counts, stored.built_at, False


def _cross_table(counts: dict, dimension: str, keys: list[str], measure: str, columns: list[str], published):
    found = {(k, c): n for k, c, n in counts["cross"][measure][dimension]}
    values = {(k, c): found.get((k, c), 0) for k in keys for c in columns}
    for k in keys:
        values[(k, "total")] = sum(values[(k, c)] for c in columns)
    for c in columns:
        values[("total", c)] = sum(values[(k, c)] for k in keys)
    values[("total", "total")] = counts["rows"]
    hidden: set = set()
    if published:
        hidden = {key for key, v in values.items() if 0 < v < DEFAULT_THRESHOLD}
        lines = [[(k, c) for c in [*columns, "total"]] for k in [*keys, "total"]]
        lines += [[(k, c) for k in [*keys, "total"]] for c in [*columns, "total"]]
        _secondary(hidden, lines, values)

    def cell(key):
        return None if key in hidden else values[key]

    return {
        "dimension": dimension,
        "label": f"{LABELS[measure]} by {LABELS[dimension].lower()}",
        "columns": [{"key": c, "label": ROW_LABELS.get(c, c.replace("_", " ").capitalize())} for c in columns],
        "rows": [
            {
                "key": k,
                "label": ROW_LABELS.get(k, k.replace("_", " ")),
                "cells": [cell((k, c)) for c in columns],
                "total": cell((k, "total")),
            }
            for k in [*keys, "total"]
        ],
    }


def headline_tables(year: int, *, published: bool, allow_stale: bool = False) -> dict:
    """The year's headline tables, exact (published=False) or as published outside the force.

    Shape: {"year": int, "start": date, "end": date, "published": bool, "threshold": int,
    "built_at": datetime, "stale": bool, "rows": int | None (the return's row count),
    "by_finding": [table, table, table], "by_action": [table, table, table]  (by ethnicity group,
    sex, age band), each table {"dimension", "label", "columns": [{"key", "label"}],
    "rows": [{"key", "label", "cells": [int | None], "total": int | None}] (the last row's key is
    "total")}, and "median_days": [{"case_type", "label", "n": int | None, "median": float | None}].
    A None count is suppressed (published only: counts 1 to threshold-1, and partners so that no
    row or column gives one back from its total); a median over 1-4 subjects is suppressed too.

    The counts come from the year's stored summary (ReturnSummary) when it is current, else they
    are built now; with allow_stale (the page) a stale summary is shown with stale=True and a
    rebuild is requested from the worker.
    """
    counts, built_at, stale = _stored_counts(year, allow_stale)
    start, end = year_period(year)
    medians = []
    for case_type in CASE_TYPES:
        n, median = counts["medians"].get(case_type, [0, None])
        small = published and 0 < n < DEFAULT_THRESHOLD
        medians.append(
            {
                "case_type": case_type,
                "label": LABELS[case_type],
                "n": None if small else n,
                "median": None if small else median,
            }
        )
    total = counts["rows"]
    return {
        "year": year,
        "start": start,
        "end": end,
        "published": published,
        "threshold": DEFAULT_THRESHOLD,
        "built_at": built_at,
        "stale": stale,
        "rows": published_count(total) if published else total,
        "by_finding": [_cross_table(counts, d, keys, "finding", MEASURES[0][1], published) for d, keys in DIMENSIONS],
        "by_action": [
            _cross_table(counts, d, keys, "disciplinary_action", MEASURES[1][1], published) for d, keys in DIMENSIONS
        ],
        "median_days": medians,
    }
