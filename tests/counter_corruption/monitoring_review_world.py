"""Monitoring alerts made directly for the review's tests (the rules engine is another part): audit
events inserted into the partitioned events table, an alert holding them with what each matched."""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.db import connection

from counter_corruption.models import AlertEvent, AuditImport, MonitoringAlert, MonitoringRule
from counter_corruption.monitoring_keys import ensure_partitions

EVENT_COLUMNS = (
    "occurred_at", "audit_import_id", "line", "system", "event_id", "staff_number", "searcher_id", "action",
    "query_type", "query_text", "result_surname", "result_forenames", "result_dob", "result_postcode",
    "occurrence_ref", "reason_text",
)  # fmt: skip


def seeded_rules() -> None:
    """The rules as migration 0005 seeds them (a transactional test's flush empties the table)."""
    from counter_corruption.monitoring_rules import ensure_monitoring_rules

    ensure_monitoring_rules()


def audit_event(*, searcher, occurred_at: datetime, event_id: str, system: str = "PND", **fields) -> int:
    """One stored audit event (its row id)."""
    ensure_partitions([occurred_at.date()])
    audit_import = AuditImport.objects.first() or AuditImport.objects.create(filename="test.csv", path="/tmp/x")
    values = {
        "occurred_at": occurred_at, "audit_import_id": audit_import.id, "line": 2, "system": system,
        "event_id": event_id, "staff_number": searcher.staff_number, "searcher_id": searcher.id, "action": "search",
        "query_type": "person", "query_text": "", "result_surname": "", "result_forenames": "", "result_dob": None,
        "result_postcode": "", "occurrence_ref": "", "reason_text": "",
    }  # fmt: skip
    values.update(fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO counter_corruption_auditevent ({', '.join(EVENT_COLUMNS)}) "  # noqa: S608 (constant names)
            f"VALUES ({', '.join(['%s'] * len(EVENT_COLUMNS))}) RETURNING id",
            [values[c] for c in EVENT_COLUMNS],
        )
        return cursor.fetchone()[0]


def family_alert(*, searcher, score: int = 82, rule: str = "family", period: date = date(2026, 10, 1)):
    """An open alert: the searcher looked up their brother twice at night with no occurrence."""
    events = [
        (datetime(2026, 10, 3, 22, 41, 7, tzinfo=UTC), "PND-7781001", "MARLOW D*"),
        (datetime(2026, 10, 9, 0, 12, 55, tzinfo=UTC), "PND-7781442", "MARLOW DANIEL"),
    ]
    seeded_rules()
    alert = MonitoringAlert.objects.create(
        searcher=searcher,
        rule=MonitoringRule.objects.get(code=rule),
        period=period,
        score=score,
        reasons=[
            "Searched for a person at their own home postcode with their surname (family)",
            "No occurrence recorded on either search",
            "Both searches late at night (23:41 and 01:12)",
        ],
        events_count=len(events),
        first_event_at=events[0][0],
        last_event_at=events[-1][0],
    )
    for occurred_at, event_id, query in events:
        row_id = audit_event(
            searcher=searcher, occurred_at=occurred_at, event_id=event_id, query_text=query,
            result_surname="MARLOW", result_forenames="Daniel", result_dob=date(1991, 6, 14),
            result_postcode="LS6 2QT", reason_text="checking",
        )  # fmt: skip
        AlertEvent.objects.create(
            alert=alert, event_row_id=row_id, occurred_at=occurred_at, system="PND", event_id=event_id,
            matched_kind="family", matched_label="Daniel Marlow, same surname at the searcher's home postcode",
            strength=1.0, reasons=["same surname", "same postcode"],
        )  # fmt: skip
    return alert
