"""``manage.py export_home_office_return --year YYYY FILE.csv``: the Home Office annual misconduct
return for financial year YYYY (1 April YYYY to 31 March YYYY+1), shared/formats/home-office-return.md.
Writing it is a disclosure, recorded as an access event."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from audit.choices import AccessAction
from audit.services import access_event_record
from governance.home_office import write_return_csv, year_period

FIRST_YEAR = 2000


def valid_year(value) -> int:
    """The financial year as an int, or CommandError saying why not."""
    try:
        year = int(str(value).strip())
    except ValueError:
        raise CommandError(f"--year must be a four-digit year such as 2025, not '{value}'") from None
    if not FIRST_YEAR <= year <= date.today().year:
        raise CommandError(f"--year must be between {FIRST_YEAR} and {date.today().year}, not {year}")
    return year


class Command(BaseCommand):
    help = "Write the Home Office annual misconduct return for one financial year to a CSV."

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="2025 = 1 April 2025 to 31 March 2026")
        parser.add_argument("file")

    def handle(self, *args, **options):
        year = valid_year(options["year"])
        start, end = year_period(year)
        with open(options["file"], "w", newline="", encoding="utf-8") as handle:
            rows = write_return_csv(year, handle)
        access_event_record(
            actor=None,
            action=AccessAction.DISCLOSE,
            object_type="home_office_return",
            object_id=str(year),
            object_label=f"Home Office return {year}/{str(year + 1)[2:]}: {rows} rows",
            purpose=f"Home Office return {start} to {end} written to {options['file']}"[:300],
        )
        self.stdout.write(f"{rows} rows of the {year}/{str(year + 1)[2:]} return written to {options['file']}")
