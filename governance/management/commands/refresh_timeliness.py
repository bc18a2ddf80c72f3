"""Rebuild the timeliness facts and figures (the nightly task, by hand)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Rebuild the timeliness figures; --send hands the chunks to the workers instead of running them here."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="Count open matters' ages to this day (YYYY-MM-DD); default today")
        parser.add_argument("--send", action="store_true", help="Send the chunks to the Celery workers")

    def handle(self, *args, **options):
        from governance.timeliness import timeliness_refresh_now, timeliness_run_start

        try:
            as_of = date.fromisoformat(options["as_of"]) if options["as_of"] else None
        except ValueError as error:
            raise CommandError(f"--as-of: {error}") from error
        if options["send"]:
            run = timeliness_run_start(reason="command", as_of=as_of)
            self.stdout.write(f"Timeliness run {run.public_id}: {run.total_chunks} chunks sent")
        else:
            run = timeliness_refresh_now(reason="command", as_of=as_of)
            self.stdout.write(f"Timeliness figures as of {run.as_of} ({run.total_chunks} chunks)")
