import json
import time

from django.core.management.base import BaseCommand

from counter_corruption.links import CHUNK_LINKS, link_run_inline


class Command(BaseCommand):
    help = (
        "Run the link analysis now, in this process: collect and resolve sightings, then raise link "
        "alerts (the nightly task does the same with its chunks spread across workers)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--chunk", type=int, default=CHUNK_LINKS, help="link ids per chunk")
        parser.add_argument("--reason", default="on demand (management command)")

    def handle(self, *args, chunk: int, reason: str, **options):
        started = time.perf_counter()
        run = link_run_inline(reason=reason, chunk_links=chunk)
        figures = {
            "run": str(run.public_id),
            "mentions": run.mentions,
            "links_added": run.links_added,
            "new_links_checked": run.to_link_id - run.from_link_id,
            "alerts_raised": run.alerts_raised,
            "seconds": round(time.perf_counter() - started, 2),
        }
        self.stdout.write(
            f"Link analysis: {run.mentions} sightings, {run.links_added} links added, "
            f"{run.alerts_raised} link alerts raised in {figures['seconds']} s."
        )
        if options.get("verbosity", 1) > 1:
            self.stdout.write(json.dumps(figures))
