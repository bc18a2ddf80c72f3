import csv

from django.core.management.base import BaseCommand, CommandError

from vetting.services import request_csv_rows, screening_run_create


class Command(BaseCommand):
    help = "Create a screening run and write the PND bulk-check request for everyone in scope."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file to write")

    def handle(self, *args, **options):
        run = screening_run_create(trigger="command")
        try:
            with open(options["file"], "w", newline="", encoding="utf-8") as handle:
                csv.writer(handle).writerows(request_csv_rows(run))
        except OSError as exc:
            raise CommandError(f"Cannot write {options['file']}: {exc.strerror}") from exc
        self.stdout.write(f"Run {run.public_id}: request for {run.people} people written to {options['file']}")
