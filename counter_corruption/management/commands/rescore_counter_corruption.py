import time

from django.core.management.base import BaseCommand

from counter_corruption.priority import queue_open_sources, queue_score


class Command(BaseCommand):
    help = (
        "Re-score every open intelligence log and link alert in the counter-corruption queue now, in this "
        "process (the nightly task, counter_corruption.queue_tasks.cc_queue_nightly_run, does the same across "
        "workers; --workers starts that run instead)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--chunk", type=int, default=2000)
        parser.add_argument("--workers", action="store_true", help="Record a run and leave its chunks to the workers")

    def handle(self, *args, chunk: int, workers: bool, **options):
        started = time.perf_counter()
        if workers:
            from counter_corruption.queue_tasks import queue_run_start

            run_id = queue_run_start(reason="command", chunk_size=chunk)
            self.stdout.write(f"Counter-corruption queue: run {run_id} started; its chunks are queued for the workers.")
            return
        log_ids, alert_ids = queue_open_sources()
        for i in range(0, len(log_ids), chunk):
            queue_score(log_ids=log_ids[i : i + chunk])
        for i in range(0, len(alert_ids), chunk):
            queue_score(alert_ids=alert_ids[i : i + chunk])
        self.stdout.write(
            f"Counter-corruption queue: {len(log_ids)} logs and {len(alert_ids)} link alerts scored "
            f"in {time.perf_counter() - started:.1f} s."
        )
