"""Reports passed on by an intermediary reporting line (for example Crimestoppers) as a batch file
(format: docs/formats/intermediary-reports.md). They join the same triage queue as portal reports.

Each bad row is reported with its line number and a plain reason while the rest import. A row whose
intermediary reference was imported before (from an earlier file or earlier in this one) is counted
as already imported, so sending the same file twice creates nothing new. Problems with the file as a
whole (empty, not UTF-8, not CSV, a required column missing) refuse it: nothing is imported and
nothing is recorded.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath
from zoneinfo import ZoneInfo

import pghistory
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .models import Channel, HowKnown, IntermediaryImport, Report
from .services import due_dates, new_reference

logger = logging.getLogger(__name__)

COLUMNS = [
    "intermediary_reference",
    "received_at",
    "what_happened",
    "when_happened",
    "where_happened",
    "people_described",
    "how_known",
    "how_known_detail",
    "ongoing",
]
REQUIRED = ["intermediary_reference", "received_at", "what_happened"]
# The same limits as the portal's report form, so neither route takes what the other refuses.
MAX_LENGTH = {
    "intermediary_reference": 80,
    "what_happened": 20_000,
    "when_happened": 200,
    "where_happened": 300,
    "people_described": 5_000,
    "how_known_detail": 500,
}
# The fields that say whether a repeated reference is the same report or a different one.
COMPARED = [
    "received_at",
    "what_happened",
    "when_happened",
    "where_happened",
    "people_described",
    "how_known",
    "how_known_detail",
    "ongoing",
]
ONGOING = {"yes": True, "no": False, "": None}
HOW_KNOWN = frozenset(HowKnown.values)
LONDON = ZoneInfo("Europe/London")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?")
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")
MAX_ERRORS = 1000
BATCH = 1000


class ImportRefused(ValueError):
    """The file as a whole cannot be imported; the message says why, in plain words."""


@dataclass
class _Row:
    line: int
    values: dict


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = len(_LINE_BREAK.findall(data[: exc.start])) + 1
        raise ImportRefused(
            f"The file is not UTF-8 text (the first character that cannot be read is on line {line}). "
            "Save it as 'CSV UTF-8' and send it again. Nothing was imported."
        ) from None
    if not text.strip():
        raise ImportRefused("The file is empty: expected a header row. Nothing was imported.")
    return text


def _header(reader) -> tuple[list[str], list[str]]:
    """The normalised header and any warnings; refuses a file without the required columns."""
    try:
        header = [name.strip().lower() for name in next(reader)]
    except csv.Error as exc:
        raise ImportRefused(f"The header row cannot be read as CSV ({exc}). Nothing was imported.") from None
    repeated = sorted({name for name in header if name in COLUMNS and header.count(name) > 1})
    if repeated:
        raise ImportRefused(f"The header row names {', '.join(repeated)} more than once. Nothing was imported.")
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportRefused(
            f"The header row has no {', '.join(missing)} column{'s' if len(missing) > 1 else ''} "
            f"(required: {', '.join(REQUIRED)}). Nothing was imported."
        )
    warnings = []
    unknown = [name for name in header if name and name not in COLUMNS]
    if unknown:
        warnings.append(f"Columns not in the format were ignored: {', '.join(unknown)}.")
    return header, warnings


def _csv_problem(exc: csv.Error) -> str:
    message = str(exc)
    if "unexpected end of data" in message:
        return 'a quoted cell that starts in this row is never closed (a missing "), so the rest of the file could not be read'
    if "expected after" in message:
        return 'a closing quote (") is followed by other characters; a quote inside a quoted cell must be doubled ("")'
    if "field limit" in message:
        return "a cell is too long to read"
    return f"cannot be read as CSV ({message})"


def _received_at(value: str, now: datetime, problems: list[str]) -> datetime | None:
    if not value:
        return None
    try:
        if _DATE.fullmatch(value):
            day = date.fromisoformat(value)
            if day > timezone.localtime(now, LONDON).date():
                problems.append(f"received_at {value} is in the future")
                return None
            return datetime(day.year, day.month, day.day, tzinfo=LONDON)
        if not _DATETIME.fullmatch(value):
            raise ValueError
        moment = datetime.fromisoformat(value)
    except ValueError:
        problems.append(f"received_at '{value[:40]}' is not a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM)")
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LONDON)
    if moment > now:
        problems.append(f"received_at {value} is in the future")
        return None
    return moment


def _row_values(raw: dict, now: datetime) -> tuple[dict, list[str]]:
    problems: list[str] = []
    for name in REQUIRED:
        if not raw[name]:
            problems.append(f"{name} is required")
    for name, most in MAX_LENGTH.items():
        if len(raw[name]) > most:
            problems.append(f"{name} is {len(raw[name]):,} characters long; the most is {most:,}")
    if any("\x00" in value for value in raw.values()):
        problems.append("contains a NUL character (the file may be damaged)")
    how_known = raw["how_known"].lower()
    if how_known not in HOW_KNOWN and how_known:
        problems.append(f"how_known '{raw['how_known'][:40]}' is not one of {', '.join(HowKnown.values)} (or empty)")
    ongoing = raw["ongoing"].lower()
    if ongoing not in ONGOING:
        problems.append(f"ongoing '{raw['ongoing'][:40]}' must be yes, no or empty")
    values = {
        "intermediary_reference": raw["intermediary_reference"],
        "received_at": _received_at(raw["received_at"], now, problems),
        "what_happened": raw["what_happened"],
        "when_happened": raw["when_happened"],
        "where_happened": raw["where_happened"],
        "people_described": raw["people_described"],
        "how_known": how_known,
        "how_known_detail": raw["how_known_detail"],
        "ongoing": ONGOING.get(ongoing),
    }
    return values, problems


def _cell(value: str) -> str:
    # A spreadsheet's line breaks inside a cell may be \r\n or \r: keep them, as \n.
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _read(text: str, now: datetime, record: IntermediaryImport, errors: list[dict]) -> list[_Row]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header, record.warnings = _header(reader)
    width = len(header)
    rows: list[_Row] = []
    first_seen: dict[str, _Row] = {}
    while True:
        # The line a record starts on: line_num counts physical lines read so far, and a quoted
        # cell may carry a record over several.
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            record.rows += 1
            message = _csv_problem(exc)
            if reader.line_num > line:
                message += f" (lines {line} to {reader.line_num} were not imported)"
            errors.append({"line": line, "message": message})
            continue
        if not any(cell.strip() for cell in cells):
            continue  # a blank line
        record.rows += 1
        if len(cells) != width:
            message = f"has {len(cells)} cells; the header has {width}"
            if reader.line_num > line:
                message += f" (this row runs to line {reader.line_num}: is a closing quote missing?)"
            errors.append({"line": line, "message": message})
            continue
        raw = {name: "" for name in COLUMNS}
        raw.update({name: _cell(cell) for name, cell in zip(header, cells, strict=True) if name in raw})
        values, problems = _row_values(raw, now)
        reference = values["intermediary_reference"]
        earlier = first_seen.get(reference)
        if earlier and not problems:
            if _differences(earlier.values, values):
                problems.append(
                    f"intermediary_reference {reference} appears again (first at line {earlier.line}) "
                    f"with different details"
                )
            else:
                record.already_imported += 1
                continue
        if problems:
            errors.append({"line": line, "message": "; ".join(problems)})
            continue
        row = _Row(line, values)
        first_seen[reference] = row
        rows.append(row)
    return rows


def _differences(old: dict, new: dict) -> list[str]:
    return [name for name in COMPARED if old[name] != new[name]]


def _report(intermediary: str, values: dict, due: dict) -> Report:
    # Due dates depend only on the day received, and a batch holds few days: work each out once.
    day = timezone.localtime(values["received_at"]).date()
    if day not in due:
        due[day] = due_dates(values["received_at"])
    acknowledge_due, feedback_due = due[day]
    return Report(
        reference=new_reference(),
        channel=Channel.INTERMEDIARY,
        intermediary=intermediary,
        anonymous=True,  # intermediaries never pass on who the reporter is
        acknowledge_due_on=acknowledge_due,
        feedback_due_on=feedback_due,
        **values,
    )


def _unused_references(reports: list[Report]) -> None:
    """Draw again for any reference already taken (one query per round; a clash is very rare)."""
    pending = reports
    chosen: set[str] = set()
    for _attempt in range(10):
        taken = set(
            Report.objects.filter(reference__in=[r.reference for r in pending]).values_list("reference", flat=True)
        )
        clashes = []
        for report in pending:
            if report.reference in taken or report.reference in chosen:
                clashes.append(report)
            else:
                chosen.add(report.reference)
        if not clashes:
            return
        for report in clashes:
            report.reference = new_reference()
        pending = clashes
    raise RuntimeError("could not allocate report references")


def _import_batch(intermediary: str, batch: list[_Row], record: IntermediaryImport, errors: list[dict]) -> None:
    existing = {
        r["intermediary_reference"]: r
        for r in Report.objects.filter(
            channel=Channel.INTERMEDIARY,
            intermediary=intermediary,
            intermediary_reference__in=[row.values["intermediary_reference"] for row in batch],
        ).values("reference", "intermediary_reference", *COMPARED)
    }
    new = []
    due: dict[date, tuple[date, date]] = {}
    for row in batch:
        before = existing.get(row.values["intermediary_reference"])
        if before is None:
            new.append(_report(intermediary, row.values, due))
        elif _differences(before, row.values):
            errors.append(
                {
                    "line": row.line,
                    "message": (
                        f"intermediary_reference {row.values['intermediary_reference']} was imported before "
                        f"(report {before['reference']}) with different details: nothing changed; add the new "
                        "information to that report"
                    ),
                }
            )
        else:
            record.already_imported += 1
    if not new:
        return
    _unused_references(new)
    try:
        with transaction.atomic():
            Report.objects.bulk_create(new)
        record.created += len(new)
    except IntegrityError:
        # Only if something outside this import took a reference at the same moment: one by one.
        for report in new:
            _insert_one(report, record)


def _insert_one(report: Report, record: IntermediaryImport) -> None:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                report.save(force_insert=True)
            record.created += 1
            return
        except IntegrityError:
            if Report.objects.filter(
                channel=Channel.INTERMEDIARY,
                intermediary=report.intermediary,
                intermediary_reference=report.intermediary_reference,
            ).exists():
                record.already_imported += 1
                return
            report.pk = None
            report.reference = new_reference()
    raise RuntimeError("could not allocate a report reference")


def _intermediary_name(intermediary: str) -> str:
    name = " ".join((intermediary or "").split())
    if not name:
        raise ImportRefused("Name the intermediary that sent the file. Nothing was imported.")
    if len(name) > 80:
        raise ImportRefused("The intermediary's name is longer than 80 characters. Nothing was imported.")
    # The same intermediary typed with different capitals is the same intermediary: keep the
    # spelling already on record, so references stay unique per intermediary.
    known = (
        Report.objects.filter(channel=Channel.INTERMEDIARY, intermediary__iexact=name)
        .values_list("intermediary", flat=True)
        .first()
    ) or IntermediaryImport.objects.filter(intermediary__iexact=name).values_list("intermediary", flat=True).first()
    return known or name


def _capped(errors: list[dict]) -> list[dict]:
    if len(errors) <= MAX_ERRORS:
        return errors
    rest = errors[MAX_ERRORS:]
    return errors[:MAX_ERRORS] + [
        {"line": rest[0]["line"], "message": f"and {len(rest):,} more bad rows (not listed), the first on this line"}
    ]


def intermediary_import(*, actor, intermediary: str, file_name: str, data: bytes) -> IntermediaryImport:
    """Import one intermediary batch file into the triage queue and record the import.

    Raises ImportRefused (nothing imported, nothing recorded) when the file as a whole is unusable.
    The returned record also carries `warnings` (a list of messages, not stored) for the caller.
    """
    now = timezone.now()
    intermediary = _intermediary_name(intermediary)
    file_name = PurePath(file_name or "").name[:200] or "unnamed file"
    text = _decode(data)
    sha256 = hashlib.sha256(data).hexdigest()
    record = IntermediaryImport(intermediary=intermediary, file_name=file_name, sha256=sha256, imported_by=actor)
    errors: list[dict] = []
    rows = _read(text, now, record, errors)

    context = {"reason": f"imported from {intermediary} file {file_name}"}
    if actor is not None:
        context["user"] = actor.pk
    with transaction.atomic(), pghistory.context(**context):
        # One import per intermediary at a time, so two people sending the same file at once
        # cannot both create its reports.
        key = int.from_bytes(
            hashlib.sha256(f"intermediary:{intermediary.lower()}".encode()).digest()[:8], "big", signed=True
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
        earlier = (
            IntermediaryImport.objects.filter(intermediary=intermediary, sha256=sha256).order_by("imported_at").first()
        )
        if earlier:
            record.warnings.append(
                f"The same file was imported before, on {timezone.localtime(earlier.imported_at):%-d %B %Y at %H:%M}."
            )
        for start in range(0, len(rows), BATCH):
            _import_batch(intermediary, rows[start : start + BATCH], record, errors)
        errors.sort(key=lambda error: error["line"])
        record.errors = _capped(errors)
        record.save()
    logger.info(
        "intermediary import %s: %d rows, %d created, %d already imported, %d bad",
        record.public_id,
        record.rows,
        record.created,
        record.already_imported,
        len(errors),
    )
    return record


def bad_rows(record: IntermediaryImport) -> int:
    """Rows that were not imported because of a problem (the stored list of errors may be capped)."""
    return record.rows - record.created - record.already_imported
