from datetime import date

import pghistory
from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = "Demo suspension decisions (late decision, overdue reviews, a listed charge and arrest)."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, default=None)

    def handle(self, *args, today=None, **options):
        from demo.suspension import demo_suspension_create

        with pghistory.context(reason="demo data"):
            made = demo_suspension_create(today=today or timezone.localdate())
        self.stdout.write(f"Suspension: {made} subjects with suspension decisions and deadlines")
