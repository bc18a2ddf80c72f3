from datetime import date

from django.core.management.base import BaseCommand

from integrity.services import review_reminders_send


class Command(BaseCommand):
    help = "Mark business interests whose annual review is due and remind each declarer once (daily too)."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)")

    def handle(self, *args, **options):
        sent = review_reminders_send(today=options["today"])
        self.stdout.write(f"{sent} business interest review reminder(s) sent")
