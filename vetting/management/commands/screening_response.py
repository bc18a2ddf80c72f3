from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vetting.models import RunStatus, ScreeningRun
from vetting.services import response_attach, run_progress, run_to_completion


class Command(BaseCommand):
    help = "Import a PND bulk-check response (JSON Lines) and run identity resolution to completion."

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON Lines response")
        parser.add_argument("--run", help="The run it answers (default: the newest awaiting a response)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path} is not a file")
        runs = ScreeningRun.objects.filter(status=RunStatus.AWAITING_RESPONSE)
        run = runs.filter(public_id=options["run"]).first() if options["run"] else runs.first()
        if run is None:
            raise CommandError("No screening run is awaiting a response: run screening_request first")
        run = run_to_completion(response_attach(run=run, source=path, filename=path.name))
        p = run_progress(run)
        self.stdout.write(
            f"Run {run.public_id}: {run.lines_total} lines, {p['candidates']} candidates, {p['matches']} matches, "
            f"{p['possibles']} possible (for review), {p['hits']} new hits, {len(p['bad_lines'])} bad lines"
        )
        for line, reason in p["bad_lines"][:50]:
            self.stdout.write(f"  line {line}: {reason}")
