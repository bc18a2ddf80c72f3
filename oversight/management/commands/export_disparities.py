from django.core.management.base import BaseCommand, CommandError

from oversight.exports import analyst_csv_rows
from oversight.refresh import latest_refresh


class Command(BaseCommand):
    help = "Write the latest refresh's snapshot rows with exact counts (for analysts inside the command)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file to write")

    def handle(self, *args, **options):
        refresh = latest_refresh()
        if refresh is None:
            raise CommandError("No complete refresh yet: run manage.py refresh_disparities first")
        import csv

        try:
            handle = open(options["file"], "w", newline="", encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot write {options['file']}: {exc.strerror}") from exc
        with handle:
            writer = csv.writer(handle)
            rows = 0
            for row in analyst_csv_rows(refresh):
                writer.writerow(row)
                rows += 1
        self.stdout.write(f"Wrote {rows - 1} rows from refresh {refresh.public_id} to {options['file']}")
