from django.core.management.base import BaseCommand

from infra.tasks import outbox_sweep


class Command(BaseCommand):
    help = "Send the tasks the outbox still holds (what the every-minute sweeper does)."

    def handle(self, *args, **options):
        result = outbox_sweep(older_than_seconds=0)
        self.stdout.write(f"Outbox: {result['sent']} sent, {result['purged']} old messages purged.")
