"""The priority score: explainable, set-based, idempotent.

One SQL statement gathers the facts for a batch of cases; Python turns them into components
(code, label, points, detail) using the weights held as reference data; one upsert stores score
and components. The same function scores one case after a change and 600,000 at night.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

from core.working_days import add_working_days

from .models import AllegationCategory, CasePriority, PriorityWeight

FACTS_SQL = """
WITH c AS (
    SELECT id, received_date, public_interest, status FROM cases_case WHERE id = ANY(%(ids)s)
), subj AS (
    SELECT cs.case_id,
           bool_or(cs.severity = 'gross_misconduct') AS gross,
           bool_or(cs.severity = 'misconduct') AS misconduct,
           bool_or(cs.severity = '' AND cs.stage <> 'closed') AS unassessed,
           bool_or(cs.suspended OR cs.restricted_duties) AS suspended,
           bool_or(cs.stage IN ('received', 'awaiting_decision')) AS awaiting,
           array_agg(DISTINCT cs.stage) AS stages,
           array_remove(array_agg(DISTINCT cs.severity), '') AS severities
    FROM cases_casesubject cs WHERE cs.case_id = ANY(%(ids)s) AND cs.stage <> 'closed'
    GROUP BY cs.case_id
), alleg AS (
    SELECT a.case_id, bool_or(a.victim_vulnerable) AS vulnerable,
           array_agg(DISTINCT a.category_id) AS categories
    FROM cases_allegation a WHERE a.case_id = ANY(%(ids)s) GROUP BY a.case_id
), prior AS (
    SELECT cs.case_id, count(DISTINCT a2.id) AS prior_allegations
    FROM cases_casesubject cs
    JOIN c ON c.id = cs.case_id
    JOIN cases_casesubject cs2 ON cs2.person_id = cs.person_id AND cs2.case_id <> cs.case_id
    JOIN cases_case c2 ON c2.id = cs2.case_id
         AND c2.received_date <= c.received_date
         AND c2.received_date > c.received_date - make_interval(years => %(repeat_years)s)
    JOIN cases_allegation a2 ON a2.subject_id = cs2.id
    WHERE cs.case_id = ANY(%(ids)s)
    GROUP BY cs.case_id
), notice AS (
    SELECT cs.case_id, min(n.response_due_on) AS response_due
    FROM cases_reg17notice n JOIN cases_casesubject cs ON cs.id = n.subject_id
    WHERE cs.case_id = ANY(%(ids)s) AND n.response_received_on IS NULL AND cs.stage = 'under_investigation'
    GROUP BY cs.case_id
), last_step AS (
    SELECT case_id, max(at) AS last_at FROM cases_stagetransition WHERE case_id = ANY(%(ids)s) GROUP BY case_id
)
SELECT c.id, c.status, c.received_date, c.public_interest,
       coalesce(subj.gross, false), coalesce(subj.misconduct, false), coalesce(subj.unassessed, false),
       coalesce(subj.suspended, false), coalesce(alleg.vulnerable, false), coalesce(alleg.categories, '{}'),
       coalesce(r.referred, false), coalesce(prior.prior_allegations, 0), notice.response_due, last_step.last_at,
       coalesce(subj.awaiting, false), coalesce(subj.stages, '{}'), coalesce(subj.severities, '{}')
FROM c
LEFT JOIN subj ON subj.case_id = c.id
LEFT JOIN alleg ON alleg.case_id = c.id
LEFT JOIN cases_iopcreferral r ON r.case_id = c.id
LEFT JOIN prior ON prior.case_id = c.id
LEFT JOIN notice ON notice.case_id = c.id
LEFT JOIN last_step ON last_step.case_id = c.id
"""


def current_weights() -> tuple[dict, dict, str]:
    weights = {w.code: w for w in PriorityWeight.objects.all()}
    categories = {c.code: (c.label, c.priority_weight) for c in AllegationCategory.objects.all()}
    fingerprint = json.dumps(
        [[k, w.weight, w.parameter] for k, w in sorted(weights.items())]
        + sorted([k, v[1]] for k, v in categories.items())
    )
    return weights, categories, hashlib.sha256(fingerprint.encode()).hexdigest()[:16]


def _components(row, weights, categories, today: date, suspension=None) -> list[dict]:
    (
        _id,
        _status,
        received,
        public_interest,
        gross,
        misconduct,
        unassessed,
        suspended,
        vulnerable,
        cats,
        referred,
        prior,
        response_due,
        last_at,
    ) = row[:14]
    out = []

    def add(code, detail, points=None):
        weight = weights.get(code)
        if weight is None:
            return
        value = weight.weight if points is None else points
        if value:
            out.append({"code": code, "label": weight.label, "points": round(float(value), 2), "detail": detail})

    if gross:
        add("severity_gross", "a subject is assessed as gross misconduct")
    elif misconduct:
        add("severity_misconduct", "a subject is assessed as misconduct")
    elif unassessed:
        add("severity_unassessed", "awaiting severity assessment")
    if cats:
        top = max(cats, key=lambda c: categories.get(c, ("", 0))[1])
        label, weight = categories.get(top, (top, 0))
        multiplier = weights["category"].weight if "category" in weights else 1
        add("category", label, weight * multiplier)
    if vulnerable:
        add("vulnerable_victim", "an allegation involves a vulnerable victim")
    if referred:
        add("iopc", "referred to the IOPC")
    if suspended:
        add("suspended", "a subject is suspended or on restricted duties")
    if prior and "repeat_subject" in weights:
        w = weights["repeat_subject"]
        cap = weights["repeat_cap"].weight if "repeat_cap" in weights else None
        points = prior * w.weight
        add(
            "repeat_subject",
            f"{prior} prior allegation(s) against the subject(s) in {int(w.parameter or 3)} years",
            min(points, cap) if cap else points,
        )
    if response_due and response_due <= add_working_days(today, 5):
        add(
            "reg17_response",
            f"reg 18 response due {response_due:%d %b %Y}" + (" (overdue)" if response_due < today else ""),
        )
    if received:
        from dateutil.relativedelta import relativedelta

        mark = received + relativedelta(months=12)
        if mark <= today:
            add("twelve_months", f"12 months passed on {mark:%d %b %Y}")
        elif "twelve_months_near" in weights and mark <= today + timedelta(
            days=int(weights["twelve_months_near"].parameter or 30)
        ):
            add("twelve_months_near", f"12 months on {mark:%d %b %Y}")
    if last_at and "stale" in weights:
        idle = (timezone.now() - last_at).days
        if idle > (weights["stale"].parameter or 28):
            add("stale", f"no recorded step for {idle} days")
    if public_interest:
        add("public_interest", "marked as high public interest")
    if suspension:  # suspension decision (reg 11B) or review due: cases.suspension
        from .suspension import suspension_component

        found = suspension_component(suspension, weights.get("suspension_deadline"), today)
        if found:
            add("suspension_deadline", found[1], found[0])
    return out


def priority_score_cases(*, case_ids: list[int], today: date | None = None) -> int:
    """Score these cases now; returns how many were stored. Idempotent."""
    if not case_ids:
        return 0
    today = today or timezone.localdate()
    weights, categories, version = current_weights()
    started = timezone.now()
    repeat_years = int((weights.get("repeat_subject").parameter if weights.get("repeat_subject") else 3) or 3)
    with connection.cursor() as cursor:
        cursor.execute(FACTS_SQL, {"ids": list(case_ids), "repeat_years": repeat_years})
        rows = cursor.fetchall()
    from .queues import AT_RISK_CODES
    from .suspension import suspension_pressure

    pressure = suspension_pressure(case_ids=[row[0] for row in rows if row[1] == "open"], today=today)

    ids, opens, scores, components, awaiting, at_risk, stages, severities = [], [], [], [], [], [], [], []
    for row in rows:
        parts = _components(row, weights, categories, today, pressure.get(row[0])) if row[1] == "open" else []
        ids.append(row[0])
        opens.append(row[1] == "open")
        awaiting.append(bool(row[14]))
        stages.append("\x1f".join(row[15]))
        severities.append("\x1f".join(row[16]))
        at_risk.append(any(p["code"] in AT_RISK_CODES for p in parts))
        scores.append(float(round(sum(p["points"] for p in parts), 2)))
        components.append(json.dumps(sorted(parts, key=lambda p: -p["points"])))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO cases_casepriority (case_id, is_open, score, components, weights_version, computed_at, requested_at,
                                            awaiting_decision, at_risk, stages, severities)
            SELECT v.id, v.is_open, v.score, v.components::jsonb, %s, %s, NULL, v.awaiting, v.at_risk,
                   string_to_array(v.stages, E'\\x1f'), string_to_array(v.severities, E'\\x1f')
            FROM unnest(%s::bigint[], %s::boolean[], %s::float8[], %s::text[], %s::boolean[], %s::boolean[],
                        %s::text[], %s::text[])
                 AS v(id, is_open, score, components, awaiting, at_risk, stages, severities)
            ON CONFLICT (case_id) DO UPDATE SET
                is_open = EXCLUDED.is_open, score = EXCLUDED.score, components = EXCLUDED.components,
                awaiting_decision = EXCLUDED.awaiting_decision, at_risk = EXCLUDED.at_risk,
                stages = EXCLUDED.stages, severities = EXCLUDED.severities,
                weights_version = EXCLUDED.weights_version, computed_at = EXCLUDED.computed_at,
                -- a request made after this scoring started still stands (compare-and-set)
                requested_at = CASE WHEN cases_casepriority.requested_at > %s THEN cases_casepriority.requested_at ELSE NULL END
            """,
            [version, timezone.now(), ids, opens, scores, components, awaiting, at_risk, stages, severities, started],
        )
    return len(ids)


def priority_request(*, case_ids: list[int]) -> None:
    """Mark cases as waiting to be re-scored (in the caller's transaction), so nothing is lost."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO cases_casepriority (case_id, is_open, score, components, weights_version, requested_at,
                                            awaiting_decision, at_risk, stages, severities)
            SELECT id, true, 0, '[]'::jsonb, '', %s, false, false, '{}', '{}' FROM unnest(%s::bigint[]) AS id
            ON CONFLICT (case_id) DO UPDATE SET requested_at = EXCLUDED.requested_at
            """,
            [now, list(case_ids)],
        )


def priority_components_of(case) -> list[dict]:
    priority = CasePriority.objects.filter(case=case).first()
    return priority.components if priority else []
