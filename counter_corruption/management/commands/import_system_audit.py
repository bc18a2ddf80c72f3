"""Import a force systems' audit extract (shared/formats/system-audit.md)."""

import time

from django.core.management.base import BaseCommand, CommandError

from counter_corruption.models import AuditImport, ImportOrigin, ImportStatus
from counter_corruption.monitoring_import import import_create, import_enqueue, import_progress, import_to_completion


class Command(BaseCommand):
    help = (
        "Import an audit extract CSV: in this process by default, or with --queue on the workers (printing "
        "progress until done). Prints rows read, imported, duplicates, unknown staff and each bad row by line."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--queue", action="store_true", help="Hand the import to the Celery workers")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            imp = import_create(source=path, filename=path, origin=ImportOrigin.COMMAND)
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from None
        if imp.status == ImportStatus.FAILED:
            raise CommandError(f"{path} refused: {imp.error}")
        if options["queue"]:
            import_enqueue(imp)
            imp = self._follow(imp)
        else:
            imp = import_to_completion(imp)
        progress = import_progress(imp)
        if imp.status == ImportStatus.FAILED:
            raise CommandError(f"{path} refused: {imp.error}")
        out = self.stdout.write
        out(f"Import {imp.public_id}: {progress['status_label']}")
        out(f"Rows read: {progress['rows_read']}")
        out(f"Imported: {progress['imported']}")
        out(f"Duplicates (already stored): {progress['duplicates']}")
        out(f"Unknown staff numbers (stored, not checked): {progress['unknown_staff']}")
        out(f"Bad rows: {progress['bad_rows']}")
        for line, reason in progress["bad_lines"]:
            out(f"  line {line}: {reason}")

    def _follow(self, imp: AuditImport) -> AuditImport:
        last = None
        while True:
            imp.refresh_from_db()
            progress = import_progress(imp)
            shown = (progress["status"], progress["percent"])
            if shown != last:
                self.stdout.write(
                    f"{progress['status_label']}: {progress['percent']}% "
                    f"({progress['chunks_done']} of {progress['chunks_total']} chunks)"
                )
                last = shown
            if imp.status in (ImportStatus.COMPLETE, ImportStatus.FAILED):
                return imp
            time.sleep(1)
