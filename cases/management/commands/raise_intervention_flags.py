from django.core.management.base import BaseCommand

from cases.intervention import intervention_flags_raise


class Command(BaseCommand):
    help = "Evaluate the early-intervention rules and raise new flags (idempotent)."

    def handle(self, *args, **options):
        self.stdout.write(f"{intervention_flags_raise()} new early-intervention flag(s).")
