from django.core.management.base import BaseCommand

from demo.performance import demo_performance_seed


class Command(BaseCommand):
    help = "Demo performance cases (after seed_demo: uses its accounts and workforce)."

    def handle(self, *args, **options):
        self.stdout.write(demo_performance_seed())
