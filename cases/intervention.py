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
