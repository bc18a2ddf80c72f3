"""PND screening: the request, the response read as a stream in chunks, identity resolution and
hits raised only for what is new or changed.

Exactly once: a chunk's candidates, hits and its done mark are written in one transaction, after
claiming the chunk with a row lock (`skip_locked`); a worker killed mid-chunk leaves nothing of
it, and the sweeper re-enqueues it. `(run, line)` is unique, so a line can never be stored twice.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import uuid
from collections import OrderedDict
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pghistory
import psycopg
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from workforce.models import Person

from .matching import DEFAULT_THRESHOLDS, BadCandidate, Employee, candidate_from_line, resolve
from .models import (
    HitGrade,
    HitStatus,
    RunStatus,
    ScreeningCandidate,
    ScreeningChunk,
    ScreeningHit,
    ScreeningRequestRow,
    ScreeningRun,
)
from .selectors import require_may_decide_about, vetting_blocked_people

# A database refusal: Django's, or psycopg's own from the COPY (which Django does not wrap).
REFUSED = (DatabaseError, psycopg.Error)
CHUNK_LINES = int(os.environ.get("SCREENING_CHUNK_LINES", 5000))
MAX_BAD_LINES_KEPT = 200
REQUEST_HEADER = ["request_ref", "surname", "forenames", "previous_surnames", "date_of_birth", "gender", "postcode"]
# Record categories that need a vetting officer's review; the rest are information only.
NEEDS_REVIEW = {
    "arrest",
    "charge",
    "conviction",
    "caution",
    "domestic_abuse",
    "associate_of_nominal",
    "crime_suspect",
    "intelligence",
    "child_protection",
    "custody",
}
INFORMATION = {"crime_victim", "witness", "stop_search", "firearms_licensing"}


def _thresholds() -> dict:
    return {
        "match": float(getattr(settings, "SCREENING_MATCH_THRESHOLD", DEFAULT_THRESHOLDS["match"])),
        "possible": float(getattr(settings, "SCREENING_POSSIBLE_THRESHOLD", DEFAULT_THRESHOLDS["possible"])),
    }


def screening_dir() -> Path:
    path = Path(settings.SCREENING_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


# ---------------------------------------------------------------- request


def screening_run_create(*, actor=None, trigger: str = "on_demand") -> ScreeningRun:
    """A run and its request rows: everyone currently in the workforce, each with an opaque ref."""
    with transaction.atomic(), pghistory.context(reason="screening run requested"):
        run = ScreeningRun.objects.create(requested_by=actor, trigger=trigger, thresholds=_thresholds())
        people = Person.objects.filter(is_leaver=False).values_list("id", flat=True)
        rows = [
            ScreeningRequestRow(run=run, person_id=pid, request_ref=f"R{secrets.token_hex(6).upper()}")
            for pid in people
        ]
        ScreeningRequestRow.objects.bulk_create(rows, batch_size=5000)
        run.people = len(rows)
        run.save(update_fields=["people"])
    return run


def request_csv_rows(run: ScreeningRun):
    """The bulk-check request (pnd-screening.md): header then one row per person in scope."""
    yield REQUEST_HEADER
    rows = (
        ScreeningRequestRow.objects.filter(run=run)
        .select_related("person")
        .order_by("id")
        .values_list(
            "request_ref",
            "person__surname",
            "person__forenames",
            "person__previous_surnames",
            "person__date_of_birth",
            "person__gender",
            "person__postcode",
        )
    )
    for ref, surname, forenames, previous, dob, gender, postcode in rows.iterator(chunk_size=5000):
        yield [ref, surname, forenames, ";".join(previous or []), dob.isoformat() if dob else "", gender, postcode]


# ---------------------------------------------------------------- response


def response_attach(*, run: ScreeningRun, source, filename: str) -> ScreeningRun:
    """Store the response file (a path or a file object) beside the others, streamed, for the chunks."""
    if run.status != RunStatus.AWAITING_RESPONSE:
        raise ValidationError({"file": "This run already has its response"})
    target = screening_dir() / f"{run.public_id}.jsonl"
    with open(target, "wb") as out:
        if isinstance(source, str | Path):
            with open(source, "rb") as handle:
                shutil.copyfileobj(handle, out, 1024 * 1024)
        else:
            for part in source.chunks() if hasattr(source, "chunks") else iter(lambda: source.read(1024 * 1024), b""):
                out.write(part)
    ScreeningRun.objects.filter(id=run.id).update(
        response_path=str(target), response_name=filename[:255], status=RunStatus.SPLITTING, started_at=timezone.now()
    )
    run.refresh_from_db()
    return run


def response_split(run: ScreeningRun) -> int:
    """Cut the file into chunks of whole lines by byte offset (one streaming pass). Idempotent."""
    if run.chunks.exists():
        return run.chunks.count()
    chunks, number, offset, line = [], 0, 0, 1
    start_offset, start_line, lines = 0, 1, 0
    with open(run.response_path, "rb") as handle:
        for raw in handle:
            offset += len(raw)
            lines += 1
            if lines == CHUNK_LINES:
                chunks.append(
                    ScreeningChunk(
                        run=run,
                        number=number,
                        start_offset=start_offset,
                        end_offset=offset,
                        first_line=start_line,
                        lines=lines,
                    )
                )
                number += 1
                start_offset, start_line, lines = offset, start_line + CHUNK_LINES, 0
            line += 1
    if lines:
        chunks.append(
            ScreeningChunk(
                run=run, number=number, start_offset=start_offset, end_offset=offset, first_line=start_line, lines=lines
            )
        )
    with transaction.atomic():
        ScreeningChunk.objects.bulk_create(chunks, ignore_conflicts=True)
        ScreeningRun.objects.filter(id=run.id).update(
            status=RunStatus.RESOLVING, lines_total=line - 1, chunks_total=len(chunks)
        )
    if not chunks:
        run_finish_if_done(run.id)
    return len(chunks)


_EMPLOYEES: OrderedDict = OrderedDict()


def _employees(run_id: int) -> dict[str, tuple[Employee, int]]:
    """request_ref -> (Employee, person id) for a run, cached per worker process (two runs)."""
    if run_id in _EMPLOYEES:
        _EMPLOYEES.move_to_end(run_id)
        return _EMPLOYEES[run_id]
    rows = ScreeningRequestRow.objects.filter(run_id=run_id).values_list(
        "request_ref",
        "person_id",
        "person__surname",
        "person__forenames",
        "person__previous_surnames",
        "person__date_of_birth",
        "person__gender",
        "person__postcode",
    )
    table = {
        ref: (Employee(ref, surname, forenames, list(previous or []), dob, gender or "", postcode or ""), pid)
        for ref, pid, surname, forenames, previous, dob, gender, postcode in rows.iterator(chunk_size=10000)
    }
    _EMPLOYEES[run_id] = table
    while len(_EMPLOYEES) > 2:
        _EMPLOYEES.popitem(last=False)
    return table


def record_hash(record: dict) -> str:
    content = [record.get(k) or "" for k in ("category", "offence_group", "date", "summary", "force_code")]
    return hashlib.sha256(json.dumps(content).encode()).hexdigest()


def grade_of(category: str) -> str:
    return HitGrade.INFORMATION if category in INFORMATION else HitGrade.REVIEW


def _parse_date(value):
    try:
        return date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def _vetting_officers_by_load() -> list[int]:
    officers = set(User.objects.filter(is_active=True, groups__name=Role.VETTING_OFFICER).values_list("id", flat=True))
    load = dict(
        ScreeningHit.objects.filter(status=HitStatus.NEW, assigned_to__isnull=False)
        .values_list("assigned_to")
        .annotate(n=Count("id"))
        .values_list("assigned_to", "n")
    )
    return sorted(officers, key=lambda uid: (load.get(uid, 0), uid))


class HitRouter:
    """Who reviews a new hit: round robin over the active vetting officers, least loaded first,
    skipping any officer who may not vet the person (themself, anyone above them in their
    line-management chain, a declared conflict: vetting.selectors). Nobody left: unassigned, on
    the hits page's unassigned queue."""

    def __init__(self):
        self.officers = _vetting_officers_by_load()
        users = User.objects.filter(id__in=self.officers)
        self.blocked = {user.id: vetting_blocked_people(user=user) for user in users}
        self.turn = 0

    def assign(self, person_id: int) -> int | None:
        count = len(self.officers)
        for step in range(count):
            officer = self.officers[(self.turn + step) % count]
            if person_id not in self.blocked.get(officer, ()):
                self.turn += step + 1
                return officer
        return None


def _hits_for(run_id, candidates: list[tuple[ScreeningCandidate, list[dict]]]) -> list[ScreeningHit]:
    """New or changed records of confirmed candidates (matched, or possible and confirmed)."""
    wanted = {
        (c.person_id, str(r.get("record_id"))) for c, records in candidates for r in records if r.get("record_id")
    }
    if not wanted:
        return []
    seen: dict[tuple, set[str]] = {}
    person_ids = {p for p, _ in wanted}
    for person_id, record_id, content in ScreeningHit.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "record_id", "content_hash"
    ):
        seen.setdefault((person_id, record_id), set()).add(content)
    router = HitRouter()
    hits = []
    for candidate, records in candidates:
        for record in records:
            record_id = str(record.get("record_id") or "")
            if not record_id:
                continue
            content = record_hash(record)
            before = seen.get((candidate.person_id, record_id), set())
            if content in before:
                continue  # already raised (and reviewed or in review): not again
            seen.setdefault((candidate.person_id, record_id), set()).add(content)
            category = str(record.get("category") or "")
            grade = grade_of(category)
            assignee = router.assign(candidate.person_id) if grade == HitGrade.REVIEW else None
            hits.append(
                ScreeningHit(
                    run_id=run_id,
                    candidate_id=candidate.id,
                    person_id=candidate.person_id,
                    pnd_person_id=candidate.pnd_person_id,
                    record_id=record_id[:60],
                    content_hash=content,
                    changed=bool(before),
                    category=category[:40],
                    offence_group=str(record.get("offence_group") or "")[:60],
                    record_date=_parse_date(record.get("date")),
                    force_code=str(record.get("force_code") or "")[:10],
                    summary=str(record.get("summary") or "")[:2000],
                    grade=grade,
                    assigned_to_id=assignee,
                )
            )
    return hits


def chunk_resolve(chunk_id: int) -> int:
    """Resolve one chunk in one transaction; a chunk already done (or being done) is skipped.

    The claim locks the chunk row only (`of=("self",)`): with the run row locked as well, every
    other worker skipped (and so dropped) each chunk of the run it took meanwhile.

    Each line is checked before anything is stored (bytes, lengths: `candidate_from_line`); a bad
    line is reported with its number and the rest goes on. Should the database still refuse the
    chunk's rows, they are written again one line at a time, so only the refused lines are lost
    (and named) and the chunk is done: a bad line never leaves the run "resolving"."""
    with transaction.atomic():
        chunk = (
            ScreeningChunk.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("run")
            .filter(id=chunk_id, done_at__isnull=True)
            .first()
        )
        if chunk is None:
            return 0
        run = chunk.run
        employees = _employees(run.id)
        thresholds = run.thresholds or _thresholds()
        with open(run.response_path, "rb") as handle:
            handle.seek(chunk.start_offset)
            data = handle.read(chunk.end_offset - chunk.start_offset)
        rows, bad = [], []
        for index, raw in enumerate(data.split(b"\n")[: chunk.lines]):
            line = chunk.first_line + index
            if not raw.strip():
                continue
            try:
                candidate = candidate_from_line(raw)
            except BadCandidate as exc:
                bad.append([line, str(exc)[:200]])
                continue
            known = employees.get(candidate.request_ref)
            if known is None:
                bad.append([line, f"request_ref {candidate.request_ref} is not in this run's request"])
                continue
            employee, person_id = known
            result = resolve(employee, candidate, thresholds)
            keep_records = result.decision in ("match", "possible")
            row = SimpleNamespace(
                id=None,
                run_id=run.id,
                line=line,
                request_ref=candidate.request_ref,
                pnd_person_id=candidate.pnd_person_id,
                person_id=person_id,
                decision=result.decision,
                score=result.score,
                reasons=result.reasons,
                records=candidate.records if keep_records else [],
            )
            rows.append((row, candidate.records))
        try:
            with transaction.atomic():  # a savepoint: on refusal, only these writes are undone
                hits = _store(run.id, rows)
        except REFUSED:
            hits, kept = 0, []
            for row, records in rows:
                try:
                    with transaction.atomic():
                        hits += _store(run.id, [(row, records)])
                    kept.append((row, records))
                except REFUSED as exc:
                    bad.append([row.line, f"refused by the database ({type(exc).__name__})"])
            rows = kept
        bad.sort()
        ScreeningChunk.objects.filter(id=chunk.id).update(
            done_at=timezone.now(),
            candidates=len(rows),
            matches=sum(1 for row, _ in rows if row.decision == "match"),
            possibles=sum(1 for row, _ in rows if row.decision == "possible"),
            hits=hits,
            bad_lines=bad[:MAX_BAD_LINES_KEPT]
            + ([[0, f"... and {len(bad) - MAX_BAD_LINES_KEPT} more"]] if len(bad) > MAX_BAD_LINES_KEPT else []),
        )
    run_finish_if_done(run.id)
    return len(rows)


def _store(run_id: int, rows: list[tuple[SimpleNamespace, list[dict]]]) -> int:
    """The candidates of some lines, and the hits of the matched ones; returns the hits raised."""
    _copy_candidates([row for row, _ in rows])
    confirmed = [(row, records) for row, records in rows if row.decision == "match"]
    if confirmed:
        ids = dict(
            ScreeningCandidate.objects.filter(run_id=run_id, line__in=[c.line for c, _ in confirmed]).values_list(
                "line", "id"
            )
        )
        for row, _ in confirmed:
            row.id = ids[row.line]
    hits = _hits_for(run_id, confirmed)
    _copy_hits(hits)
    return len(hits)


CANDIDATE_COLUMNS = [
    "run_id",
    "line",
    "request_ref",
    "pnd_person_id",
    "person_id",
    "decision",
    "score",
    "reasons",
    "records",
]


def _copy_candidates(rows: list[SimpleNamespace]) -> None:
    """COPY is several times faster than INSERT for the millions of candidate rows of a big run."""
    if not rows:
        return
    columns = ", ".join(CANDIDATE_COLUMNS)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY vetting_screeningcandidate ({columns}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row(
                    (r.run_id, r.line, r.request_ref, r.pnd_person_id, r.person_id, r.decision, r.score,
                     json.dumps(r.reasons), json.dumps(r.records))
                )  # fmt: skip


HIT_COLUMNS = [
    "public_id", "run_id", "candidate_id", "person_id", "pnd_person_id", "record_id", "content_hash", "changed",
    "category", "offence_group", "record_date", "force_code", "summary", "grade", "status", "assigned_to_id",
    "outcome_reason", "raised_at",
]  # fmt: skip


def _copy_hits(hits: list[ScreeningHit]) -> None:
    """COPY into a scratch table, then insert what is not already there (the unique content key)."""
    if not hits:
        return
    columns = ", ".join(HIT_COLUMNS)
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS vetting_hit_in AS SELECT "
            + columns
            + " FROM vetting_screeninghit WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY vetting_hit_in ({columns}) FROM STDIN") as copy:
            for h in hits:
                copy.write_row(
                    (uuid.uuid4(), h.run_id, h.candidate_id, h.person_id, h.pnd_person_id, h.record_id, h.content_hash,
                     h.changed, h.category, h.offence_group, h.record_date, h.force_code, h.summary, h.grade,
                     HitStatus.NEW, h.assigned_to_id, "", now)
                )  # fmt: skip
        cursor.execute(
            f"INSERT INTO vetting_screeninghit ({columns}) SELECT {columns} FROM vetting_hit_in ON CONFLICT DO NOTHING"
        )
        cursor.execute("TRUNCATE vetting_hit_in")


def run_finish_if_done(run_id: int) -> bool:
    done = not ScreeningChunk.objects.filter(run_id=run_id, done_at__isnull=True).exists()
    if done:
        ScreeningRun.objects.filter(id=run_id, status=RunStatus.RESOLVING).update(
            status=RunStatus.COMPLETE, finished_at=timezone.now()
        )
    return done


def run_to_completion(run: ScreeningRun) -> ScreeningRun:
    """For the command line: split and resolve every chunk in this process."""
    response_split(run)
    for chunk_id in run.chunks.filter(done_at__isnull=True).order_by("number").values_list("id", flat=True):
        chunk_resolve(chunk_id)
    run_finish_if_done(run.id)
    run.refresh_from_db()
    return run


def run_progress(run: ScreeningRun) -> dict:
    from django.db.models import Sum

    totals = run.chunks.aggregate(
        done=Count("id", filter=Q(done_at__isnull=False)),
        lines=Sum("lines", filter=Q(done_at__isnull=False)),
        candidates=Sum("candidates"),
        matches=Sum("matches"),
        possibles=Sum("possibles"),
        hits=Sum("hits"),
    )
    lines_done = totals["lines"] or 0
    eta = None
    if run.started_at and lines_done and run.status == RunStatus.RESOLVING:
        elapsed = (timezone.now() - run.started_at).total_seconds()
        eta = max(0, round(elapsed / lines_done * (run.lines_total - lines_done)))
    bad = []
    for lines in run.chunks.exclude(bad_lines=[]).values_list("bad_lines", flat=True)[:50]:
        bad.extend(lines)
    return {
        "chunks_done": totals["done"] or 0,
        "lines_done": lines_done,
        "percent": round(100 * lines_done / run.lines_total)
        if run.lines_total
        else (100 if run.status == RunStatus.COMPLETE else 0),
        "candidates": totals["candidates"] or 0,
        "matches": totals["matches"] or 0,
        "possibles": totals["possibles"] or 0,
        "hits": totals["hits"] or 0,
        "eta_seconds": eta,
        "bad_lines": sorted(bad)[:MAX_BAD_LINES_KEPT],
    }


def results_csv_rows(run: ScreeningRun):
    yield ["request_ref", "pnd_person_id", "decision", "score", "reasons"]
    rows = run.candidates.order_by("line").values_list("request_ref", "pnd_person_id", "decision", "score", "reasons")
    for ref, pnd, decision, score, reasons in rows.iterator(chunk_size=10000):
        yield [ref, pnd, decision, f"{score:.1f}", "; ".join(reasons)]


# ---------------------------------------------------------------- decisions on candidates and hits


def candidate_identity_decide(*, actor, candidate: ScreeningCandidate, confirmed: bool, reason: str) -> int:
    """A possible match confirmed (its new records become hits) or rejected, with a reason."""
    require_may_decide_about(actor=actor, person=candidate.person_id, what="this possible match")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why this is (or is not) the employee"})
    with transaction.atomic(), pghistory.context(reason=reason):
        updated = ScreeningCandidate.objects.filter(
            id=candidate.id, decision="possible", identity_confirmed__isnull=True
        ).update(identity_confirmed=confirmed, identity_decided_by=actor)
        if not updated:
            raise ValidationError({"reason": "This candidate has already been decided"})
        hits = []
        if confirmed:
            hits = _hits_for(candidate.run_id, [(candidate, candidate.records)])
            ScreeningHit.objects.bulk_create(hits, ignore_conflicts=True)
    return len(hits)


def _hit_decide(hit: ScreeningHit, actor, status: str, reason: str, **fields) -> ScreeningHit:
    require_may_decide_about(actor=actor, person=hit.person_id, what="this screening hit")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Give a reason"})
    if hit.status != HitStatus.NEW:
        raise ValidationError({"reason": "This hit has already been dealt with"})
    with pghistory.context(reason=reason):
        updated = ScreeningHit.objects.filter(id=hit.id, status=HitStatus.NEW).update(
            status=status, outcome_reason=reason, decided_by=actor, decided_at=timezone.now(), **fields
        )
        if not updated:
            raise ValidationError({"reason": "Someone else dealt with this hit: reload the page"})
    hit.refresh_from_db()
    return hit


def hit_close(*, actor, hit: ScreeningHit, reason: str) -> ScreeningHit:
    with transaction.atomic():
        return _hit_decide(hit, actor, HitStatus.CLOSED, reason)


def hit_vetting_review_open(*, actor, hit: ScreeningHit, reason: str) -> ScreeningHit:
    """An aftercare review of the person's live clearance, triggered by this hit. A person with no
    granted or suspended clearance has nothing to review: refused with the reason (and the
    pending application, if any), the hit left new for another decision."""
    from .clearance_services import aftercare_review_open, clearance_current

    require_may_decide_about(actor=actor, person=hit.person_id, what="this screening hit")
    with transaction.atomic():
        clearance = clearance_current(person=hit.person)
        if clearance is None:
            raise ValidationError({"action": _no_clearance_to_review(hit.person)})
        hit = _hit_decide(hit, actor, HitStatus.VETTING_REVIEW, reason)
        aftercare_review_open(
            actor=actor, clearance=clearance, trigger="screening_hit", note=reason, source_hit_id=hit.id
        )
    return hit


def _no_clearance_to_review(person: Person) -> str:
    from .models import Clearance, ClearanceState

    message = f"{person.display_name} ({person.staff_number}) has no granted or suspended clearance to review."
    pending = Clearance.objects.filter(person=person, state=ClearanceState.APPLIED).select_related("level").first()
    if pending is not None:
        return (
            f"{message} Their {pending.level_id} application is awaiting a decision: weigh this record in that "
            "decision, then close this hit saying so."
        )
    return f"{message} Record a clearance application first, or close this hit or create a conduct matter."


def hit_conduct_matter_create(*, actor, hit: ScreeningHit, reason: str):
    """A conduct matter (source: screening hit) with the employee as subject, linked to the hit."""
    from cases.services import case_open, subject_add

    require_may_decide_about(actor=actor, person=hit.person_id, what="this screening hit")
    with transaction.atomic():
        case = case_open(
            actor=actor,
            source="screening",
            received_date=timezone.localdate(),
            summary=f"PND screening: {hit.record_label} record {hit.record_id}"[:300],
        )
        subject_add(actor=actor, case=case, person=hit.person)
        hit = _hit_decide(hit, actor, HitStatus.CONDUCT_MATTER, reason, case=case)
    return case
