"""The access log: append and verify the hash chain."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import AccessChainHead, AccessEvent, ExportCheck

GENESIS = "0" * 64
witness_log = logging.getLogger("audit.witness")


def _chain_key() -> bytes:
    key = getattr(settings, "AUDIT_CHAIN_KEY", "") or ("audit-chain:" + settings.SECRET_KEY)
    return key.encode()


def event_hash(event: AccessEvent) -> str:
    occurred = event.occurred_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    parts = [
        str(event.seq),
        str(event.public_id),
        occurred,
        str(event.actor_id or ""),
        event.actor_username,
        event.action,
        event.object_type,
        event.object_id,
        event.object_label,
        event.purpose,
        event.request_id,
        event.prev_hash,
    ]
    message = "\x1f".join(parts).encode()
    return hmac.new(_chain_key(), message, hashlib.sha256).hexdigest()


def _database_identity() -> str:
    """Which database a witness line is about: the cluster's system identifier, the database's
    OID and name. A database dropped and created again (as the test runner does) is another one;
    a log emptied in place is the same one, so its witnessed events are missed."""
    key = (connection.alias, connection.settings_dict.get("NAME"))
    cached = _IDENTITIES.get(key)
    if cached is None:
        from django.db import DatabaseError

        with connection.cursor() as cursor:
            try:
                with transaction.atomic():  # a savepoint: a host that hides pg_control_system() is fine
                    cursor.execute("SELECT system_identifier::text FROM pg_control_system()")
                    cluster = cursor.fetchone()[0]
            except DatabaseError:
                cluster = "-"
            cursor.execute("SELECT oid::text, datname FROM pg_database WHERE datname = current_database()")
            cached = _IDENTITIES[key] = ":".join([cluster, *cursor.fetchone()])
    return cached


_IDENTITIES: dict[tuple, str] = {}


def _witness_append(line: dict) -> None:
    """Append one chain head to the witness file (one write, O_APPEND) and to the witness logger."""
    text = json.dumps(line, separators=(",", ":"))
    witness_log.info("access log chain head %s", text)
    path = settings.AUDIT_WITNESS_FILE
    if not path:
        return
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, (text + "\n").encode())
        finally:
            os.close(fd)
    except OSError:
        # The event is committed; a witness that cannot be written is an operational alarm, not a
        # reason to fail the user's request.
        witness_log.exception("could not append to the audit witness file %s", path)


def _witness_on_commit(event: AccessEvent) -> None:
    line = {
        "seq": event.seq,
        "hash": event.hash,
        "at": event.occurred_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
    }

    def witness():
        try:
            # after the commit, outside the caller's transaction (and its query counts)
            _witness_append({"db": _database_identity(), **line})
        except Exception:  # noqa: BLE001 - the event is committed; a witness failure is an alarm only
            witness_log.exception("could not witness access log chain head %s", line)

    transaction.on_commit(witness)


def _witnessed_heads() -> dict[int, dict]:
    """seq -> the witness line for this database (empty with no witness file)."""
    path = settings.AUDIT_WITNESS_FILE
    if not path or not Path(path).exists():
        return {}
    identity = _database_identity()
    heads: dict[int, dict] = {}
    with open(path, encoding="utf-8") as lines:
        for text in lines:
            try:
                line = json.loads(text)
            except ValueError:
                continue  # a torn last line after a crash
            if isinstance(line, dict) and line.get("db") == identity and isinstance(line.get("seq"), int):
                heads[line["seq"]] = line
    return heads


def _printable(text: str) -> str:
    """Text for the access log as it was asked for, but storable: PostgreSQL refuses a NUL in a
    text column, so a query string like ``?x=%00`` copied into an event's purpose would otherwise
    turn the page it describes into a server error. Control characters are written visibly."""
    return "".join(ch if ch.isprintable() or ch in "\t" else f"\\x{ord(ch):02x}" for ch in text)


def access_event_record(
    *,
    actor,
    action: str,
    object_type: str,
    object_id: str,
    object_label: str,
    purpose: str,
    request=None,
) -> AccessEvent:
    """Append one access event to the chain (in the caller's transaction if there is one)."""
    with transaction.atomic():
        head, _ = AccessChainHead.objects.select_for_update().get_or_create(id=1)
        event = AccessEvent(
            seq=head.seq + 1,
            occurred_at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_username=getattr(actor, "username", "") or "anonymous",
            action=action,
            object_type=object_type,
            object_id=_printable(str(object_id))[:64],
            object_label=_printable(str(object_label))[:120],
            purpose=_printable(purpose)[:300],
            request_id=getattr(request, "request_id", "") if request is not None else "",
            prev_hash=head.hash or GENESIS,
        )
        event.hash = event_hash(event)
        event.save()
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
        _witness_on_commit(event)
    return event


@dataclass
class ChainProblem:
    seq: int
    public_id: str
    kind: str  # altered | inserted | removed | rewritten
    detail: str

    def __str__(self):
        return f"event seq {self.seq} ({self.public_id}): {self.kind}: {self.detail}"


@dataclass
class ChainReport:
    checked: int
    problem: ChainProblem | None
    witnessed: int = 0  # chain heads compared with the witness outside the database


def access_chain_verify() -> ChainReport:
    """Walk the chain in order; report the first event that was altered, inserted, removed or (by
    the witness outside the database) rewritten or cut off."""
    witnessed = _witnessed_heads()

    def report(checked, problem=None):
        return ChainReport(checked, problem, len(witnessed))

    expected_seq = 1
    prev_hash = GENESIS
    checked = 0
    last_seq = 0
    for event in AccessEvent.objects.order_by("seq").iterator(chunk_size=5000):
        checked += 1
        pid = str(event.public_id)
        if event.seq < expected_seq:
            return report(checked, ChainProblem(event.seq, pid, "inserted", "sequence number repeats or goes back"))
        if event.seq > expected_seq:
            missing = f"{expected_seq}" if event.seq == expected_seq + 1 else f"{expected_seq}-{event.seq - 1}"
            return report(
                checked,
                ChainProblem(expected_seq, pid, "removed", f"event(s) {missing} missing before event {event.seq}"),
            )
        if event_hash(event) != event.hash:
            return report(checked, ChainProblem(event.seq, pid, "altered", "its content does not match its hash"))
        if event.prev_hash != prev_hash:
            return report(
                checked,
                ChainProblem(event.seq, pid, "inserted", "it does not link to the event before it (chain re-linked)"),
            )
        seen = witnessed.get(event.seq)
        if seen is not None and seen.get("hash") != event.hash:
            return report(
                checked,
                ChainProblem(
                    event.seq,
                    pid,
                    "rewritten",
                    f"its hash differs from the one witnessed outside the database at {seen.get('at')}: "
                    "the chain from here on was re-computed (with the chain key)",
                ),
            )
        prev_hash = event.hash
        last_seq = event.seq
        expected_seq += 1
    if witnessed and max(witnessed) > last_seq:
        newest = witnessed[max(witnessed)]
        return report(
            checked,
            ChainProblem(
                last_seq + 1,
                "-",
                "removed",
                f"events {last_seq + 1}-{newest['seq']} missing: the witness outside the database recorded "
                f"the chain up to event {newest['seq']} at {newest.get('at')} (cut from the end or wiped)",
            ),
        )
    head = AccessChainHead.objects.filter(id=1).first()
    if head is not None and (head.seq != last_seq or (head.seq and head.hash != prev_hash)):
        if head.seq > last_seq:
            return report(
                checked,
                ChainProblem(
                    last_seq + 1, "-", "removed", f"events {last_seq + 1}-{head.seq} missing from the end of the chain"
                ),
            )
        return report(checked, ChainProblem(last_seq, "-", "inserted", "the chain head does not match the last event"))
    return report(checked)


def export_check(*, actor, event: AccessEvent, note: str = "") -> ExportCheck:
    """Record that an auditor checked one export, print or disclosure (tracked by pghistory with
    the auditor and the reason). Refused for anyone but an auditor, for the auditor's own output
    and for an event already checked."""
    import pghistory
    from django.core.exceptions import ValidationError

    from accounts.choices import AUDIT_READERS

    from .selectors import SENSITIVE_OUTPUTS

    if actor is None or not actor.has_role(*AUDIT_READERS):
        raise ValidationError("Only an auditor may check exports.")
    if event.action not in SENSITIVE_OUTPUTS:
        raise ValidationError("Only exports, prints and disclosures are checked.")
    if event.actor_id is not None and event.actor_id == actor.pk:
        raise ValidationError("You cannot check your own export: another auditor must.")
    with transaction.atomic(), pghistory.context(user=actor.pk, reason="export checked"):
        if ExportCheck.objects.select_for_update().filter(event=event).exists():
            raise ValidationError("This export has already been checked.")
        return ExportCheck.objects.create(
            event=event, checked_by=actor, checked_at=timezone.now(), note=(note or "").strip()[:2000]
        )
