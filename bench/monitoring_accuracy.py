"""Monitoring rules: recall and precision on the project's own synthetic world.

``python -m bench.monitoring_accuracy [--seed N] [--people N] [--events N] [--direct]``: builds a
world, writes the extract and its truth, imports it through the import's own path in this process
(``import_create`` + ``import_to_completion``: chunks, then the rules), or with ``--direct`` by COPY
straight into the events table and then the rules, and prints
recall (planted events in some alert) and precision (alerted events that were planted) per kind.
The last line is JSON."""

import argparse
import csv
import json
import shutil
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

from bench._setup import django_for_bench


def _reset():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE counter_corruption_auditevent, counter_corruption_auditeventkey, "
            "counter_corruption_alertevent, counter_corruption_monitoringalert, counter_corruption_eventmatch, "
            "counter_corruption_ruleschunk, counter_corruption_rulesrun, counter_corruption_auditimportchunk, "
            "counter_corruption_auditimport, counter_corruption_watchlistentry, integrity_notifiableassociation, "
            "counter_corruption_monknown, cases_allegation CASCADE"
        )
    from bench._setup import reset_workforce

    reset_workforce()


def import_direct(path: Path):
    """COPY the extract into the events table with its keys (no checks: the bench's own file)."""
    from django.db import connection

    from counter_corruption.models.monitoring import AuditImport
    from counter_corruption.monitoring_keys import (
        EVENTS_TABLE,
        ensure_partitions,
        forename_key,
        postcode_key,
        surname_key,
    )
    from workforce.models import Person

    imp = AuditImport.objects.create(filename=path.name, path=str(path), status="resolving", origin="command")
    staff = dict(Person.objects.values_list("staff_number", "id"))
    with path.open(encoding="utf-8") as handle:
        months = {datetime.fromisoformat(r["occurred_at"][:10]) for r in csv.DictReader(handle)}
    ensure_partitions(months)
    rows = 0
    with path.open(encoding="utf-8") as handle, connection.cursor() as cursor:
        cols = (
            "occurred_at, audit_import_id, line, system, event_id, staff_number, searcher_id, action, query_type, "
            "query_text, result_surname, result_forenames, result_dob, result_postcode, result_ref, occurrence_ref, "
            "reason_text, surname_key, forename_key, postcode_key"
        )
        with cursor.copy(f"COPY {EVENTS_TABLE} ({cols}) FROM STDIN") as copy:
            for line, r in enumerate(csv.DictReader(handle), start=2):
                rows += 1
                copy.write_row(
                    (
                        r["occurred_at"],
                        imp.id,
                        line,
                        r["system"],
                        r["event_id"],
                        r["staff_number"],
                        staff.get(r["staff_number"]),
                        r["action"],
                        r["query_type"],
                        r["query_text"],
                        r["result_surname"],
                        r["result_forenames"],
                        r["result_dob"] or None,
                        r["result_postcode"],
                        r["result_ref"],
                        r["occurrence_ref"],
                        r["reason_text"],
                        surname_key(r["result_surname"]),
                        forename_key(r["result_forenames"]),
                        postcode_key(r["result_postcode"]),
                    )
                )
        cursor.execute(f"ANALYZE {EVENTS_TABLE}")
    imp.imported = rows
    imp.save(update_fields=["imported"])
    return imp


def measure(*, seed: int, people: int, events: int, direct: bool = False) -> dict:
    from counter_corruption.models.monitoring import AlertEvent
    from counter_corruption.monitoring_rules import rules_run_start, rules_run_to_completion
    from counter_corruption.monitoring_synthetic import extract_write, world_build

    _reset()
    world = world_build(people=people, seed=seed)
    folder = Path(tempfile.mkdtemp(prefix="monitoring-bench-"))
    extract, truth_file = folder / "extract.csv", folder / "truth.csv"
    planted_counts = extract_write(world, extract, truth_file, events=events, seed=seed)
    with truth_file.open() as handle:
        truth = {(r["system"], r["event_id"]): r["kind"] for r in csv.DictReader(handle)}
    if direct:
        started = time.perf_counter()
        imp = import_direct(extract)
        imported = time.perf_counter() - started
        started = time.perf_counter()
        run = rules_run_to_completion(rules_run_start(audit_import_id=imp.id))
        rules_seconds = time.perf_counter() - started
    else:
        from counter_corruption.models import RulesRun
        from counter_corruption.monitoring_import import import_create, import_to_completion

        started = time.perf_counter()
        imp = import_to_completion(import_create(source=extract, filename=extract.name, origin="command"))
        run = RulesRun.objects.get(audit_import=imp)
        rules_seconds = (run.finished_at - run.started_at).total_seconds()
        imported = time.perf_counter() - started - rules_seconds
    shutil.rmtree(folder, ignore_errors=True)
    alerted = set(AlertEvent.objects.values_list("system", "event_id"))
    rules_of, planted_of = Counter(), Counter()
    for system, event_id, rule in AlertEvent.objects.values_list("system", "event_id", "alert__rule_id").distinct():
        rules_of[rule] += 1
        planted_of[rule] += (system, event_id) in truth
    found = Counter(truth[k] for k in truth if k in alerted)
    per_kind = {kind: round(found[kind] / n, 3) if n else None for kind, n in planted_counts.items()}
    true_alerted = sum(1 for k in alerted if k in truth)
    figures = {
        "seed": seed,
        "people": people,
        "events": events,
        "planted": len(truth),
        "alerted_events": len(alerted),
        "recall": round(sum(found.values()) / len(truth), 4) if truth else None,
        "precision": round(true_alerted / len(alerted), 4) if alerted else None,
        "recall_per_kind": per_kind,
        "alerted_events_per_rule": dict(rules_of),
        "precision_per_rule": {rule: round(planted_of[rule] / n, 3) for rule, n in rules_of.items()},
        "alerts": run.alerts_raised,
        "import_seconds": round(imported, 1),
        "rules_seconds": round(rules_seconds, 1),
    }
    missed = [k for k in truth if k not in alerted][:5]
    false = [k for k in alerted if k not in truth][:5]
    print(f"seed {seed}: recall {figures['recall']}, precision {figures['precision']}, rules {rules_seconds:.1f} s")
    print(f"  recall per kind: {per_kind}; precision per rule: {figures['precision_per_rule']}")
    print(f"  sample missed {missed}; sample false {false}")
    return figures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, action="append")
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--direct", action="store_true", help="COPY straight into the events table, not the import")
    args = parser.parse_args(argv)
    django_for_bench()
    results = [
        measure(seed=s, people=args.people, events=args.events, direct=args.direct) for s in (args.seed or [1, 2])
    ]
    print(json.dumps(results))


if __name__ == "__main__":
    main()
