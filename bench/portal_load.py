"""The public reporting portal under load: `python -m bench.portal_load [--reporters 100] [--seconds 60]`.

A real gunicorn (gunicorn.conf.py read, as in the demo and Docker) on loopback, against the bench's
own database (misconduct_bench_portal) and a throw-away MEDIA_ROOT. Each of --reporters threads
plays one new member of the public after another: a connection from a fresh random loopback
address (127.a.b.c, so the per-address rate limit sees distinct people), GET /report/new/, then
POST the form with a unique marker in "what happened" and, one time in ten, a small PNG. If the
server resets the kept-alive connection before answering the POST, the form is sent again on a new
connection as a browser would (counted; the submission token makes it safe). The first requests of
each worker (URLconf import, template compilation) are a warm-up, not measured. Afterwards the database must hold every acknowledged report exactly once and nothing else.
Target (reporting portal): 100 concurrent reporters for 60 s, zero errors, every report stored once.
"""

import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zlib
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from urllib3 import encode_multipart_formdata

from bench import _setup

# The bench's own database, so the demo's reports are never touched.
_setup.BENCH_DB = os.environ.get("BENCH_PORTAL_DATABASE_NAME", "misconduct_bench_portal")
if not _setup.BENCH_DB.startswith("misconduct_bench"):
    sys.exit("the portal bench empties the reporting tables of its database: name it misconduct_bench...")

ROOT = _setup.ROOT
HIDDEN_INPUT = r'<input[^>]*\bname="{name}"[^>]*\bvalue="([^"]+)"'
CSRF_INPUT = re.compile(HIDDEN_INPUT.format(name="csrfmiddlewaretoken"))
TOKEN_INPUT = re.compile(HIDDEN_INPUT.format(name="submission_token"))
CSRF_COOKIE = re.compile(r"(?:^|[;,]\s*)csrftoken=([^;,\s]+)")
REFERENCE = re.compile(r'data-testid="reference">(RPT-[A-Z0-9]{4}-[A-Z0-9]{4})<')
RECEIPT = re.compile(r'data-testid="receipt">([^<]+)<')
TIMEOUT_S = 60


def png(marker: str) -> bytes:
    """A valid 2x2 PNG whose pixels and text chunk differ per report (each file is stored apart)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    seed = zlib.crc32(marker.encode())
    rows = b"".join(b"\x00" + bytes((seed >> (8 * (i % 4))) & 0xFF for i in range(6)) for _ in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"tEXt", b"Comment\x00" + marker.encode())
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@dataclass
class Tally:
    """What one reporter thread saw; merged at the end (no locks on the hot path)."""

    get_ms: list[float] = field(default_factory=list)
    post_ms: list[float] = field(default_factory=list)
    stored: dict[str, str] = field(default_factory=dict)  # marker -> reference shown to the reporter
    with_file: set[str] = field(default_factory=set)
    errors: Counter = field(default_factory=Counter)
    error_samples: list[str] = field(default_factory=list)
    addresses: set[str] = field(default_factory=set)
    resent: int = 0

    def error(self, kind: str, detail: str) -> None:
        self.errors[kind] += 1
        if len(self.error_samples) < 3:
            self.error_samples.append(f"{kind}: {detail[:300]}")


def loopback_address(rng: random.Random) -> str:
    # Not 127.0.0.1, and never .0 or .255 in the last place.
    return f"127.{rng.randrange(1, 255)}.{rng.randrange(0, 256)}.{rng.randrange(1, 255)}"


def one_report(port: int, marker: str, address: str, attach: bool, tally: Tally) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_S, source_address=(address, 0))
    try:
        t0 = time.perf_counter()
        conn.request("GET", "/report/new/")
        response = conn.getresponse()
        page = response.read().decode()
        tally.get_ms.append((time.perf_counter() - t0) * 1000)
        if response.status != 200:
            tally.error(f"GET {response.status}", page)
            return
        cookie = CSRF_COOKIE.search(response.getheader("Set-Cookie") or "")
        csrf, token = CSRF_INPUT.search(page), TOKEN_INPUT.search(page)
        if not (cookie and csrf and token):
            tally.error("GET form incomplete", page)
            return
        fields = [
            ("csrfmiddlewaretoken", csrf[1]),
            ("submission_token", token[1]),
            ("what_happened", f"{marker}: an officer took cash from a club owner to ignore drug dealing."),
            ("how_known", "saw"),
            ("when_happened", "Most Fridays since the summer"),
            ("where_happened", "Outside the Blue Lantern club, Mill Street"),
            ("people_described", "PC 4471 Example, response team at Central"),
            ("ongoing", "yes"),
            ("contact", "anonymous"),
        ]
        if attach:
            fields.append(("files", ("photo.png", png(marker), "image/png")))
        body, content_type = encode_multipart_formdata(fields)
        headers = {"Content-Type": content_type, "Cookie": f"csrftoken={cookie[1]}"}
        t0 = time.perf_counter()
        try:
            conn.request("POST", "/report/new/", body=body, headers=headers)
            response = conn.getresponse()
        except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected):
            # The server closed the kept-alive connection as the form went out, before answering.
            # A browser sends it again on a new connection; the submission token makes that safe
            # (a form that did arrive the first time is answered 409, counted as an error below).
            tally.resent += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_S, source_address=(address, 0))
            conn.request("POST", "/report/new/", body=body, headers=headers)
            response = conn.getresponse()
        page = response.read().decode()
        tally.post_ms.append((time.perf_counter() - t0) * 1000)
        reference = REFERENCE.search(page)
        if response.status != 200:
            tally.error(f"POST {response.status}", page)
        elif not (reference and RECEIPT.search(page)):
            tally.error("POST without reference", page)
        else:
            tally.stored[marker] = reference[1]
            if attach:
                tally.with_file.add(marker)
    except (OSError, http.client.HTTPException) as exc:
        tally.error(type(exc).__name__, str(exc))
    finally:
        conn.close()


def reporter(index: int, port: int, run_id: str, deadline: float, tally: Tally) -> None:
    rng = random.Random(f"{run_id}-{index}")
    n = 0
    while time.monotonic() < deadline:
        address = loopback_address(rng)
        tally.addresses.add(address)
        one_report(port, f"bench-{run_id}-{index}-{n}", address, rng.random() < 0.1, tally)
        n += 1


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, media_root: Path, log: Path, workers: int, threads: int) -> subprocess.Popen:
    env = dict(
        os.environ,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_COOKIES="0",
        MEDIA_ROOT=str(media_root),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "misconduct.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--access-logfile",
        str(log),
        "--error-logfile",
        str(log),
    ]
    with log.open("ab") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/report/")
            if conn.getresponse().status == 200:
                conn.close()
                return process
        except OSError:
            time.sleep(0.2)
    stop_gunicorn(process)
    sys.exit(f"gunicorn did not answer within 60 s:\n{log.read_text()[-3000:]}")


def stop_gunicorn(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def warm_up(port: int, requests: int) -> None:
    """Each worker imports the URLconf and compiles the templates on its first requests: not measured."""

    def get(_):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_S)
        try:
            conn.request("GET", "/report/new/")
            conn.getresponse().read()
        finally:
            conn.close()

    with ThreadPoolExecutor(max_workers=min(requests, 32)) as pool:
        list(pool.map(get, range(requests)))


def check_database(run_id: str, stored: dict[str, str], with_file: set[str]) -> dict:
    """Every report a reporter was shown is in the database once, under the reference shown."""
    from reporting.models import Report, ReportAttachment

    prefix = f"bench-{run_id}-"
    rows = list(Report.objects.filter(what_happened__startswith=prefix).values_list("what_happened", "reference"))
    markers = Counter(text.split(":", 1)[0] for text, _ in rows)
    references = {text.split(":", 1)[0]: reference for text, reference in rows}
    files = Counter(
        ReportAttachment.objects.filter(report__what_happened__startswith=prefix).values_list(
            "report__what_happened", flat=True
        )
    )
    return {
        "reports_stored": len(rows),
        "duplicates": sum(count - 1 for count in markers.values() if count > 1),
        "missing": sum(1 for marker in stored if marker not in markers),
        "unexpected": sum(1 for marker in markers if marker not in stored),
        "wrong_reference": sum(1 for marker, ref in stored.items() if references.get(marker, ref) != ref),
        "attachments_stored": sum(files.values()),
        "attachments_missing": sum(
            1 for marker in with_file if not any(text.startswith(marker + ":") for text in files)
        ),
    }


def forget_counters(addresses: set[str]) -> None:
    """The rate-limit counters of the addresses this run used (a later run may draw them again)."""
    from reporting import ratelimit

    client = ratelimit._redis()
    names = [ratelimit._counter("report", ratelimit.keyed_hash(address)) for address in addresses]
    for start in range(0, len(names), 1000):
        client.delete(*names[start : start + 1000])


def remove_reports() -> None:
    """Empty the reporting tables and their history: the bench's own database, only it writes there."""
    from django.apps import apps
    from django.db import connection

    tables = [model._meta.db_table for model in apps.get_app_config("reporting").get_models()]
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")
        cursor.execute("DELETE FROM pghistory_context WHERE metadata->>'url' LIKE %s", ["/report/%"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reporters", type=int, default=100, help="concurrent members of the public")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=8, help="gunicorn threads per worker")
    parser.add_argument("--keep", action="store_true", help="leave the reports in the bench database")
    args = parser.parse_args()
    _setup.django_for_bench()
    import psutil

    run_id = uuid.uuid4().hex[:8]
    work = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    log = work / "gunicorn.log"
    port = free_port()
    server = start_gunicorn(port, work / "media", log, args.workers, args.threads)
    tallies = [Tally() for _ in range(args.reporters)]
    try:
        warm_up(port, args.workers * args.threads * 4)
        print(
            f"gunicorn on 127.0.0.1:{port} ({args.workers} workers x {args.threads} threads); "
            f"{args.reporters} reporters for {args.seconds:g} s (run {run_id})"
        )
        processes = [psutil.Process(server.pid), *psutil.Process(server.pid).children(recursive=True)]
        server_cpu0 = sum(sum(p.cpu_times()[:2]) for p in processes)
        client_cpu0 = sum(os.times()[:2])
        t0 = time.monotonic()
        threads = [
            threading.Thread(target=reporter, args=(i, port, run_id, t0 + args.seconds, tally), daemon=True)
            for i, tally in enumerate(tallies)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - t0
        server_cpu = sum(sum(p.cpu_times()[:2]) for p in processes) - server_cpu0
        client_cpu = sum(os.times()[:2]) - client_cpu0
    finally:
        stop_gunicorn(server)

    get_ms = [ms for t in tallies for ms in t.get_ms]
    post_ms = [ms for t in tallies for ms in t.post_ms]
    stored = {marker: ref for t in tallies for marker, ref in t.stored.items()}
    with_file = {marker for t in tallies for marker in t.with_file}
    errors = sum((t.errors for t in tallies), Counter())
    samples = [sample for t in tallies for sample in t.error_samples][:5]
    addresses = {address for t in tallies for address in t.addresses}
    checked = check_database(run_id, stored, with_file)

    def latency(values):
        return {f"p{int(q * 100)}": round(percentile(values, q), 1) for q in (0.5, 0.95, 0.99)} | {
            "max": round(max(values, default=0), 1)
        }

    figures = {
        "reporters": args.reporters,
        "seconds": round(elapsed, 1),
        "reports_ok": len(stored),
        "reports_stored": checked["reports_stored"],
        "with_attachment": len(with_file),
        "attachments_stored": checked["attachments_stored"],
        "reports_per_s": round(len(stored) / elapsed, 1),
        "requests_per_s": round((len(get_ms) + len(post_ms)) / elapsed, 1),
        "get_ms": latency(get_ms),
        "post_ms": latency(post_ms),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "duplicates": checked["duplicates"],
        "missing": checked["missing"],
        "unexpected": checked["unexpected"],
        "wrong_reference": checked["wrong_reference"],
        "attachments_missing": checked["attachments_missing"],
        "resent_after_reset": sum(t.resent for t in tallies),
        "distinct_addresses": len(addresses),
        "server_cpu_s": round(server_cpu, 1),
        "client_cpu_s": round(client_cpu, 1),
    }
    print(
        f"{figures['reports_ok']:,} reports sent in {elapsed:.1f} s: {figures['reports_per_s']} reports/s, "
        f"{figures['requests_per_s']} requests/s from {len(addresses):,} addresses; "
        f"{figures['with_attachment']} with a PNG"
    )
    for name in ("get_ms", "post_ms"):
        values = figures[name]
        print(
            f"{name[:-3].upper():4} latency ms: p50 {values['p50']}  p95 {values['p95']}  "
            f"p99 {values['p99']}  max {values['max']}"
        )
    print(
        f"database: {checked['reports_stored']:,} stored, {checked['duplicates']} duplicates, "
        f"{checked['missing']} missing, {checked['unexpected']} unexpected, "
        f"{checked['wrong_reference']} under another reference; {checked['attachments_stored']} attachments, "
        f"{checked['attachments_missing']} missing"
    )
    print(f"CPU: server {server_cpu:.0f} s, this client {client_cpu:.0f} s, on {os.cpu_count()} cores")
    print(
        f"errors: {figures['errors']} {dict(errors) or ''}; forms sent again after the server reset a kept-alive "
        f"connection: {figures['resent_after_reset']}"
    )
    for sample in samples:
        print("  " + sample.replace("\n", " "))
    failed = any(
        figures[key]
        for key in ("errors", "duplicates", "missing", "unexpected", "wrong_reference", "attachments_missing")
    )
    forget_counters(addresses)
    if failed:
        print(f"gunicorn log and the reports kept: {log}, database {_setup.BENCH_DB}")
    else:
        if not args.keep:
            remove_reports()
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(figures))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
