from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workforce.services import WorkforceFileRefused, workforce_import


class Command(BaseCommand):
    help = "Import the HR workforce extract (CSV, shared/formats/workforce.md): upsert by staff number."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--allow-mass-leavers", action="store_true", help="Allow marking more than the configured share as leavers"
        )

    def handle(self, *args, file: Path, allow_mass_leavers: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from None
        try:
            result = workforce_import(actor=None, data=data, filename=file.name, allow_mass_leavers=allow_mass_leavers)
        except WorkforceFileRefused as exc:
            raise CommandError(f"{file.name} refused: {exc}") from None
        for error in result.errors:
            self.stderr.write(f"line {error.line}: {error.staff_number or '-'}: {error.reason}")
        for warning in result.warnings:
            prefix = f"line {warning.line}: " if warning.line else ""
            self.stderr.write(f"warning: {prefix}{warning.reason}")
        self.stdout.write(
            f"{result.rows_read} rows read: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged, {result.leavers} marked as leavers, {len(result.errors)} bad rows"
        )
