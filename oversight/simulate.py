"""Synthetic conduct histories with a known truth, generated in PostgreSQL (set-based, fast).

Used by the tests (a true ratio at a chosen stage must be flagged), the false-flag benchmark (no
disparity at all: any FLAG is false) and the full-refresh benchmark. All people are synthetic.

Each person-year draws a matter with the stage-1 probability times the group's multiplier; each
matter then passes the later decision points with their probabilities times the multipliers.
With no multipliers, every group has exactly the same chances at every stage.
"""

from __future__ import annotations

from datetime import date

from django.db import connection

GROUP_CODES = {"white": "W1", "asian": "A1", "black": "B1", "mixed": "M1", "other": "O9", "not_stated": None}
# share of the workforce (synthetic, roughly a large English force)
GROUP_SHARES = [
    ("white", 0.62),
    ("asian", 0.13),
    ("black", 0.10),
    ("mixed", 0.06),
    ("other", 0.05),
    ("not_stated", 0.04),
]
BASE = {
    "s1": 0.06,  # a matter in a given year
    "s2": 0.20,  # gross misconduct, of those assessed
    "s3": 0.55,  # case to answer, of those decided
    "s4": 0.35,  # hearing (not meeting), of those referred
    "s5": 0.25,  # dismissed, of those with an outcome
}
SOURCES = [
    "public_complaint",
    "public_complaint",
    "conduct_matter",
    "conduct_matter",
    "reporting_line",
    "screening",
    "monitoring",
]
CATEGORIES = [
    "discreditable_conduct",
    "neglect_of_duty",
    "data_misuse",
    "violence",
    "dishonesty",
    "discrimination",
    "sexual_misconduct",
    "abuse_of_position",
    "corruption",
    "other",
]

CLEAR = """TRUNCATE oversight_secondlook, oversight_flagreview, oversight_disparityflag, oversight_disparityresult,
  oversight_durationresult, oversight_adjustedresult, oversight_disparityrefresh,
  hearings_proceedingoutcome, hearings_panelmember, hearings_proceeding, hearings_appeal, hearings_listreferral,
  cases_casepriority, cases_allegation_standards, cases_allegation, cases_stagetransition, cases_casesubject, cases_case,
  workforce_person, workforce_orgunit CASCADE"""


def _mult(multipliers: dict, stage: str) -> str:
    """SQL CASE giving the stage's multiplier for the person's group."""
    factors = (multipliers or {}).get(stage, {})
    if not factors:
        return "1.0"
    whens = " ".join(f"WHEN '{g}' THEN {float(f)}" for g, f in factors.items() if g in GROUP_CODES)
    return f"(CASE p.grp {whens} ELSE 1.0 END)"


def simulate(
    *,
    people: int = 50_000,
    commands: int = 8,
    units_per_command: int = 6,
    cutoff: date,
    years: int = 4,
    multipliers: dict | None = None,
    base: dict | None = None,
    seed: float = 0.42,
    clear: bool = True,
    allegations_per_matter: float = 1.0,
) -> dict:
    """Write a synthetic workforce and its conduct history; returns what was written."""
    p = {**BASE, **(base or {})}
    m = {stage: _mult(multipliers, stage) for stage in p}
    shares, cumulative = [], 0.0
    for group, share in GROUP_SHARES:
        cumulative += share
        shares.append((group, cumulative))
    group_case = " ".join(f"WHEN r < {c} THEN '{g}'" for g, c in shares[:-1]) + f" ELSE '{shares[-1][0]}'"
    code_case = " ".join(f"WHEN '{g}' THEN '{c}'" for g, c in GROUP_CODES.items() if c)
    sources = "(ARRAY[" + ",".join(f"'{s}'" for s in SOURCES) + "])"
    categories = "(ARRAY[" + ",".join(f"'{c}'" for c in CATEGORIES) + "])"
    params = {"cutoff": cutoff, "people": people, "years": years}
    steps = [
        ("SELECT setseed(%(seed)s)", {"seed": seed}),
        (
            f"""INSERT INTO workforce_orgunit (public_id, name, kind, parent_id)
            SELECT gen_random_uuid(), 'Sim Command ' || lpad(g::text, 2, '0'), 'command', NULL
            FROM generate_series(1, {int(commands)}) g""",
            {},
        ),
        (
            f"""INSERT INTO workforce_orgunit (public_id, name, kind, parent_id)
            SELECT gen_random_uuid(), c.name || ' unit ' || u, 'unit', c.id
            FROM workforce_orgunit c, generate_series(1, {int(units_per_command)}) u
            WHERE c.kind = 'command' AND c.name LIKE 'Sim Command %%'""",
            {},
        ),
        (
            f"""CREATE TEMP TABLE sim_person AS
            SELECT g, CASE {group_case} END AS grp, random() < 0.65 AS officer,
                   (SELECT array_agg(id ORDER BY id) FROM workforce_orgunit WHERE kind = 'unit'
                      AND name LIKE 'Sim Command %%') AS units,
                   %(cutoff)s::date - (365 * (1 + random() * 25))::int AS start_date,
                   random() AS leave_draw, random() AS unit_draw
            FROM (SELECT g, random() AS r FROM generate_series(1, %(people)s) g) x""",
            params,
        ),
        (
            f"""INSERT INTO workforce_person (public_id, staff_number, person_type, surname, forenames, previous_surnames,
                 date_of_birth, gender, ethnicity_id, rank_or_grade, command_id, unit_id, line_manager_id, start_date,
                 end_date, is_leaver, left_recorded_on, postcode, created_at, updated_at)
            SELECT gen_random_uuid(), 'SIM' || lpad(s.g::text, 7, '0'), CASE WHEN s.officer THEN 'officer' ELSE 'staff' END,
                   'SIMULATED' || (s.g %% 997), 'PERSON', '{{}}',
                   s.start_date - (365 * (19 + random() * 15))::int, CASE WHEN random() < 0.35 THEN 'F' ELSE 'M' END,
                   CASE s.grp {code_case} ELSE NULL END,
                   CASE WHEN s.officer THEN (ARRAY['PC','PC','PC','PC','PS','PS','INSP','CI'])[1 + floor(random() * 8)::int]
                        ELSE (ARRAY['B','C','C','D','D','E','F'])[1 + floor(random() * 7)::int] END,
                   u.parent_id, u.id, NULL, s.start_date,
                   CASE WHEN s.leave_draw < 0.06 THEN %(cutoff)s::date - (random() * 700)::int END,
                   s.leave_draw < 0.06, NULL, '', now(), now()
            FROM sim_person s
            JOIN workforce_orgunit u ON u.id = s.units[1 + floor(s.unit_draw * array_length(s.units, 1))::int]""",
            params,
        ),
        (
            f"""CREATE TEMP TABLE sim_matter AS
            SELECT * FROM (
                SELECT p.id AS person_id, p.grp, p.start_date, p.end_date,
                       %(cutoff)s::date - (365 * y + floor(random() * 365))::int AS received_date, random() AS r1,
                       random() AS r_src, random() AS r_cat, random() AS r2, random() AS r3, random() AS r4,
                       random() AS r5, random() AS r_assess, random() AS r_decide, random() AS r_ref, random() AS r_out,
                       random() AS r_dur
                FROM (SELECT wp.id, coalesce(e."group", 'not_stated') AS grp, wp.start_date, wp.end_date
                      FROM workforce_person wp LEFT JOIN workforce_ethnicitycode e ON e.code = wp.ethnicity_id
                      WHERE wp.staff_number LIKE 'SIM%%') p
                CROSS JOIN generate_series(0, %(years)s - 1) y
            ) p
            WHERE p.r1 < least(0.95, {p["s1"]} * {m["s1"]})
              AND p.received_date >= p.start_date AND p.received_date <= coalesce(p.end_date, %(cutoff)s)""",
            params,
        ),
        (
            f"""CREATE TEMP TABLE sim_subject AS
            SELECT row_number() OVER () AS k, person_id, received_date,
                   {sources}[1 + floor(r_src * {len(SOURCES)})::int] AS source,
                   {categories}[1 + floor(r_cat * {len(CATEGORIES)})::int] AS category,
                   assessed,
                   assessed AND r2 < least(0.95, {p["s2"]} * {m["s2"]}) AS gross,
                   decided,
                   decided AND r3 < least(0.95, {p["s3"]} * {m["s3"]}) AS cta,
                   decided AND r3 < least(0.95, {p["s3"]} * {m["s3"]}) AND r_ref < 0.8 AS referred,
                   r4 < least(0.95, {p["s4"]} * {m["s4"]}) AS hearing,
                   r5 < least(0.95, {p["s5"]} * {m["s5"]}) AS dismissal_draw,
                   r_out, r_dur
            FROM (SELECT sm.*,
                         r_assess < 0.95 AND received_date < %(cutoff)s::date - 20 AS assessed,
                         r_assess < 0.95 AND received_date < %(cutoff)s::date - 20 AND r_decide < 0.8
                           AND received_date < %(cutoff)s::date - 120 AS decided
                  FROM sim_matter sm) p""",
            params,
        ),
        (
            """INSERT INTO cases_case (public_id, reference, summary, source, intermediary_reference, received_date, status,
                 is_restricted, investigator_id, investigator_appointed_on, public_interest, created_by_id, created_at,
                 updated_at, severity_weight)
            SELECT gen_random_uuid(), 'SIM-' || k, 'Simulated matter', source, '', received_date, 'open', false, NULL, NULL,
                   false, NULL, now(), now(), 1
            FROM sim_subject""",
            {},
        ),
        (
            """CREATE TEMP TABLE sim_link AS
            SELECT s.*, c.id AS case_id,
                   CASE WHEN s.referred AND s.r_out < 0.85 THEN 'outcome'
                        WHEN s.decided AND NOT s.referred THEN 'closed_decision'
                        WHEN NOT s.assessed THEN 'received'
                        WHEN NOT s.decided THEN 'under_investigation'
                        ELSE 'referred' END AS progress,
                   s.received_date + (60 + s.r_dur * 540)::int AS would_finalise
            FROM sim_subject s JOIN cases_case c ON c.reference = 'SIM-' || s.k""",
            {},
        ),
        (
            """INSERT INTO cases_casesubject (public_id, case_id, person_id, stage, severity, likely_forum, forum,
                 case_to_answer, closure_reason, finalised_on, left_while_under_investigation, suspended, restricted_duties,
                 severity_date, decision_date)
            SELECT gen_random_uuid(), case_id, person_id,
                   CASE WHEN progress IN ('outcome', 'closed_decision') AND would_finalise <= %(cutoff)s THEN 'closed'
                        WHEN progress IN ('outcome', 'closed_decision') THEN 'awaiting_decision'
                        WHEN progress = 'received' THEN 'received'
                        WHEN progress = 'under_investigation' THEN 'under_investigation'
                        ELSE 'referred' END,
                   CASE WHEN NOT assessed THEN '' WHEN gross THEN 'gross_misconduct' ELSE 'misconduct' END,
                   '',
                   CASE WHEN referred THEN CASE WHEN hearing THEN 'hearing' ELSE 'meeting' END ELSE '' END,
                   CASE WHEN decided THEN cta END,
                   CASE WHEN progress = 'outcome' AND would_finalise <= %(cutoff)s THEN 'outcome_final'
                        WHEN progress = 'closed_decision' AND would_finalise <= %(cutoff)s THEN 'no_case_to_answer'
                        ELSE '' END,
                   CASE WHEN progress IN ('outcome', 'closed_decision') AND would_finalise <= %(cutoff)s
                        THEN would_finalise END,
                   false, false, false,
                   -- dated decisions (assessed 5-19 days and decided 21-59 days after receipt: both by the cut-off)
                   CASE WHEN assessed THEN received_date + 5 + floor(r_dur * 15)::int END,
                   CASE WHEN decided THEN received_date + 21 + floor(r_dur * 39)::int END
            FROM sim_link""",
            params,
        ),
        (
            f"""INSERT INTO cases_allegation (public_id, case_id, subject_id, category_id, description, incident_date,
                 incident_place, complainant_name, victim_vulnerable, death_or_serious_injury,
                 aggravated_by_discrimination, legacy_ref, created_at)
            SELECT gen_random_uuid(), l.case_id, cs.id, l.category, 'Simulated allegation', NULL, '', '', false, false,
                   false, '', now()
            FROM sim_link l JOIN cases_casesubject cs ON cs.case_id = l.case_id
            CROSS JOIN generate_series(1, 3) g
            WHERE g = 1 OR random() + 0 * cs.id < {max(0.0, min(1.0, (allegations_per_matter - 1) / 2))}""",
            {},
        ),
        (
            """INSERT INTO hearings_proceeding (public_id, subject_id, forum, status, scheduled_for, venue,
                 several_unconnected_matters, created_at)
            SELECT gen_random_uuid(), cs.id, cs.forum, CASE WHEN l.progress = 'outcome' THEN 'held' ELSE 'scheduled' END,
                   least(l.would_finalise - 20, %(cutoff)s), '', false, now()
            FROM sim_link l JOIN cases_casesubject cs ON cs.case_id = l.case_id
            WHERE l.referred""",
            params,
        ),
        (
            """INSERT INTO hearings_proceedingoutcome (proceeding_id, finding, outcome, reasons, decided_on, notice_due_on,
                 notice_given_on, warning_expires_on, recorded_by_id)
            SELECT pr.id, 'misconduct',
                   CASE WHEN pr.forum = 'hearing' AND l.dismissal_draw THEN 'dismissal_without_notice'
                        WHEN l.r_dur < 0.5 THEN 'written_warning' WHEN l.r_dur < 0.8 THEN 'final_written_warning'
                        ELSE 'management_advice' END,
                   'Simulated', least(l.would_finalise - 10, %(cutoff)s), least(l.would_finalise - 3, %(cutoff)s),
                   NULL, NULL, NULL
            FROM sim_link l JOIN cases_casesubject cs ON cs.case_id = l.case_id
            JOIN hearings_proceeding pr ON pr.subject_id = cs.id
            WHERE l.progress = 'outcome' AND least(l.would_finalise - 10, %(cutoff)s) <= %(cutoff)s""",
            params,
        ),
        (
            """UPDATE cases_case c SET status = 'closed' WHERE c.reference LIKE 'SIM-%%' AND NOT EXISTS (
                 SELECT 1 FROM cases_casesubject s WHERE s.case_id = c.id AND s.stage <> 'closed')""",
            {},
        ),
        ("DROP TABLE sim_person, sim_matter, sim_subject, sim_link", {}),
    ]
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            if clear:
                cursor.execute(CLEAR)
            for sql, args in steps:
                cursor.execute(sql, args or None)
            cursor.execute("SELECT count(*) FROM workforce_person WHERE staff_number LIKE 'SIM%%'")
            persons = cursor.fetchone()[0]
            cursor.execute(
                "SELECT count(*) FROM cases_casesubject s JOIN cases_case c ON c.id = s.case_id "
                "WHERE c.reference LIKE 'SIM-%%'"
            )
            subjects = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM cases_allegation")
            allegations = cursor.fetchone()[0]
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("ANALYZE")
    return {"people": persons, "matters": subjects, "allegations": allegations}
