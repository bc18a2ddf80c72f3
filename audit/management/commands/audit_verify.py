from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from audit.services import access_chain_verify


class Command(BaseCommand):
    help = (
        "Verify the access-event hash chain, and compare it with the chain heads witnessed outside the "
        "database (AUDIT_WITNESS_FILE); exit non-zero naming the first altered, inserted, removed or "
        "rewritten event."
    )

    def handle(self, *args, **options):
        report = access_chain_verify()
        if report.problem is not None:
            raise CommandError(f"Access log chain BROKEN after checking {report.checked} events: {report.problem}")
        if settings.AUDIT_WITNESS_FILE:
            witness = f"{report.witnessed} chain heads matched the witness {settings.AUDIT_WITNESS_FILE}"
        else:
            witness = "no witness file configured (AUDIT_WITNESS_FILE): a cut from the end cannot be seen"
        self.stdout.write(f"Access log chain intact: {report.checked} events verified; {witness}.")
        if settings.AUDIT_WITNESS_FILE and report.checked and not report.witnessed:
            self.stderr.write(
                "WARNING: the witness file holds no chain head of this database: if events were recorded since it "
                "was configured, it was replaced or removed."
            )
