import time

from django.core.management.base import BaseCommand

from cases.models import Case
from cases.priority import priority_score_cases


class Command(BaseCommand):
    help = "Re-score every open case now, in this process (the nightly task does the same across workers)."

    def add_arguments(self, parser):
        parser.add_argument("--chunk", type=int, default=5000)

    def handle(self, *args, chunk: int, **options):
        started = time.perf_counter()
        ids = list(Case.objects.filter(status="open").order_by("id").values_list("id", flat=True))
        for i in range(0, len(ids), chunk):
            priority_score_cases(case_ids=ids[i : i + chunk])
        self.stdout.write(f"{len(ids)} open cases scored in {time.perf_counter() - started:.1f} s.")
