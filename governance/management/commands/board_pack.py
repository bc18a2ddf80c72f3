"""Write the board pack of a month to a file: `manage.py board_pack --month 2026-11 pack.pdf`.

Made in this process (no worker needed); the month's stored pack is not changed."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


def parse_month(value: str) -> date:
    try:
        year, month = value.split("-")
        if len(year) != 4 or len(month) != 2:
            raise ValueError
        return date(int(year), int(month), 1)
    except ValueError:
        raise CommandError(f"--month must be a month as YYYY-MM, e.g. 2026-11 (got {value!r})") from None


class Command(BaseCommand):
    help = "Write the monthly professional standards board pack (PDF) for a month to a file."

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("file", help="Where to write the PDF")

    def handle(self, *args, **options):
        from governance.boardpack import board_pack_pdf

        month = parse_month(options["month"])
        pdf, pages = board_pack_pdf(month=month)
        try:
            Path(options["file"]).write_bytes(pdf)
        except OSError as exc:
            raise CommandError(f"Could not write {options['file']}: {exc.strerror}") from None
        self.stdout.write(
            f"Board pack for {month:%B %Y}: {pages} pages, {len(pdf)} bytes written to {options['file']}."
        )
