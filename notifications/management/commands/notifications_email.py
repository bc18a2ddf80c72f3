from django.core.management.base import BaseCommand

from notifications.services import notifications_email


class Command(BaseCommand):
    help = "E-mail users whose notifications need action (what the scheduled task does)."

    def handle(self, *args, **options):
        self.stdout.write(f"{notifications_email()} notification(s) e-mailed")
