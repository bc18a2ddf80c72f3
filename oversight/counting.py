"""Counting for a disparity refresh, in PostgreSQL (disparity-method.md).

People, not allegations: a person counts once per stage in a slice, with the event if any of their
matters received in the window reached it. Slices are every combination of unit (the force, each
command, each unit: the person's current posting), window (12 or 36 months to the cut-off),
population (officers, staff, both) and allegation source (all, or one source).

Stage 1's denominator is the group's average headcount over the window: person-days employed in
the window over the window's days (exact, not a month-end sample), rounded to whole people.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import connection

WINDOWS = (12, 36)
# populations: officers (with special constables) and staff (with PCSOs); contractors are not analysed
OFFICER_TYPES = ("officer", "special")
STAFF_TYPES = ("staff", "pcso")
SANCTIONS = ("written_warning", "final_written_warning", "reduction_in_rank", "dismissal_without_notice")

# per stage: (denominator column, event column) in the aggregated counts; each stage's denominator
# is the people who could reach it at the previous stage (disparity-method.md)
STAGE_COLUMNS = {
    "s1_system": ("headcount", "in_system"),
    "s2_gross": ("assessed", "gross"),
    "s3_case_to_answer": ("decided", "cta"),
    "s4_hearing": ("referred", "hearing"),
    "s5_dismissed": ("at_hearing", "dismissed"),
    "s5_sanction": ("at_proceedings", "sanctioned"),
}
COUNT_COLUMNS = [
    "in_system",
    "assessed",
    "gross",
    "decided",
    "cta",
    "referred",
    "hearing",
    "at_proceedings",
    "at_hearing",
    "dismissed",
    "sanctioned",
]


def window_start(cutoff: date, months: int) -> date:
    """First day inside the window: received_date in [start, cutoff]."""
    return cutoff - relativedelta(months=months) + relativedelta(days=1)


# One row per case subject received in the longest window, with what had happened to them by the
# cut-off. Every stage applies the cut-off to its own decision date, so a refresh as at a past date
# gives the same numbers whenever it is re-run:
# - severity: the latest assessment made here (SeverityAssessment.assessed_on) by the cut-off; for
#   a matter assessed in the previous system (no assessment here), the imported severity_date;
# - case to answer and forum: the latest decision made here (CaseToAnswerDecision.decided_on, its
#   route is the forum) by the cut-off; for an imported matter, the imported decision_date;
# - outcomes: ProceedingOutcome.decided_on by the cut-off.
# An imported decision without its date counts from the finalised date if there is one, else not
# at all (it cannot be placed in time).
SUBJECTS_SQL = """
CREATE TEMP TABLE dz_subject ON COMMIT DROP AS
WITH sev AS (
    SELECT DISTINCT ON (sa.subject_id) sa.subject_id, sa.severity
    FROM cases_severityassessment sa
    WHERE sa.assessed_on <= %(cutoff)s
    ORDER BY sa.subject_id, sa.assessed_on DESC, sa.created_at DESC, sa.id DESC
), dec AS (
    SELECT DISTINCT ON (d.subject_id) d.subject_id, d.case_to_answer, d.route
    FROM cases_casetoanswerdecision d
    WHERE d.decided_on <= %(cutoff)s
    ORDER BY d.subject_id, d.decided_on DESC, d.id DESC
), o AS (
    SELECT p.subject_id,
           bool_or(po.decided_on <= %(cutoff)s) AS outcome_recorded,
           bool_or(p.forum IN ('hearing', 'accelerated_hearing') AND po.decided_on <= %(cutoff)s) AS hearing_outcome,
           bool_or(p.forum IN ('hearing', 'accelerated_hearing')
                   AND po.outcome IN ('dismissal_without_notice', 'reduction_in_rank')
                   AND po.decided_on <= %(cutoff)s) AS dismissed,
           bool_or(po.outcome = ANY(%(sanctions)s) AND po.decided_on <= %(cutoff)s) AS sanctioned
    FROM hearings_proceeding p
    JOIN hearings_proceedingoutcome po ON po.proceeding_id = p.id
    WHERE p.status <> 'cancelled'
    GROUP BY p.subject_id
)
SELECT s.id AS subject_id, s.person_id, c.source, c.received_date,
       coalesce(x.severity, '') <> '' AS assessed,
       coalesce(x.severity = 'gross_misconduct', false) AS gross,
       x.cta IS NOT NULL AS decided,
       coalesce(x.cta, false) AS cta,
       coalesce(x.cta, false) AND x.forum IN ('meeting', 'hearing', 'accelerated_hearing', 'staff_hearing') AS referred,
       coalesce(x.cta, false) AND x.forum IN ('hearing', 'accelerated_hearing') AS hearing,
       coalesce(o.outcome_recorded, false) AS at_proceedings,
       coalesce(o.hearing_outcome, false) AS at_hearing,
       coalesce(o.dismissed, false) AS dismissed,
       coalesce(o.sanctioned, false) AS sanctioned,
       CASE WHEN s.finalised_on <= %(cutoff)s THEN s.finalised_on END AS finalised_on
FROM cases_casesubject s
JOIN cases_case c ON c.id = s.case_id
LEFT JOIN sev ON sev.subject_id = s.id
LEFT JOIN dec ON dec.subject_id = s.id
LEFT JOIN o ON o.subject_id = s.id
CROSS JOIN LATERAL (
    SELECT
        CASE WHEN EXISTS (SELECT 1 FROM cases_severityassessment a WHERE a.subject_id = s.id) THEN sev.severity
             WHEN s.severity <> '' AND coalesce(s.severity_date, s.finalised_on) <= %(cutoff)s THEN s.severity
        END AS severity,
        CASE WHEN EXISTS (SELECT 1 FROM cases_casetoanswerdecision d WHERE d.subject_id = s.id) THEN dec.case_to_answer
             WHEN coalesce(s.decision_date, s.finalised_on) <= %(cutoff)s THEN s.case_to_answer
        END AS cta,
        CASE WHEN EXISTS (SELECT 1 FROM cases_casetoanswerdecision d WHERE d.subject_id = s.id) THEN dec.route
             WHEN coalesce(s.decision_date, s.finalised_on) <= %(cutoff)s THEN s.forum
        END AS forum
) x
WHERE c.received_date BETWEEN %(start)s AND %(cutoff)s
"""

PEOPLE_SQL = """
CREATE TEMP TABLE dz_person ON COMMIT DROP AS
SELECT p.id AS person_id,
       CASE WHEN p.person_type IN ('officer', 'special') THEN 'officer' ELSE 'staff' END AS person_type, coalesce(e."group", 'not_stated') AS grp,
       p.command_id, p.unit_id, p.start_date, p.end_date
FROM workforce_person p
LEFT JOIN workforce_ethnicitycode e ON e.code = p.ethnicity_id
WHERE p.start_date <= %(cutoff)s AND (p.end_date IS NULL OR p.end_date >= %(start)s)
  AND p.person_type <> 'contractor'
"""

# Person-level facts per window and source ('all' when grouped over sources). Only people employed
# at some time in the window computed: someone who left before a 12-month window began is neither
# in its headcount nor among its events.
FACTS_SQL = """
CREATE TEMP TABLE dz_fact ON COMMIT DROP AS
SELECT s.person_id, w.months, coalesce(s.source, 'all') AS source,
       bool_or(s.assessed) AS assessed, bool_or(s.gross) AS gross,
       bool_or(s.decided) AS decided, bool_or(s.cta) AS cta,
       bool_or(s.referred) AS referred, bool_or(s.hearing) AS hearing,
       bool_or(s.at_proceedings) AS at_proceedings, bool_or(s.at_hearing) AS at_hearing,
       bool_or(s.dismissed) AS dismissed, bool_or(s.sanctioned) AS sanctioned
FROM dz_subject s
JOIN dz_person p ON p.person_id = s.person_id
JOIN (SELECT unnest(%(months)s::int[]) AS months, unnest(%(starts)s::date[]) AS start) w
  ON s.received_date >= w.start AND (p.end_date IS NULL OR p.end_date >= w.start)
GROUP BY GROUPING SETS ((s.person_id, w.months, s.source), (s.person_id, w.months))
"""


def _grouping_sets(*keys: str) -> str:
    """Force, command and unit, each for both populations and each population."""
    k = ", ".join(keys)
    sets = [
        f"({k}, p.unit_id, p.person_type)",
        f"({k}, p.unit_id)",
        f"({k}, p.command_id, p.person_type)",
        f"({k}, p.command_id)",
        f"({k}, p.person_type)",
        f"({k})",
    ]
    return "GROUPING SETS (" + ", ".join(sets) + ")"


_LEVEL = """CASE WHEN grouping(p.unit_id) = 0 THEN 'unit' WHEN grouping(p.command_id) = 0 THEN 'command'
            ELSE 'force' END AS level,
       coalesce(p.unit_id, p.command_id) AS unit_id,
       coalesce(p.person_type, 'all') AS population"""

COUNTS_SQL = f"""
SELECT f.months, f.source, p.grp, {_LEVEL},
       count(*) AS in_system,
       count(*) FILTER (WHERE f.assessed), count(*) FILTER (WHERE f.gross),
       count(*) FILTER (WHERE f.decided), count(*) FILTER (WHERE f.cta),
       count(*) FILTER (WHERE f.referred), count(*) FILTER (WHERE f.hearing),
       count(*) FILTER (WHERE f.at_proceedings), count(*) FILTER (WHERE f.at_hearing),
       count(*) FILTER (WHERE f.dismissed), count(*) FILTER (WHERE f.sanctioned)
FROM dz_fact f
JOIN dz_person p ON p.person_id = f.person_id
GROUP BY {_grouping_sets("f.months", "f.source", "p.grp")}
"""

# Average headcount: person-days employed inside the window over the window's length.
HEADCOUNT_SQL = f"""
SELECT w.months, p.grp, {_LEVEL},
       sum(greatest(0, least(coalesce(p.end_date, %(cutoff)s), %(cutoff)s) - greatest(p.start_date, w.start) + 1)
           ::float8 / (%(cutoff)s::date - w.start + 1)) AS headcount
FROM dz_person p
CROSS JOIN (SELECT unnest(%(months)s::int[]) AS months, unnest(%(starts)s::date[]) AS start) w
GROUP BY {_grouping_sets("w.months", "p.grp")}
"""

DURATIONS_SQL = """
SELECT s.received_date, coalesce(s.finalised_on, %(cutoff)s) - s.received_date AS days,
       s.finalised_on IS NOT NULL AS finalised, s.source, p.grp, p.person_type, p.command_id
FROM dz_subject s JOIN dz_person p ON p.person_id = s.person_id
"""


@dataclass
class Counts:
    """Counts for a slice: {(level, unit_id, window, population, source): {group: {column: int}}}."""

    slices: dict
    durations: list
    cutoff: date
    starts: dict


def drop_temp_tables(cursor) -> None:
    """The working tables are dropped at commit; inside an enclosing transaction, drop them now."""
    cursor.execute("DROP TABLE IF EXISTS dz_fact, dz_person, dz_subject")


def count(cutoff: date, windows=WINDOWS) -> Counts:
    starts = {w: window_start(cutoff, w) for w in windows}
    earliest = min(starts.values())
    params = {
        "cutoff": cutoff,
        "start": earliest,
        "sanctions": list(SANCTIONS),
        "months": list(windows),
        "starts": [starts[w] for w in windows],
    }
    slices: dict = defaultdict(lambda: defaultdict(lambda: dict.fromkeys(["headcount", *COUNT_COLUMNS], 0)))
    with connection.cursor() as cursor:
        drop_temp_tables(cursor)
        cursor.execute(SUBJECTS_SQL, params)
        cursor.execute(PEOPLE_SQL, params)
        cursor.execute("CREATE INDEX ON dz_person (person_id)")
        cursor.execute("ANALYZE dz_person")
        cursor.execute(FACTS_SQL, params)
        cursor.execute("ANALYZE dz_fact")
        cursor.execute(HEADCOUNT_SQL, params)
        headcounts = cursor.fetchall()
        cursor.execute(COUNTS_SQL, params)
        counts = cursor.fetchall()
        cursor.execute(DURATIONS_SQL, params)
        durations = cursor.fetchall()
    sources = {"all"} | {row[1] for row in counts}
    for w, grp, level, unit_id, population, headcount in headcounts:
        for source in sources:
            slices[(level, unit_id, w, population, source)][grp]["headcount"] = round(headcount)
    for w, source, grp, level, unit_id, population, *values in counts:
        cell = slices[(level, unit_id, w, population, source)][grp]
        cell.update(zip(COUNT_COLUMNS, values, strict=True))
    return Counts(slices=slices, durations=durations, cutoff=cutoff, starts=starts)
