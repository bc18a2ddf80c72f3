from datetime import date

from django.core.management.base import BaseCommand, CommandError

from cases.services import reg19_drafts_make


class Command(BaseCommand):
    help = "Draft the regulation 19 reports that have fallen due (12 months, then every 6). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="YYYY-MM-DD (default: today)")

    def handle(self, *args, today=None, **options):
        try:
            when = date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError("--today must be YYYY-MM-DD") from None
        self.stdout.write(f"{reg19_drafts_make(today=when)} regulation 19 report(s) drafted.")
