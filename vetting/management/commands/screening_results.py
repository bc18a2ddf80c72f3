import csv

from django.core.management.base import BaseCommand, CommandError

from vetting.models import RunStatus, ScreeningRun
from vetting.services import results_csv_rows


class Command(BaseCommand):
    help = (
        "Write one row per candidate of the newest complete run: request_ref, pnd_person_id, decision, score, reasons."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--run", help="A run's id (default: the newest complete run)")

    def handle(self, *args, **options):
        runs = ScreeningRun.objects.filter(status=RunStatus.COMPLETE)
        run = runs.filter(public_id=options["run"]).first() if options["run"] else runs.first()
        if run is None:
            raise CommandError("No complete screening run")
        try:
            with open(options["file"], "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                count = -1
                for row in results_csv_rows(run):
                    writer.writerow(row)
                    count += 1
        except OSError as exc:
            raise CommandError(f"Cannot write {options['file']}: {exc.strerror}") from exc
        self.stdout.write(f"{count} candidates written to {options['file']}")
