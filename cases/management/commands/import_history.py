from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cases.history import HistoryFileRefused, history_import


class Command(BaseCommand):
    help = "Import a previous system's case history (CSV, shared/formats/case-history.md). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--by", metavar="USERNAME", default="", help="the person importing: named in history and on the timeline"
        )

    def handle(self, *args, file: Path, by: str = "", **options):
        actor = None
        if by:
            actor = get_user_model().objects.filter(username=by, is_active=True).first()
            if actor is None:
                raise CommandError(f"--by {by}: there is no active user with that username")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from None
        try:
            result = history_import(actor=actor, data=data, filename=file.name)
        except HistoryFileRefused as exc:
            raise CommandError(f"{file.name} refused: {exc}") from None
        for line, reason in result.errors:
            self.stderr.write(f"line {line}: {reason}")
        self.stdout.write(
            f"{result.rows_read} rows read: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged, {len(result.errors)} bad rows"
        )
