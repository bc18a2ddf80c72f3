from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.history import HistoryFileRefused, history_import


class Command(BaseCommand):
    help = "Import a previous system's case history (CSV, shared/formats/case-history.md). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from None
        try:
            result = history_import(actor=None, data=data, filename=file.name)
        except HistoryFileRefused as exc:
            raise CommandError(f"{file.name} refused: {exc}") from None
        for line, reason in result.errors:
            self.stderr.write(f"line {line}: {reason}")
        self.stdout.write(
            f"{result.rows_read} rows read: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged, {len(result.errors)} bad rows"
        )
