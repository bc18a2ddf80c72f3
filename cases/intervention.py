"""Early-intervention rules on people: counted in PostgreSQL, raised as flags with the evidence."""

from __future__ import annotations

from datetime import date

import pghistory
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from .models import InterventionFlag, InterventionRule

COUNTS_SQL = """
SELECT cs.person_id, count(DISTINCT a.id) AS allegations, array_agg(DISTINCT c.reference) AS refs
FROM cases_allegation a
JOIN cases_casesubject cs ON cs.id = a.subject_id
JOIN cases_case c ON c.id = a.case_id
WHERE c.received_date > %(since)s AND c.received_date <= %(today)s
GROUP BY cs.person_id
HAVING count(DISTINCT a.id) >= %(threshold)s
"""
STANDARD_SQL = """
SELECT cs.person_id, s.standard_id, count(DISTINCT c.id) AS matters, array_agg(DISTINCT c.reference) AS refs
FROM cases_allegation a
JOIN cases_allegation_standards s ON s.allegation_id = a.id
JOIN cases_casesubject cs ON cs.id = a.subject_id
JOIN cases_case c ON c.id = a.case_id
WHERE c.received_date > %(since)s AND c.received_date <= %(today)s
GROUP BY cs.person_id, s.standard_id
HAVING count(DISTINCT c.id) >= %(threshold)s
"""
PEER_SQL = """
WITH counts AS (
    SELECT p.id AS person_id, p.rank_or_grade, p.unit_id,
           count(DISTINCT a.id) FILTER (WHERE c.received_date > %(since)s AND c.received_date <= %(today)s) AS n
    FROM workforce_person p
    LEFT JOIN cases_casesubject cs ON cs.person_id = p.id
    LEFT JOIN cases_allegation a ON a.subject_id = cs.id
    LEFT JOIN cases_case c ON c.id = a.case_id
    WHERE NOT p.is_leaver
    GROUP BY p.id
), ranked AS (
    SELECT *, percent_rank() OVER (PARTITION BY rank_or_grade, unit_id ORDER BY n) AS pr,
           count(*) OVER (PARTITION BY rank_or_grade, unit_id) AS peers
    FROM counts
)
SELECT person_id, n, peers, pr FROM ranked
WHERE n >= 2 AND pr >= %(percentile)s AND peers >= 20
"""


def _rows(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# A flag's stored evidence keys, as a reviewer reads them.
EVIDENCE_LABELS = {
    "allegations": "Allegations in the window",
    "matters": "Matters under that standard",
    "standard": "Standard of Professional Behaviour",
    "peers": "Peers compared (same rank or grade and unit)",
    "percent_rank": "Percentile rank among peers",
    "window_months": "Window",
    "cases": "Matters",
}


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def evidence_lines(evidence: dict) -> list[tuple[str, str]]:
    """(label, value) for each item of a flag's evidence, in words: "Percentile rank among peers:
    100th", "Window: 12 months". A key not known here is shown in sentence case."""
    lines = []
    for key, value in (evidence or {}).items():
        label = EVIDENCE_LABELS.get(key) or key.replace("_", " ").capitalize()
        if key == "percent_rank" and isinstance(value, int | float):
            shown = _ordinal(round(value * 100))
        elif key == "window_months" and isinstance(value, int):
            shown = f"{value} month{'' if value == 1 else 's'}"
        elif isinstance(value, list | tuple):
            shown = ", ".join(str(v) for v in value) or "—"
        else:
            shown = str(value)
        lines.append((label, shown))
    return lines


def intervention_flags_raise(*, today: date | None = None) -> int:
    """Evaluate every active rule; raise a flag for each person newly over a threshold. Idempotent."""
    today = today or timezone.localdate()
    raised = []
    for rule in InterventionRule.objects.filter(active=True):
        since = today - relativedelta(months=rule.window_months)
        params = {"since": since, "today": today, "threshold": rule.threshold}
        if rule.code == "allegations_in_window":
            for person_id, n, refs in _rows(COUNTS_SQL, params):
                raised.append(
                    InterventionFlag(
                        person_id=person_id,
                        rule=rule,
                        evidence={"allegations": n, "window_months": rule.window_months, "cases": sorted(refs)},
                    )
                )
        elif rule.code == "repeated_standard":
            seen = set()
            for person_id, standard, n, refs in _rows(STANDARD_SQL, params):
                if person_id in seen:
                    continue
                seen.add(person_id)
                raised.append(
                    InterventionFlag(
                        person_id=person_id,
                        rule=rule,
                        evidence={
                            "standard": standard,
                            "matters": n,
                            "window_months": rule.window_months,
                            "cases": sorted(refs),
                        },
                    )
                )
        elif rule.code == "peer_percentile":
            params["percentile"] = rule.threshold / 100
            # percent_rank: a person strictly above 99% of peers has pr >= 0.99
            for person_id, n, peers, pr in _rows(PEER_SQL, params):
                raised.append(
                    InterventionFlag(
                        person_id=person_id,
                        rule=rule,
                        evidence={
                            "allegations": n,
                            "peers": peers,
                            "percent_rank": round(pr, 3),
                            "window_months": rule.window_months,
                        },
                    )
                )
    with transaction.atomic(), pghistory.context(reason="early-intervention rules evaluated"):
        before = InterventionFlag.objects.count()
        InterventionFlag.objects.bulk_create(raised, ignore_conflicts=True)
        return InterventionFlag.objects.count() - before


def intervention_flag_review(*, actor, flag: InterventionFlag, status: str, note: str) -> InterventionFlag:
    if not note.strip():
        raise ValidationError({"note": "Record what was found and decided."})
    if status not in InterventionFlag.Status.values or status == InterventionFlag.Status.NEW:
        raise ValidationError({"status": "Choose under review, actioned or closed."})
    with transaction.atomic(), pghistory.context(reason=note):
        flag.status, flag.review_note, flag.reviewed_by, flag.reviewed_at = status, note, actor, timezone.now()
        flag.save()
    return flag
