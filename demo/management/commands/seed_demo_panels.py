from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = "Demo only: schedule the demo's hearings waiting for a date and give each scheduled hearing a panel."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--today", type=date.fromisoformat, default=None, help="The demo's today (YYYY-MM-DD)")

    def handle(self, *args, seed: int, today: date | None = None, **options):
        from django.conf import settings

        if not (settings.DEMO_MODE or settings.TESTING):
            raise CommandError("seed_demo_panels adds synthetic panel members: it runs only with DEMO_MODE=1.")
        import pghistory

        from demo.panels import demo_panels_create

        with pghistory.context(reason="demo data"):
            refused = []
            made = demo_panels_create(seed=seed, today=today or timezone.localdate(), refused=refused)
        self.stdout.write(f"Hearing panels: {made} complete panels for the scheduled hearings")
        for line in refused:
            self.stderr.write(f"Hearing panels: refused {line}")
