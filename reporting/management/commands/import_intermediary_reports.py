from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reporting.importing import ImportRefused, bad_rows, intermediary_import


class Command(BaseCommand):
    help = (
        "Import reports passed on by an intermediary reporting line (CSV, docs/formats/intermediary-reports.md) "
        "into the triage queue. Rows imported before are counted, not duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--intermediary", required=True, help="Who sent the file, for example Crimestoppers")

    def handle(self, *args, file: Path, intermediary: str, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from None
        try:
            record = intermediary_import(actor=None, intermediary=intermediary, file_name=file.name, data=data)
        except ImportRefused as exc:
            raise CommandError(f"{file.name} refused: {exc}") from None
        for warning in record.warnings:
            self.stderr.write(f"warning: {warning}")
        for error in record.errors:
            self.stderr.write(f"line {error['line']}: {error['message']}")
        self.stdout.write(
            f"{record.rows} rows read from {record.intermediary}: {record.created} created, "
            f"{record.already_imported} already imported, {bad_rows(record)} bad rows"
        )
