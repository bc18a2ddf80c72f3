"""Import of force systems' audit extracts (shared/formats/system-audit.md) into the events table
partitioned by month.

The file is streamed into MONITORING_DIR, then cut in one streaming pass into chunks of
MONITORING_CHUNK_ROWS records by byte offset (a quoted field may hold a newline: the quote parity
of each physical line says whether a record goes on, so a record is never cut). Each chunk is read
by a worker in ONE transaction: its rows are parsed and checked (a bad row is kept as
``[line, reason]``, the line being the physical line of the record's start in the file), COPYed
into a temporary table, their ``system`` + ``event_id`` inserted into the keys table with
``ON CONFLICT DO NOTHING RETURNING`` and only the new ones into the events, with the chunk's done
mark. Exactly once: a worker killed mid-chunk leaves nothing of it, the sweeper enqueues it again
and the next claim (``select_for_update(skip_locked=True)``) does it; an event already stored (or
twice in one file) is counted as a duplicate. When the last chunk is stored the import goes to
"resolving" and the rules run starts (counter_corruption.monitoring_rules)."""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import re
import shutil
import uuid
from datetime import UTC, date, datetime
from operator import gt
from pathlib import Path

import pghistory
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from workforce.models import Person

from . import monitoring_rules
from .models import AuditImport, AuditImportChunk, ImportStatus
from .monitoring_keys import EVENTS_TABLE, ensure_partitions, forename_key, postcode_key, surname_key

log = logging.getLogger(__name__)

REQUIRED = ["system", "event_id", "occurred_at", "staff_number", "action", "query_type"]
OPTIONAL = [
    "query_text",
    "result_surname",
    "result_forenames",
    "result_dob",
    "result_postcode",
    "result_ref",
    "occurrence_ref",
    "reason_text",
]
ACTIONS = frozenset({"search", "view", "print", "export"})
QUERY_TYPES = frozenset({"person", "address", "vehicle", "phone", "occurrence"})
# the columns of the events table (counter_corruption/migrations/0005_monitoring.py)
MAX_LENGTHS = {
    "event_id": 64,
    "staff_number": 20,
    "query_text": 200,
    "result_surname": 100,
    "result_forenames": 200,
    "result_postcode": 10,
    "result_ref": 64,
    "occurrence_ref": 64,
    "reason_text": 500,
}
MAX_BAD_ROWS_KEPT = 500  # per chunk: the count is always exact (rows read - imported - duplicates)
SYSTEM = re.compile(r"[A-Z0-9_]{1,16}")
DOB = re.compile(r"\d{4}-\d{2}-\d{2}")
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
# the text columns hold at most about 1,150 characters, so no valid record spans more lines: past
# this a quote is taken as stray (a chunk never grows without bound on a malformed file)
MAX_RECORD_LINES = 1200

STAGING_COLUMNS = [
    "line", "occurred_at", "system", "event_id", "staff_number", "searcher_id", "action", "query_type",
    "query_text", "result_surname", "result_forenames", "result_dob", "result_postcode", "result_ref",
    "occurrence_ref", "reason_text", "surname_key", "forename_key", "postcode_key",
]  # fmt: skip
STAGING = "cc_audit_event_in"
STAGING_SQL = (
    f"CREATE TEMP TABLE IF NOT EXISTS {STAGING} (line integer, occurred_at timestamptz, system text, "
    "event_id text, staff_number text, searcher_id bigint, action text, query_type text, query_text text, "
    "result_surname text, result_forenames text, result_dob date, result_postcode text, result_ref text, "
    "occurrence_ref text, reason_text text, surname_key text, forename_key text, postcode_key text) "
    "ON COMMIT DELETE ROWS"
)
_TEXT = {"query_text", "result_surname", "result_forenames", "result_postcode", "result_ref", "occurrence_ref",
         "reason_text", "surname_key", "forename_key", "postcode_key"}  # fmt: skip
_SELECT = ", ".join(f"COALESCE(s.{c}, '')" if c in _TEXT else f"s.{c}" for c in STAGING_COLUMNS)
# new keys first (ON CONFLICT DO NOTHING: an event stored before, or by another worker meanwhile, is
# skipped; the staging rows are unique by key, parse_records keeps the first), then only their rows
STORE_SQL = (
    f"WITH new AS (INSERT INTO counter_corruption_auditeventkey (system, event_id, occurred_at) "
    f"SELECT system, event_id, occurred_at FROM {STAGING} ORDER BY system, event_id ON CONFLICT DO NOTHING "
    "RETURNING system, event_id), "
    f"stored AS (INSERT INTO {EVENTS_TABLE} (audit_import_id, {', '.join(STAGING_COLUMNS)}) "
    f"SELECT %s, {_SELECT} FROM {STAGING} s JOIN new ON new.system = s.system AND new.event_id = s.event_id "
    "RETURNING id) SELECT count(*), min(id), max(id) FROM stored"
)


class RefusedFile(Exception):
    """The file itself cannot be imported (not a CSV with the required header)."""


def monitoring_dir() -> Path:
    path = Path(settings.MONITORING_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


# ---------------------------------------------------------------- the file


def header_columns(first_line: bytes) -> list[str]:
    """The column names of a header line, or RefusedFile with the reason."""
    if not first_line.strip():
        raise RefusedFile("The file is empty")
    try:
        text = first_line.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RefusedFile("The file is not a UTF-8 CSV file") from None
    if "\x00" in text:
        raise RefusedFile("The file is not a CSV file")
    columns = [c.strip().lower() for c in next(csv.reader([text.rstrip("\r\n")]), [])]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise RefusedFile(f"The header (line 1) lacks the required column(s): {', '.join(missing)}")
    return columns


def header_problem(head: bytes) -> str:
    """'' when the first line of ``head`` is an acceptable header, else the reason (for forms)."""
    try:
        header_columns(head.split(b"\n", 1)[0])
    except RefusedFile as exc:
        return str(exc)
    return ""


def import_create(*, source, filename: str, origin: str, actor=None) -> AuditImport:
    """The import of one extract: the file (a path or an uploaded file) streamed into
    MONITORING_DIR with its size and SHA-256. A file refused for its header is kept as a failed
    import with the reason, and never split."""
    target = monitoring_dir() / f"{uuid.uuid4()}.csv"
    digest, size = hashlib.sha256(), 0
    with open(target, "wb") as out:
        if isinstance(source, str | Path):
            handle = open(source, "rb")  # noqa: SIM115 (closed below)
            parts = iter(lambda: handle.read(1024 * 1024), b"")
        else:
            handle = None
            parts = source.chunks() if hasattr(source, "chunks") else iter(lambda: source.read(1024 * 1024), b"")
        try:
            for part in parts:
                digest.update(part)
                size += len(part)
                out.write(part)
        finally:
            if handle is not None:
                handle.close()
    with open(target, "rb") as handle:
        problem = header_problem(handle.readline(65536))
    with transaction.atomic(), pghistory.context(reason=f"audit extract imported ({origin})"):
        imp = AuditImport.objects.create(
            filename=Path(filename).name[:255],
            path=str(target),
            size_bytes=size,
            sha256=digest.hexdigest(),
            origin=origin,
            uploaded_by=actor if actor is not None and actor.is_authenticated else None,
            status=ImportStatus.FAILED if problem else ImportStatus.SPLITTING,
            error=problem,
            finished_at=timezone.now() if problem else None,
        )
    log.info("monitoring import %s created (%s bytes, %s)", imp.public_id, size, imp.status)
    return imp


def import_split(imp: AuditImport) -> int:
    """Cut the file into chunks of whole records by byte offset, in one streaming pass. Idempotent;
    a file whose header lacks a required column fails with the reason and no chunk."""
    if imp.chunks.exists():
        return imp.chunks.count()
    per_chunk = max(1, int(settings.MONITORING_CHUNK_ROWS))
    chunks: list[AuditImportChunk] = []
    AuditImport.objects.filter(id=imp.id, started_at__isnull=True).update(started_at=timezone.now())
    with open(imp.path, "rb") as handle:
        try:
            header_columns(handle.readline(65536))
        except RefusedFile as exc:
            _fail(imp, str(exc))
            return 0
        offset = handle.tell()
        line = 2
        start_offset, start_line, records, in_quotes, opened = offset, line, 0, False, line
        for raw in handle:
            offset += len(raw)
            line += 1
            if raw.count(b'"') % 2:
                in_quotes = not in_quotes
                opened = line
            if in_quotes:
                if line - opened < MAX_RECORD_LINES:
                    continue  # the record goes on to the next physical line
                in_quotes = False  # a stray quote (malformed row): no record is that long
            records += 1
            if records == per_chunk:
                chunks.append(_chunk(imp, len(chunks), start_offset, offset, start_line, line - start_line))
                start_offset, start_line, records = offset, line, 0
        if offset > start_offset:
            chunks.append(_chunk(imp, len(chunks), start_offset, offset, start_line, line - start_line))
    with transaction.atomic():
        AuditImportChunk.objects.bulk_create(chunks, ignore_conflicts=True)
        AuditImport.objects.filter(id=imp.id, status=ImportStatus.SPLITTING).update(
            status=ImportStatus.IMPORTING, chunks_total=len(chunks)
        )
    if not chunks:
        import_finish_if_done(imp.id)
    return len(chunks)


def _chunk(imp, number, start, end, first_line, lines) -> AuditImportChunk:
    return AuditImportChunk(
        audit_import=imp, number=number, start_offset=start, end_offset=end, first_line=first_line, lines=lines
    )


def _fail(imp: AuditImport, reason: str) -> None:
    with pghistory.context(reason="audit extract refused"):
        AuditImport.objects.filter(id=imp.id).update(
            status=ImportStatus.FAILED, error=reason, finished_at=timezone.now()
        )
    log.warning("monitoring import %s refused: %s", imp.public_id, reason)


# ---------------------------------------------------------------- one chunk

_STAFF: dict[int, dict[str, int]] = {}
_KEYS: dict[str, dict[str, str]] = {"surname": {}, "forename": {}, "postcode": {}}
_KEY_FUNCTIONS = {"surname": surname_key, "forename": forename_key, "postcode": postcode_key}


def _staff(import_id: int) -> dict[str, int]:
    """staff number -> workforce person id, read once per import in each worker process."""
    if import_id not in _STAFF:
        _STAFF.clear()
        _STAFF[import_id] = dict(Person.objects.values_list("staff_number", "id"))
    return _STAFF[import_id]


def _key(kind: str, value: str) -> str:
    cache = _KEYS[kind]
    found = cache.get(value)
    if found is None:
        if len(cache) > 100_000:
            cache.clear()
        found = cache[value] = _KEY_FUNCTIONS[kind](value)
    return found


def retention_cutoff(today: date | None = None) -> date | None:
    """The first month kept under MONITORING_RETENTION_MONTHS (None: keep everything)."""
    months = int(settings.MONITORING_RETENTION_MONTHS or 0)
    if months <= 0:
        return None
    today = today or timezone.now().date()
    index = today.year * 12 + today.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def parse_records(text: str, columns: list[str], first_line: int, staff: dict[str, int], cutoff: date | None):
    """(good rows for the staging COPY, bad [line, reason], months present, rows read, unknown staff,
    duplicates within the text: the first row of a ``system`` + ``event_id`` wins)."""
    position = {name: columns.index(name) for name in REQUIRED + OPTIONAL if name in columns}
    width = len(columns)
    i_sys, i_ev, i_at, i_staff, i_act, i_qt = (position[name] for name in REQUIRED)
    # an optional column the file lacks reads as "" (appended to each row)
    absent = [name for name in OPTIONAL if name not in position]
    padded = [""] * len(absent)
    optional_index = [position.get(name, width + (absent.index(name) if name in absent else 0)) for name in OPTIONAL]
    limits = [MAX_LENGTHS.get(name, 10) for name in OPTIONAL]
    seen: set = set()
    check_nul = "\x00" in text
    check_replacement = "\ufffd" in text
    earliest = datetime(max(EARLIEST_YEAR, cutoff.year if cutoff else 0), cutoff.month if cutoff else 1, 1, tzinfo=UTC)
    good, bad, months = [], [], set()
    rows_read = unknown = duplicates = 0
    reader = csv.reader(io.StringIO(text))
    previous = 0
    fullmatch_system, fullmatch_dob, fromiso = SYSTEM.fullmatch, DOB.fullmatch, datetime.fromisoformat
    while True:
        line = first_line + previous
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # a NUL byte, a quote never closed, a field past the csv limit
            previous = reader.line_num
            rows_read += 1
            bad.append([line, f"not readable as CSV ({exc})"])
            continue
        previous = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue  # a blank line
        rows_read += 1
        if len(row) != width:
            bad.append([line, f"{len(row)} fields where the header has {width}"])
            continue
        if check_nul and any("\x00" in v for v in row):
            bad.append([line, "contains a NUL character"])
            continue
        if check_replacement and any("\ufffd" in v for v in row):
            bad.append([line, "not valid UTF-8"])
            continue
        system = row[i_sys].strip()
        if not fullmatch_system(system):
            bad.append([line, "system must be a short code of capital letters, digits or _ (at most 16)"])
            continue
        event_id = row[i_ev].strip()
        if not event_id or len(event_id) > 64:
            bad.append([line, "event_id is required (at most 64 characters)"])
            continue
        try:
            moment = fromiso(row[i_at].strip())
        except ValueError:
            bad.append([line, "occurred_at is not an ISO 8601 date and time"])
            continue
        if moment.tzinfo is None:
            bad.append([line, "occurred_at has no UTC offset (e.g. +01:00)"])
            continue
        moment = moment.astimezone(UTC)
        if moment < earliest or moment.year > LATEST_YEAR:
            bad.append([line, "occurred_at is before the retention period or out of range"])
            continue
        staff_number = row[i_staff].strip()
        if not staff_number or len(staff_number) > 20:
            bad.append([line, "staff_number is required (at most 20 characters)"])
            continue
        action = row[i_act].strip().lower()
        if action not in ACTIONS:
            bad.append([line, "action must be search, view, print or export"])
            continue
        query_type = row[i_qt].strip().lower()
        if query_type not in QUERY_TYPES:
            bad.append([line, "query_type must be person, address, vehicle, phone or occurrence"])
            continue
        if padded:
            row.extend(padded)
        optional = [row[i] for i in optional_index]
        if any(map(gt, map(len, optional), limits)):
            name, limit = next((n, m) for n, m, v in zip(OPTIONAL, limits, optional, strict=True) if len(v) > m)
            bad.append([line, f"{name} is longer than {limit} characters"])
            continue
        query_text, surname, forenames, dob, postcode, result_ref, occurrence_ref, reason_text = optional
        if dob:
            try:
                if not fullmatch_dob(dob):
                    raise ValueError
                date.fromisoformat(dob)
            except ValueError:
                bad.append([line, "result_dob is not a date YYYY-MM-DD"])
                continue
        else:
            dob = None
        key = (system, event_id)
        if key in seen:
            duplicates += 1
            continue
        seen.add(key)
        searcher = staff.get(staff_number)
        if searcher is None:
            unknown += 1
        months.add((moment.year, moment.month))
        good.append(
            (line, moment.isoformat(), system, event_id, staff_number, searcher, action, query_type,
             query_text, surname, forenames, dob, postcode, result_ref, occurrence_ref, reason_text,
             _key("surname", surname) if surname else "", _key("forename", forenames) if forenames else "",
             _key("postcode", postcode) if postcode else "")
        )  # fmt: skip
    return good, bad, months, rows_read, unknown, duplicates


def _read_chunk(imp: AuditImport, chunk: AuditImportChunk) -> tuple[list[str], str]:
    with open(imp.path, "rb") as handle:
        columns = header_columns(handle.readline(65536))
        handle.seek(chunk.start_offset)
        data = handle.read(chunk.end_offset - chunk.start_offset)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")  # the rows holding U+FFFD are refused
    return columns, text


def chunk_import(chunk_id: int) -> int:
    """Parse, check and store one chunk in one transaction; a chunk done (or being done) is skipped.
    Returns the events stored."""
    chunk = AuditImportChunk.objects.select_related("audit_import").filter(id=chunk_id, done_at__isnull=True).first()
    if chunk is None:
        return 0
    imp = chunk.audit_import
    columns, text = _read_chunk(imp, chunk)
    good, bad, months, rows_read, unknown, repeated = parse_records(
        text, columns, chunk.first_line, _staff(imp.id), retention_cutoff()
    )
    del text
    # the COPY text is made before the claim: the chunk's transaction holds only database work
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(good)
    copy_text, good_count = buffer.getvalue(), len(good)
    del buffer, good
    # partitions first, in their own short transaction: creating one locks the events table, which
    # inside the chunk's transaction could wait on (and deadlock with) another worker's chunk
    if months:
        with transaction.atomic():
            ensure_partitions([date(year, month, 1) for year, month in months])
    with transaction.atomic():
        claimed = (
            AuditImportChunk.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(id=chunk_id, done_at__isnull=True)
            .values_list("id", flat=True)
            .first()
        )
        if claimed is None:
            return 0
        stored, low, high = _store(imp.id, copy_text)
        bad.sort()
        AuditImportChunk.objects.filter(id=chunk_id).update(
            done_at=timezone.now(),
            rows_read=rows_read,
            imported=stored,
            duplicates=good_count - stored + repeated,
            unknown_staff=unknown,
            bad_lines=bad[:MAX_BAD_ROWS_KEPT],
            low_event_id=low,
            high_event_id=high,
        )
    import_finish_if_done(imp.id)
    return stored


def _store(import_id: int, copy_text: str) -> tuple[int, int | None, int | None]:
    """COPY the rows (CSV text) into the staging table, then store those whose key is new:
    (stored, low id, high id)."""
    if not copy_text:
        return 0, None, None
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(STAGING_SQL)
        cursor.execute(f"TRUNCATE {STAGING}")
        with cursor.cursor.copy(f"COPY {STAGING} ({', '.join(STAGING_COLUMNS)}) FROM STDIN WITH (FORMAT csv)") as copy:
            copy.write(copy_text)
        cursor.execute(STORE_SQL, [import_id])
        stored, low, high = cursor.fetchone()
    return stored, low, high


# ---------------------------------------------------------------- the end of an import


def import_finish_if_done(import_id: int):
    """Once every chunk is stored: the totals, status "resolving" and the rules run started, in one
    transaction (a failure to start the rules leaves the import "importing" for the sweeper).
    Returns the rules run, or None when the import is not (or no longer) at that point."""
    with transaction.atomic():
        imp = AuditImport.objects.select_for_update().filter(id=import_id, status=ImportStatus.IMPORTING).first()
        if imp is None or imp.chunks.filter(done_at__isnull=True).exists():
            return None
        totals = imp.chunks.aggregate(
            rows=Sum("rows_read"), imported=Sum("imported"), duplicates=Sum("duplicates"), unknown=Sum("unknown_staff")
        )
        rows, imported, duplicates = totals["rows"] or 0, totals["imported"] or 0, totals["duplicates"] or 0
        with pghistory.context(reason="audit extract stored"):
            AuditImport.objects.filter(id=imp.id).update(
                status=ImportStatus.RESOLVING,
                rows_read=rows,
                imported=imported,
                duplicates=duplicates,
                bad_rows=rows - imported - duplicates,
                unknown_staff=totals["unknown"] or 0,
            )
        run = monitoring_rules.rules_run_start(audit_import_id=imp.id)
        # every row is in the database now: the stored copy of the file is no longer needed
        transaction.on_commit(lambda: Path(imp.path).unlink(missing_ok=True))
    log.info("monitoring import %s stored: %s rows, %s new", imp.public_id, rows, imported)
    return run


def import_enqueue(imp: AuditImport) -> None:
    """Start the import on the workers (through the outbox)."""
    from infra.outbox import enqueue

    from .monitoring_import_tasks import monitoring_import_start

    if imp.status == ImportStatus.SPLITTING:
        enqueue(monitoring_import_start, imp.id)


def import_to_completion(imp: AuditImport) -> AuditImport:
    """For the command line: split, every chunk, and the rules, all in this process."""
    if imp.status != ImportStatus.FAILED:
        import_split(imp)
        for chunk_id in imp.chunks.filter(done_at__isnull=True).order_by("number").values_list("id", flat=True):
            chunk_import(chunk_id)
        run = import_finish_if_done(imp.id)
        if run is not None:
            monitoring_rules.rules_run_to_completion(run)
    imp.refresh_from_db()
    return imp


def import_progress(imp: AuditImport) -> dict:
    """The figures of an import while it runs (from its chunks) and once stored."""
    totals = imp.chunks.aggregate(
        done=Count("id", filter=Q(done_at__isnull=False)),
        rows=Sum("rows_read"),
        imported=Sum("imported"),
        duplicates=Sum("duplicates"),
        unknown=Sum("unknown_staff"),
        all_lines=Sum("lines"),
        lines_done=Sum("lines", filter=Q(done_at__isnull=False)),
    )
    rows, imported, duplicates = totals["rows"] or 0, totals["imported"] or 0, totals["duplicates"] or 0
    if imp.status in (ImportStatus.RESOLVING, ImportStatus.COMPLETE):
        percent = 100
    elif totals["all_lines"]:
        percent = round(100 * (totals["lines_done"] or 0) / totals["all_lines"])
    else:
        percent = 0
    bad: list = []
    for lines in imp.chunks.exclude(bad_lines=[]).order_by("number").values_list("bad_lines", flat=True)[:20]:
        bad.extend(lines)
    return {
        "status": imp.status,
        "status_label": imp.get_status_display(),
        "rows_read": rows,
        "imported": imported,
        "duplicates": duplicates,
        "bad_rows": rows - imported - duplicates,
        "unknown_staff": totals["unknown"] or 0,
        "chunks_done": totals["done"] or 0,
        "chunks_total": imp.chunks_total,
        "percent": percent,
        "error": imp.error,
        "bad_lines": bad[:MAX_BAD_ROWS_KEPT],
    }


# ---------------------------------------------------------------- retention


def retention_detach(today: date | None = None) -> list[str]:
    """Detach the month partitions older than the retention period and delete their keys; the
    detached tables stay for the DBA to archive. Returns their names."""
    from .monitoring_keys import next_month, partitions

    cutoff = retention_cutoff(today)
    if cutoff is None:
        return []
    detached = []
    for month, name, attached in partitions():
        if not attached or month >= cutoff:
            continue
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {EVENTS_TABLE} DETACH PARTITION {name}")
            cursor.execute(
                "DELETE FROM counter_corruption_auditeventkey WHERE occurred_at >= %s AND occurred_at < %s",
                [month.isoformat(), next_month(month).isoformat()],
            )
            keys = cursor.rowcount
        detached.append(name)
        log.warning("monitoring retention: partition %s detached (kept for archiving), %s keys deleted", name, keys)
    return detached


def file_move(path: Path, folder: str, reason: str = "") -> Path:
    """Move a drop-folder file into its ``done/`` or ``failed/`` subfolder (a reason file beside it)."""
    target_dir = path.parent / folder
    target_dir.mkdir(exist_ok=True)
    target = target_dir / path.name
    if target.exists():
        target = target_dir / f"{path.stem}-{timezone.now():%Y%m%d%H%M%S}{path.suffix}"
    shutil.move(str(path), target)
    if reason:
        target.with_name(target.name + ".reason.txt").write_text(reason + "\n", encoding="utf-8")
    return target
