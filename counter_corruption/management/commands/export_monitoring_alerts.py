"""``manage.py export_monitoring_alerts FILE.csv``: one row per event of every alert raised from the
imported extracts (shared/formats/system-audit.md), streamed; the export is an access event."""

import csv

from django.core.management.base import BaseCommand

from audit.choices import AccessAction
from audit.services import access_event_record
from counter_corruption.models.monitoring import AlertEvent

HEADER = ["system", "event_id", "staff_number", "alert_id", "rule", "score", "reasons"]


def alert_export_rows():
    """(system, event_id, staff_number, alert public id, rule, score, reasons) per alert event."""
    yield from (
        AlertEvent.objects.order_by("alert__period", "alert_id", "occurred_at", "id")
        .values_list(
            "system",
            "event_id",
            "alert__searcher__staff_number",
            "alert__public_id",
            "alert__rule_id",
            "alert__score",
            "alert__reasons",
        )
        .iterator(chunk_size=5000)
    )


class Command(BaseCommand):
    help = "Write every monitoring alert's events to a CSV (one row per event)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        rows = 0
        alerts = set()
        with open(options["file"], "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            for system, event_id, staff, alert_id, rule, score, reasons in alert_export_rows():
                writer.writerow([system, event_id, staff, alert_id, rule, score, ";".join(reasons or [])])
                rows += 1
                alerts.add(alert_id)
        access_event_record(
            actor=None,
            action=AccessAction.EXPORT,
            object_type="monitoring_alert_list",
            object_id="export_monitoring_alerts",
            object_label=f"{len(alerts)} alerts, {rows} events",
            purpose=f"Monitoring alerts exported to {options['file']}"[:300],
        )
        self.stdout.write(f"{rows} events of {len(alerts)} alerts written to {options['file']}")
