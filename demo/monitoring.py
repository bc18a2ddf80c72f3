"""Demo data for lawful business monitoring: a small watch list of (made-up) public figures, an
audit extract of about 20,000 events over the last two months for the demo's own workforce written
by the independent generator (counter_corruption.monitoring_synthetic_independent) with misuse
planted, some of it by officers outside Professionalism whom the unit's demo accounts review,
imported through the real import (events, rules, alerts), and two alerts decided (no further
action, management action) so the rules page shows a false-positive rate."""

from __future__ import annotations

import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pghistory
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from counter_corruption.models import AlertStatus, AuditImport, MonitoringAlert, WatchListEntry
from counter_corruption.monitoring_synthetic_independent import extract_write, known_load
from workforce.models import Person

EVENTS = 20_000
WATCH_LIST = [
    # surname, forenames, date of birth, postcode, category
    ("FAIRWEATHER", "Lucinda", "1971-03-14", "SW1A 0AA", "politician"),
    ("OKONJO", "Tobi", "1996-08-02", "M16 0RA", "footballer"),
    ("PENHALIGON", "Rupert", "1964-11-21", "W12 7RJ", "broadcaster"),
    ("VASQUEZ-LYLE", "Marisol", "1989-05-30", "NW1 8NH", "musician"),
    ("THRELFALL", "Daz", "1982-01-09", "M3 4LZ", "soap actor"),
    ("ABERCROMBIE", "Sienna", "1999-12-12", "E20 2ST", "reality star"),
]


def _watch_list(actor: User | None) -> int:
    if WatchListEntry.objects.exists():
        return 0
    WatchListEntry.objects.bulk_create(
        [
            WatchListEntry(
                surname=surname,
                forenames=forenames,
                date_of_birth=date.fromisoformat(dob),
                postcode=postcode,
                category=category,
                note="Demo public figure (made up)",
                added_by=actor,
            )
            for surname, forenames, dob, postcode, category in WATCH_LIST
        ]
    )
    return len(WATCH_LIST)


def _reviewed_searchers(seed: int) -> list[str]:
    """Six serving officers outside Professionalism (no demo account is them or manages them)."""
    pool = list(
        Person.objects.filter(is_leaver=False, person_type="officer")
        .exclude(command__name="Professionalism")
        .filter(user_account__isnull=True)
        .order_by("staff_number")
        .values_list("staff_number", flat=True)[:300]
    )
    return random.Random(seed * 31 + 15).sample(pool, min(6, len(pool)))


def _decide(alert: MonitoringAlert, *, status: str, reason: str, actor: User | None) -> None:
    alert.status = status
    alert.decided_by = actor
    alert.decided_at = timezone.now()
    alert.decision_reason = reason
    alert.save(update_fields=["status", "decided_by", "decided_at", "decision_reason", "updated_at"])


def demo_monitoring_create(*, seed: int, today: date) -> str:
    from counter_corruption.monitoring_import import import_create, import_to_completion

    if AuditImport.objects.exists():
        return "already present"
    analyst = User.objects.filter(username="cc-officer").first()
    with transaction.atomic(), pghistory.context(reason="demo data"):
        figures = _watch_list(analyst)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"audit-extract-{today:%Y%m%d}.csv"
        made = extract_write(
            path,
            seed=seed,
            events=EVENTS,
            months=2,
            end=today - timedelta(days=1),
            misuse_share=0.006,
            known=known_load(),
            planted_searchers=_reviewed_searchers(seed),
        )
        imp = import_create(source=path, filename=path.name, origin="command", actor=analyst)
        imp = import_to_completion(imp)
    decided = 0
    with transaction.atomic(), pghistory.context(reason="demo data: alerts decided"):
        open_alerts = MonitoringAlert.objects.filter(status=AlertStatus.OPEN)
        repeat = open_alerts.filter(rule_id="repeat").order_by("score", "id").first()
        if repeat:
            _decide(
                repeat,
                status=AlertStatus.NO_FURTHER_ACTION,
                reason="The officer was following up a missing-person enquiry; the occurrence was not recorded.",
                actor=analyst,
            )
            decided += 1
        family = open_alerts.filter(rule_id__in=["family", "self"]).order_by("score", "id").first()
        if family:
            _decide(
                family,
                status=AlertStatus.MANAGEMENT_ACTION,
                reason="Words of advice from the line manager on searching relatives' records.",
                actor=analyst,
            )
            decided += 1
    alerts = MonitoringAlert.objects.count()
    return (
        f"{figures} public figures on the watch list; an extract of {made['events']:,} events "
        f"({made['planted']:,} planted) imported: {imp.imported:,} stored, {alerts} alerts, {decided} decided"
    )
