"""Lawful business monitoring at scale: `python -m bench.monitoring [--events 1000000] [--people 50000]
[--workers 1,2] [--seed N]`.

In a database of its own (bench/_setup.py; BENCH_DATABASE_NAME, default misconduct_bench_monitoring):
a workforce world made once by the independent generator (counter_corruption.
monitoring_synthetic_independent: people, associations, conduct matters with complainants, a watch
list), and an extract of ``--events`` events written once (streamed; reused while it exists). Then,
for each worker count: the events, keys, imports, rules runs and alerts emptied; real Celery worker
processes started (``celery -A misconduct worker -c N`` on the bench database); the extract imported
through the real path (import_create + import_enqueue), and the clock stopped when the import is
complete (events stored, rules run, alerts raised). Figures: end to end and per phase, events/s,
the peak memory of this process and of the workers (sampled over the process tree, and ru_maxrss),
alerts, recall and precision against the planted truth, and the ratio of the 2-worker time to the
1-worker time. Targets (issue 15): 1,000,000 events for 50,000 people in under 90 s; 10,000,000 in
under 15 minutes with each process's peak memory under 1 GB. The last line is JSON.
"""

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

os.environ.setdefault("BENCH_DATABASE_NAME", "misconduct_bench_monitoring")

from bench._setup import BENCH_DB, ROOT, django_for_bench  # noqa: E402

PREFIX = "LBM"
EVENT_TABLES = (
    "counter_corruption_alertevent, counter_corruption_monitoringalert, counter_corruption_monitoringalertevent, "
    "counter_corruption_eventmatch, counter_corruption_ruleschunk, counter_corruption_rulesrun, "
    "counter_corruption_auditimportchunk, counter_corruption_auditimport, counter_corruption_auditeventkey, "
    "counter_corruption_auditevent, infra_outboxmessage"
)


def world_ready(people: int, seed: int) -> str:
    """The world of ``people`` made once; a different size or seed is made again."""
    from django.db import connection

    from counter_corruption.models import WatchListEntry
    from counter_corruption.monitoring_synthetic_independent import world_create
    from workforce.models import Person

    marker = f"{people}:{seed}"
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_monitoring_world (marker text)")
        cursor.execute("SELECT marker FROM bench_monitoring_world")
        row = cursor.fetchone()
    if row and row[0] == marker and Person.objects.filter(staff_number__startswith=PREFIX).count() == people:
        return f"world of {people:,} people reused"
    from bench._setup import reset_workforce

    t0 = time.perf_counter()
    reset_workforce()
    WatchListEntry.objects.all().delete()
    made = world_create(seed=seed, people=people, prefix=PREFIX)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM bench_monitoring_world")
        cursor.execute("INSERT INTO bench_monitoring_world VALUES (%s)", [marker])
        cursor.execute("ANALYZE")
    return f"world made in {time.perf_counter() - t0:.1f} s: " + ", ".join(f"{v:,} {k}" for k, v in made.items())


def extract_ready(directory: Path, *, events: int, people: int, seed: int, months: int) -> tuple[Path, str]:
    from counter_corruption.monitoring_synthetic_independent import extract_write

    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"audit-s{seed}-p{people}-e{events}-m{months}.csv"
    done = path.with_name(path.name + ".done")
    if path.exists() and done.exists():
        return path, f"extract reused: {path} ({path.stat().st_size / 1e6:,.0f} MB)"
    t0 = time.perf_counter()
    made = extract_write(path, seed=seed, events=events, months=months)
    elapsed = time.perf_counter() - t0
    done.write_text(json.dumps(made))
    return path, (
        f"extract of {made['events']:,} events ({made['planted']:,} planted) written in {elapsed:.1f} s "
        f"({made['events'] / elapsed:,.0f} rows/s, {path.stat().st_size / 1e6:,.0f} MB)"
    )


def events_reset() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT string_agg(quote_ident(t), ', ') FROM unnest(string_to_array(%s, ', ')) t "
            "WHERE to_regclass(t) IS NOT NULL",
            [EVENT_TABLES],
        )
        tables = cursor.fetchone()[0]
        cursor.execute(f"TRUNCATE {tables} CASCADE")


def worker_queues() -> str:
    from django.conf import settings

    queues = {settings.CELERY_TASK_DEFAULT_QUEUE}
    for route in settings.CELERY_TASK_ROUTES.values():
        queues.add(route.get("queue", settings.CELERY_TASK_DEFAULT_QUEUE))
    return ",".join(sorted(queues))


def workers_start(concurrency: int, log: Path) -> subprocess.Popen:
    """``celery -A misconduct worker -c N`` on the bench database, its broker emptied first."""
    import redis
    from django.conf import settings

    redis.Redis.from_url(settings.REDIS_URL).flushdb()  # no message left from an earlier run
    env = dict(os.environ, DATABASE_NAME=BENCH_DB, PYTHONPATH=str(ROOT))
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "misconduct", "worker", "-c", str(concurrency), "-Q", worker_queues(),
         "-n", f"bench-monitoring-{os.getpid()}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat",
         "--loglevel", "WARNING"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    from celery import current_app

    deadline = time.time() + 90
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the worker exited at start (see {log})")
        if current_app.control.ping(timeout=1.0):
            return process
    raise RuntimeError(f"no worker answered within 90 s (see {log})")


def workers_stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)  # the worker and its pool, which this bench started
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


class MemorySampler(threading.Thread):
    """Peak resident memory of this process and of each process of the worker tree, every 0.2 s."""

    def __init__(self, worker_pid: int):
        super().__init__(daemon=True)
        import psutil

        self.psutil = psutil
        self.me = psutil.Process()
        self.worker_pid = worker_pid
        self.peak_self = 0
        self.peaks: dict[int, int] = {}
        self.stop = threading.Event()

    def run(self):
        while not self.stop.wait(0.2):
            self.peak_self = max(self.peak_self, self.me.memory_info().rss)
            try:
                root = self.psutil.Process(self.worker_pid)
                for proc in [root, *root.children(recursive=True)]:
                    try:
                        self.peaks[proc.pid] = max(self.peaks.get(proc.pid, 0), proc.memory_info().rss)
                    except self.psutil.Error:
                        pass
            except self.psutil.Error:
                pass


def accuracy(truth: Path) -> dict:
    """Recall (planted events in some alert) and precision (alerted events that were planted)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS bench_truth (system text, event_id text, kind text, staff text)"
        )
        cursor.execute("TRUNCATE bench_truth")
        with (
            truth.open("rb") as source,
            cursor.copy("COPY bench_truth FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
        ):
            while block := source.read(1 << 20):
                copy.write(block)
        cursor.execute(
            "CREATE TEMP TABLE bench_alerted AS SELECT DISTINCT system, event_id FROM counter_corruption_alertevent"
        )
        cursor.execute(
            "SELECT t.kind, count(*), count(a.event_id) FROM bench_truth t "
            "LEFT JOIN bench_alerted a USING (system, event_id) GROUP BY t.kind ORDER BY t.kind"
        )
        by_kind = {kind: {"planted": planted, "found": found} for kind, planted, found in cursor.fetchall()}
        cursor.execute(
            "SELECT count(*), count(t.event_id) FROM bench_alerted a "
            "LEFT JOIN (SELECT DISTINCT system, event_id FROM bench_truth) t USING (system, event_id)"
        )
        alerted, alerted_planted = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM counter_corruption_monitoringalert")
        alerts = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_alerted")
    planted = sum(k["planted"] for k in by_kind.values())
    found = sum(k["found"] for k in by_kind.values())
    return {
        "alerts": alerts,
        "alerted_events": alerted,
        "planted_events": planted,
        "recall": round(found / planted, 4) if planted else None,
        "precision": round(alerted_planted / alerted, 4) if alerted else None,
        "by_kind": by_kind,
    }


def timed_import(path: Path, truth: Path, workers: int, log_dir: Path) -> dict:
    from counter_corruption.models import AuditImport, AuditImportChunk, RulesRun
    from counter_corruption.monitoring_import import import_create, import_enqueue, import_progress

    events_reset()
    process = workers_start(workers, log_dir / f"worker-{workers}.log")
    sampler = MemorySampler(process.pid)
    sampler.start()
    try:
        t0 = time.perf_counter()
        imp = import_create(source=path, filename=path.name, origin="command")
        import_enqueue(imp)
        last_print = 0.0
        while True:
            imp.refresh_from_db()
            if imp.status in ("complete", "failed"):
                break
            if process.poll() is not None:
                raise RuntimeError(f"the worker died (see {log_dir})")
            if time.perf_counter() - last_print > 15:
                last_print = time.perf_counter()
                p = import_progress(imp)
                print(
                    f"  ... {p['status']}: {p['imported']:,} events stored, {p['chunks_done']} of "
                    f"{p['chunks_total']} chunks, after {last_print - t0:.0f} s",
                    flush=True,
                )
            time.sleep(0.25)
        elapsed = time.perf_counter() - t0
    finally:
        sampler.stop.set()
        sampler.join()
        workers_stop(process)
    if imp.status == "failed":
        raise RuntimeError(f"the import failed: {imp.error}")
    last_chunk = (
        AuditImportChunk.objects.filter(audit_import=imp).order_by("-done_at").values_list("done_at", flat=True).first()
    )
    run = RulesRun.objects.filter(audit_import=imp).order_by("-started_at").first()
    created = AuditImport.objects.filter(id=imp.id).values_list("created_at", flat=True).first()
    figures = {
        "workers": workers,
        "seconds": round(elapsed, 1),
        "events_per_s": round(imp.rows_read / elapsed),
        "rows_read": imp.rows_read,
        "imported": imp.imported,
        "duplicates": imp.duplicates,
        "bad_rows": imp.bad_rows,
        "import_s": round((last_chunk - created).total_seconds(), 1) if last_chunk else None,
        "rules_s": round((run.finished_at - run.started_at).total_seconds(), 1) if run and run.finished_at else None,
        "peak_rss_bench_mb": round(sampler.peak_self / 2**20),
        "peak_rss_worker_max_mb": round(max(sampler.peaks.values(), default=0) / 2**20),
        "worker_processes_seen": len(sampler.peaks),
    }
    figures.update(accuracy(truth))
    return figures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--workers", default="1,2", help="worker process counts to run, e.g. 1,2")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--months", type=int, default=1)
    parser.add_argument(
        "--dir", type=Path, default=Path(os.environ.get("BENCH_MONITORING_DIR", "/tmp/bench-monitoring"))
    )
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",") if n.strip()]

    django_for_bench()
    print(world_ready(args.people, args.seed), flush=True)
    path, note = extract_ready(args.dir, events=args.events, people=args.people, seed=args.seed, months=args.months)
    print(note, flush=True)
    truth = path.with_name(path.name + ".truth.csv")
    figures = {"events": args.events, "people": args.people, "target_s": 90 if args.events <= 1_000_000 else 900,
               "target_memory_mb": 1024, "runs": []}  # fmt: skip
    try:
        from counter_corruption.monitoring_import import import_create, import_enqueue  # noqa: F401
    except ImportError:
        figures["skipped"] = "counter_corruption.monitoring_import has no import_create/import_enqueue yet"
        print(figures["skipped"])
        counts = []
    for workers in counts:
        result = timed_import(path, truth, workers, args.dir)
        figures["runs"].append(result)
        print(
            f"{workers} worker process(es): {result['rows_read']:,} events imported, resolved and alerted in "
            f"{result['seconds']:.1f} s ({result['events_per_s']:,}/s; import {result['import_s']} s, rules "
            f"{result['rules_s']} s); {result['alerts']:,} alerts over {result['alerted_events']:,} events; "
            f"recall {result['recall']}, precision {result['precision']}; peak memory: bench "
            f"{result['peak_rss_bench_mb']} MB, largest worker process {result['peak_rss_worker_max_mb']} MB",
            flush=True,
        )
        for kind, k in sorted(result["by_kind"].items()):
            print(f"    {kind:26} {k['found']:>6,} of {k['planted']:>6,} planted events alerted")
    times = {r["workers"]: r["seconds"] for r in figures["runs"]}
    if 1 in times and 2 in times:
        figures["ratio_2_to_1"] = round(times[2] / times[1], 2)
        print(f"2 workers take {figures['ratio_2_to_1']:.2f} of the time of 1")
    figures["ru_maxrss_bench_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    figures["ru_maxrss_workers_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
