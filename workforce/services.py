"""Writes to the workforce: the HR extract import (format: shared/formats/workforce.md)."""

from __future__ import annotations

import csv
import logging
import re
from dataclasses import dataclass, field
from datetime import date

import pghistory
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from core.importing import parse_iso_date
from infra import leases
from infra.outbox import enqueue

from .choices import Gender, ImportStatus, PersonType, UnitKind
from .models import EthnicityCode, OrgUnit, Person, WorkforceImport
from .shoulder import SHOULDER_NUMBER, shoulder_number_clean

HEADER = [
    "staff_number",
    "person_type",
    "surname",
    "forenames",
    "previous_surnames",
    "date_of_birth",
    "gender",
    "ethnicity_code",
    "rank_or_grade",
    "command",
    "unit",
    "line_manager_staff_number",
    "start_date",
    "end_date",
    "postcode",
]
# Columns a file may have or leave out. A file without one leaves that field as it is for
# people already known (so a feed that stops sending it does not wipe what was there).
OPTIONAL_COLUMNS = ["shoulder_number"]
REQUIRED = [
    "staff_number",
    "person_type",
    "surname",
    "forenames",
    "date_of_birth",
    "rank_or_grade",
    "command",
    "unit",
    "start_date",
]
STAFF_NUMBER = re.compile(r"^[A-Z0-9]{2,20}$")
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
NOT_STATED = {"", "NS"}
PERSON_TYPES = frozenset(PersonType.values)
GENDERS = frozenset(Gender.values)
# Fields compared to decide whether a person changed (line manager handled separately).
COMPARED = [
    "person_type",
    "surname",
    "forenames",
    "previous_surnames",
    "date_of_birth",
    "gender",
    "ethnicity_id",
    "rank_or_grade",
    "command_id",
    "unit_id",
    "start_date",
    "end_date",
    "is_leaver",
    "left_recorded_on",
    "postcode",
]
BATCH = 2000
IMPORT_LEASE_TTL = 60
LINE_BREAK = re.compile(r"\r\n|\r|\n")
log = logging.getLogger(__name__)


def _max_lengths() -> dict[str, int]:
    """Each column's limit, read from the model fields (so a cell never fails in the database)."""
    person, unit = Person._meta.get_field, OrgUnit._meta.get_field("name").max_length
    return {
        "staff_number": person("staff_number").max_length,
        "surname": person("surname").max_length,
        "forenames": person("forenames").max_length,
        "rank_or_grade": person("rank_or_grade").max_length,
        "postcode": person("postcode").max_length,
        "shoulder_number": person("shoulder_number").max_length,
        "line_manager_staff_number": person("staff_number").max_length,
        "command": unit,
        "unit": unit,
    }


class WorkforceFileRefused(Exception):
    """The whole file is refused (wrong header, not CSV, not UTF-8)."""


@dataclass
class RowError:
    line: int
    staff_number: str
    reason: str

    def as_dict(self) -> dict:
        return {"line": self.line, "staff_number": self.staff_number, "reason": self.reason}


@dataclass
class ImportResult:
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    leavers: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated or self.leavers)


@dataclass
class _Row:
    line: int
    values: dict
    command: str
    unit: str
    manager: str


def _validate_row(raw: dict, ethnicity_codes: set[str], today: date) -> tuple[dict, list[str]]:
    problems: list[str] = []
    for name, limit in _max_lengths().items():
        if name in raw and len(raw[name]) > limit:
            problems.append(f"{name} is longer than {limit} characters ({len(raw[name])})")
    previous_limit = Person._meta.get_field("previous_surnames").base_field.max_length
    if any(len(s.strip()) > previous_limit for s in raw["previous_surnames"].split(";")):
        problems.append(f"previous_surnames: each name must be at most {previous_limit} characters")
    for name in REQUIRED:
        if not raw[name]:
            problems.append(f"{name} is required")
    staff_number = raw["staff_number"].upper()
    if staff_number and not STAFF_NUMBER.match(staff_number):
        problems.append(f"staff_number '{raw['staff_number']}' must be 2-20 letters and digits")
    person_type = raw["person_type"].lower()
    if person_type and person_type not in PERSON_TYPES:
        problems.append(f"person_type '{raw['person_type']}' must be one of {', '.join(PersonType.values)}")
    gender = raw["gender"].upper()
    if gender not in GENDERS:
        problems.append(f"gender '{raw['gender']}' must be M, F, X or empty")
    code = raw["ethnicity_code"].upper()
    if code not in NOT_STATED and code not in ethnicity_codes:
        problems.append(f"ethnicity_code '{raw['ethnicity_code']}' is not a known code")
    dob = parse_iso_date(raw["date_of_birth"], "date_of_birth", problems)
    start = parse_iso_date(raw["start_date"], "start_date", problems)
    end = parse_iso_date(raw["end_date"], "end_date", problems)
    if dob and dob >= today:
        problems.append("date_of_birth is in the future")
    if dob and start and start <= dob:
        problems.append("start_date is before date_of_birth")
    if start and end and end < start:
        problems.append("end_date is before start_date")
    postcode = " ".join(raw["postcode"].upper().split())
    if postcode and not POSTCODE.match(postcode):
        problems.append(f"postcode '{raw['postcode']}' is not a UK postcode")
    shoulder = shoulder_number_clean(raw["shoulder_number"]) if "shoulder_number" in raw else None
    if shoulder and not SHOULDER_NUMBER.match(shoulder):
        problems.append(
            f"shoulder_number '{raw['shoulder_number']}' must be 1-6 digits, with up to 3 letters before or after"
        )
    manager = raw["line_manager_staff_number"].upper()
    if manager and manager == staff_number:
        problems.append("line_manager_staff_number is the person themself")
    is_leaver = bool(end and end <= today)
    values = {
        "staff_number": staff_number,
        "person_type": person_type,
        "surname": raw["surname"],
        "forenames": " ".join(raw["forenames"].split()),
        "previous_surnames": [s.strip() for s in raw["previous_surnames"].split(";") if s.strip()],
        "date_of_birth": dob,
        "gender": gender,
        "ethnicity_id": None if code in NOT_STATED else code,
        "rank_or_grade": raw["rank_or_grade"].upper(),
        "start_date": start,
        "end_date": end,
        "is_leaver": is_leaver,
        "postcode": postcode,
    }
    if shoulder is not None:
        values["shoulder_number"] = shoulder
    return values, problems


def _cells(text: str) -> list[str]:
    """One physical line as CSV cells; a quote that does not close on its own line is an error of
    that line only (a quoted field never spans lines in the HR extract)."""
    return next(csv.reader([text], strict=True), [])


def _read_rows(text: str, ethnicity_codes: set[str], today: date, result: ImportResult) -> list[_Row]:
    lines = LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()  # the file's final line break
    if not lines or not any(line.strip() for line in lines):
        raise WorkforceFileRefused("The file is empty: expected a header row.")
    try:
        header = _cells(lines[0].lstrip("\ufeff"))
    except csv.Error as exc:
        raise WorkforceFileRefused(f"The header row cannot be read as CSV: {exc}") from None
    header = [h.strip().lstrip("\ufeff").lower() for h in header]
    expected = HEADER + [h for h in OPTIONAL_COLUMNS if h in header]
    if sorted(header) != sorted(expected) or len(set(header)) != len(header):
        missing = [h for h in HEADER if h not in header]
        unknown = [h for h in header if h not in expected]
        detail = []
        if missing:
            detail.append("missing " + ", ".join(missing))
        if unknown:
            detail.append("unexpected " + ", ".join(unknown))
        if len(set(header)) != len(header):
            detail.append("a column appears twice")
        raise WorkforceFileRefused("The header row is wrong (" + "; ".join(detail) + "). Nothing was imported.")

    rows: list[_Row] = []
    first_line: dict[str, int] = {}
    for line, text_line in enumerate(lines[1:], start=2):
        if not text_line.strip():
            continue  # blank line
        result.rows_read += 1
        first_cell = text_line.split(",", 1)[0].strip().strip('"')[:20]
        if "\x00" in text_line:
            result.errors.append(RowError(line, first_cell.replace("\x00", ""), "contains a NUL byte (\\x00)"))
            continue
        try:
            cells = _cells(text_line)
        except csv.Error as exc:
            result.errors.append(
                RowError(
                    line,
                    first_cell,
                    f"cannot be read as CSV ({exc}): a quote opens a field that does not close on this line, "
                    "or stands in the middle of a quoted field",
                )
            )
            continue
        if len(cells) != len(header):
            result.errors.append(
                RowError(line, cells[0].strip() if cells else "", f"has {len(cells)} fields, expected {len(header)}")
            )
            continue
        raw = {name: cell.strip() for name, cell in zip(header, cells)}
        if any("\udc80" <= ch <= "\udcff" for cell in cells for ch in cell):
            result.errors.append(RowError(line, raw["staff_number"], "is not valid UTF-8"))
            continue
        values, problems = _validate_row(raw, ethnicity_codes, today)
        staff_number = values["staff_number"]
        if staff_number and staff_number in first_line:
            problems.append(f"staff_number {staff_number} appears again (first at line {first_line[staff_number]})")
        if problems:
            result.errors.append(RowError(line, raw["staff_number"][:20], "; ".join(problems)))
            if staff_number and staff_number not in first_line:
                first_line[staff_number] = line
            continue
        first_line[staff_number] = line
        rows.append(_Row(line, values, raw["command"], raw["unit"], raw["line_manager_staff_number"].upper()))
    # Staff numbers seen in the file at all (bad rows included): they are not leavers.
    result._seen = set(first_line)  # type: ignore[attr-defined]
    return rows


def _org_units(rows: list[_Row]) -> dict[tuple[str, str], tuple[int, int]]:
    """Create missing commands and units; return (command, unit) -> (command_id, unit_id)."""
    commands = {c.name: c.id for c in OrgUnit.objects.filter(kind=UnitKind.COMMAND, parent=None)}
    for name in sorted({r.command for r in rows} - set(commands)):
        commands[name] = OrgUnit.objects.create(name=name, kind=UnitKind.COMMAND).id
    units = {(u.parent_id, u.name): u.id for u in OrgUnit.objects.filter(kind=UnitKind.UNIT)}
    out = {}
    for command, unit in sorted({(r.command, r.unit) for r in rows}):
        key = (commands[command], unit)
        if key not in units:
            units[key] = OrgUnit.objects.create(name=unit, kind=UnitKind.UNIT, parent_id=commands[command]).id
        out[(command, unit)] = (commands[command], units[key])
    return out


# Column types for the set-based update below (Django's bulk_update builds one CASE per row and
# column, which is minutes at 50,000 people; one UPDATE ... FROM unnest() is well under a second).
_UPDATE_TYPES = {
    "id": "bigint",
    "person_type": "text",
    "surname": "text",
    "forenames": "text",
    "previous_surnames": "text",
    "date_of_birth": "date",
    "gender": "text",
    "ethnicity_id": "text",
    "rank_or_grade": "text",
    "command_id": "bigint",
    "unit_id": "bigint",
    "start_date": "date",
    "end_date": "date",
    "is_leaver": "boolean",
    "left_recorded_on": "date",
    "postcode": "text",
    "shoulder_number": "text",
    "line_manager_id": "bigint",
    "updated_at": "timestamptz",
}
_SEP = "\x1f"


def _update_people(rows: list[dict]) -> None:
    columns = [c for c in _UPDATE_TYPES if c in rows[0]]  # shoulder_number only when the file has it
    arrays = []
    for column in columns:
        if column == "previous_surnames":
            arrays.append([_SEP.join(r[column]) for r in rows])
        else:
            arrays.append([r[column] for r in rows])
    assignments = ", ".join(
        f"{c} = string_to_array(v.{c}, E'\\x1f')::varchar[]" if c == "previous_surnames" else f"{c} = v.{c}"
        for c in columns
        if c != "id"
    )
    unnest = ", ".join(f"%s::{_UPDATE_TYPES[c]}[]" for c in columns)
    sql = (
        f"UPDATE workforce_person AS p SET {assignments} "
        f"FROM unnest({unnest}) AS v({', '.join(columns)}) WHERE p.id = v.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, arrays)


def workforce_import(
    *,
    actor,
    data: bytes,
    filename: str,
    allow_mass_leavers: bool = False,
    today: date | None = None,
) -> ImportResult:
    """Upsert the workforce from one HR extract. Idempotent; never deletes anyone.

    Raises WorkforceFileRefused (nothing imported) when the file as a whole is unusable.
    """
    today = today or timezone.localdate()
    result = ImportResult()
    text = data.decode("utf-8-sig", errors="surrogateescape")
    ethnicity_codes = set(EthnicityCode.objects.values_list("code", flat=True))
    rows = _read_rows(text, ethnicity_codes, today, result)
    seen: set[str] = result._seen  # type: ignore[attr-defined]
    compared = COMPARED + [c for c in OPTIONAL_COLUMNS if rows and c in rows[0].values]

    with (
        transaction.atomic(),
        pghistory.context(reason=f"workforce import of {filename}", actor=getattr(actor, "username", None)),
    ):
        # One import at a time: a second upload of the same file waits for the first, then finds
        # everyone already there (instead of inserting the same staff numbers twice).
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(hashtext('workforce-import'))")
            if not cursor.fetchone()[0]:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext('workforce-import'))")
                result.warnings.append(
                    RowError(
                        0,
                        "",
                        "Another workforce import was running, so this one waited for it to finish (imports run "
                        "one at a time): people that import had already brought in are counted here as unchanged.",
                    )
                )
        units = _org_units(rows)
        existing = {
            p["staff_number"]: p for p in Person.objects.values("id", "staff_number", "line_manager_id", *compared)
        }

        for row in rows:
            row.values["command_id"], row.values["unit_id"] = units[(row.command, row.unit)]
            previous = existing.get(row.values["staff_number"])
            if row.values["is_leaver"]:
                row.values["left_recorded_on"] = (previous or {}).get("left_recorded_on") or today
            else:
                row.values["left_recorded_on"] = None

        # New people get their ids up front, so each is inserted once with its line manager set
        # (the foreign key is checked at commit, so managers inside the same file are fine).
        new_rows = [r for r in rows if r.values["staff_number"] not in existing]
        ids = {s: p["id"] for s, p in existing.items()}
        if new_rows:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence('workforce_person', 'id')) FROM generate_series(1, %s)",
                    [len(new_rows)],
                )
                for row, (new_id,) in zip(new_rows, cursor.fetchall(), strict=True):
                    ids[row.values["staff_number"]] = new_id

        new_people: list[Person] = []
        changed: list[dict] = []
        now = timezone.now()
        for row in rows:
            staff_number = row.values["staff_number"]
            manager_id = None
            if row.manager:
                manager_id = ids.get(row.manager)
                if manager_id is None:
                    result.warnings.append(
                        RowError(
                            row.line, staff_number, f"line manager {row.manager} is not in the workforce; left empty"
                        )
                    )
            previous = existing.get(staff_number)
            if previous is None:
                new_people.append(Person(id=ids[staff_number], line_manager_id=manager_id, **row.values))
                continue
            if manager_id == previous["line_manager_id"] and all(previous[k] == row.values[k] for k in compared):
                result.unchanged += 1
                continue
            result.updated += 1
            changed.append(
                {
                    "id": previous["id"],
                    "line_manager_id": manager_id,
                    "updated_at": now,
                    **{k: row.values[k] for k in compared},
                }
            )
        for start in range(0, len(new_people), BATCH):
            Person.objects.bulk_create(new_people[start : start + BATCH])
        result.created = len(new_people)
        for start in range(0, len(changed), 10 * BATCH):
            _update_people(changed[start : start + 10 * BATCH])

        missing = [p for s, p in existing.items() if s not in seen and not p["is_leaver"]]
        active = sum(1 for p in existing.values() if not p["is_leaver"])
        if missing:
            share = len(missing) / max(active, 1)
            if share > settings.WORKFORCE_MAX_LEAVER_SHARE and not allow_mass_leavers:
                result.warnings.append(
                    RowError(
                        0,
                        "",
                        f"{len(missing)} people ({share:.0%} of the active workforce) are missing from this file; "
                        "they were NOT marked as leavers because that is more than "
                        f"{settings.WORKFORCE_MAX_LEAVER_SHARE:.0%}. Re-import with 'allow mass leavers' if this is right.",
                    )
                )
            else:
                Person.objects.filter(id__in=[p["id"] for p in missing]).update(
                    is_leaver=True, left_recorded_on=today, updated_at=timezone.now()
                )
                result.leavers = len(missing)
    return result


def import_lease_name(run_id: int) -> str:
    return f"workforce.import:{run_id}"


def workforce_import_run(*, run: WorkforceImport) -> WorkforceImport:
    """Run a recorded import (from the upload page or the task). Safe to call twice.

    The run holds a lease with a heartbeat while it works: a second delivery while it runs does
    nothing, and one after its worker died (lease expired, status still "running") takes it over.
    """
    try:
        with leases.held(import_lease_name(run.pk), ttl=IMPORT_LEASE_TTL):
            claimed = WorkforceImport.objects.filter(
                pk=run.pk, status__in=[ImportStatus.PENDING, ImportStatus.RUNNING]
            ).update(status=ImportStatus.RUNNING, started_at=timezone.now())
            run.refresh_from_db()
            if claimed:
                _run_claimed(run)
    except leases.LeaseHeld:
        run.refresh_from_db()
    return run


def _run_claimed(run: WorkforceImport) -> None:
    try:
        result = workforce_import(
            actor=run.uploaded_by,
            data=bytes(run.content),
            filename=run.filename,
            allow_mass_leavers=run.allow_mass_leavers,
        )
    except WorkforceFileRefused as exc:
        run.status = ImportStatus.REFUSED
        run.refusal = str(exc)
    except Exception as exc:  # never leave the upload "Running": fail it with the reason
        log.exception("workforce import %s failed", run.public_id)
        run.status = ImportStatus.FAILED
        run.refusal = (
            "The import failed and nothing was imported (every row is kept as it was): "
            f"{type(exc).__name__}: {str(exc).splitlines()[0][:300] if str(exc) else ''}"
        )
    else:
        run.status = ImportStatus.DONE
        run.rows_read = result.rows_read
        run.created, run.updated, run.unchanged, run.leavers = (
            result.created,
            result.updated,
            result.unchanged,
            result.leavers,
        )
        run.errors = [e.as_dict() for e in result.errors]
        run.warnings = [w.as_dict() for w in result.warnings]
    run.finished_at = timezone.now()
    run.save()


def workforce_import_submit(*, actor, filename: str, data: bytes, allow_mass_leavers: bool = False) -> WorkforceImport:
    """Record an uploaded file and queue its import on a worker once the upload is committed."""
    from .tasks import run_workforce_import

    with transaction.atomic(), pghistory.context(reason="workforce file uploaded"):
        run = WorkforceImport.objects.create(
            filename=filename[:255], content=data, uploaded_by=actor, allow_mass_leavers=allow_mass_leavers
        )
        enqueue(run_workforce_import, str(run.public_id))
    return run
