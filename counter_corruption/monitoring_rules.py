"""Resolution of audit events to known people, the rules, and the alerts they raise.

Contract with the import (counter_corruption.monitoring_import): when every chunk of an import is
stored, the import calls ``rules_run_start(audit_import_id=...)``, which creates a RulesRun over
the import's stored event rows (chunked by partition month and row-id range) and enqueues its
chunks; the import's status goes to "resolving" until the run finishes, then "complete"."""

from __future__ import annotations


def rules_run_start(*, audit_import_id: int | None = None, months=None, reason: str = "import"):
    """Create and enqueue a rules run (filled in by the rules part). Returns the RulesRun."""
    raise NotImplementedError("the rules part fills this in")
