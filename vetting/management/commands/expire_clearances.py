from django.core.management.base import BaseCommand

from vetting.clearance_services import clearances_expire, expiry_reminders_send


class Command(BaseCommand):
    help = "Expire clearances past their renewal date and send renewal reminders (daily too)."

    def handle(self, *args, **options):
        expired = clearances_expire()
        reminded = expiry_reminders_send()
        self.stdout.write(f"{expired} clearance(s) expired; {reminded} renewal reminder(s) sent")
