from django.core.management.base import BaseCommand

from cases.services import action_reminders_send


class Command(BaseCommand):
    help = "Remind owners of open actions falling due within ACTION_REMINDER_DAYS working days (each once)."

    def handle(self, *args, **options):
        self.stdout.write(f"Action reminders sent: {action_reminders_send()}")
