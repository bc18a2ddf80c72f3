from datetime import date

from django.core.management.base import BaseCommand, CommandError

from oversight.models import Trigger
from oversight.refresh import RefreshAlreadyRunning, disparities_refresh


class Command(BaseCommand):
    help = "Run a disparity refresh to completion: every unit, window, population, source and stage."

    def add_arguments(self, parser):
        parser.add_argument("--cutoff", help="Data cut-off YYYY-MM-DD (default: today)")
        parser.add_argument("--no-durations", action="store_true", help="Skip the Kaplan-Meier and Cox stage")
        parser.add_argument("--no-adjusted", action="store_true", help="Skip the logistic-regression panel")

    def handle(self, *args, **options):
        cutoff = None
        if options["cutoff"]:
            try:
                cutoff = date.fromisoformat(options["cutoff"])
            except ValueError as exc:
                raise CommandError("--cutoff must be a date like 2026-03-31") from exc
        try:
            refresh = disparities_refresh(
                trigger=Trigger.COMMAND,
                cutoff=cutoff,
                durations=not options["no_durations"],
                adjusted=not options["no_adjusted"],
            )
        except RefreshAlreadyRunning as exc:
            raise CommandError(f"{exc}; try again when it has finished") from exc
        self.stdout.write(
            f"Refresh {refresh.public_id} complete (cut-off {refresh.data_cutoff}, method {refresh.method_version}): "
            f"{refresh.tests} tests (families per level: {refresh.families}), {refresh.flags} FLAG, "
            f"{refresh.watches} WATCH (unadjusted signals); timings {refresh.timings}"
        )
