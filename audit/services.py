"""The access log: append and verify the hash chain."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import AccessChainHead, AccessEvent

GENESIS = "0" * 64


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
            object_id=str(object_id)[:64],
            object_label=str(object_label)[:120],
            purpose=purpose[:300],
            request_id=getattr(request, "request_id", "") if request is not None else "",
            prev_hash=head.hash or GENESIS,
        )
        event.hash = event_hash(event)
        event.save()
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
    return event


@dataclass
class ChainProblem:
    seq: int
    public_id: str
    kind: str  # altered | inserted | removed
    detail: str

    def __str__(self):
        return f"event seq {self.seq} ({self.public_id}): {self.kind}: {self.detail}"


@dataclass
class ChainReport:
    checked: int
    problem: ChainProblem | None


def access_chain_verify() -> ChainReport:
    """Walk the chain in order; report the first event that was altered, inserted or removed."""
    expected_seq = 1
    prev_hash = GENESIS
    checked = 0
    last_seq = 0
    for event in AccessEvent.objects.order_by("seq").iterator(chunk_size=5000):
        checked += 1
        pid = str(event.public_id)
        if event.seq < expected_seq:
            return ChainReport(
                checked, ChainProblem(event.seq, pid, "inserted", "sequence number repeats or goes back")
            )
        if event.seq > expected_seq:
            missing = f"{expected_seq}" if event.seq == expected_seq + 1 else f"{expected_seq}-{event.seq - 1}"
            return ChainReport(
                checked,
                ChainProblem(expected_seq, pid, "removed", f"event(s) {missing} missing before event {event.seq}"),
            )
        if event_hash(event) != event.hash:
            return ChainReport(checked, ChainProblem(event.seq, pid, "altered", "its content does not match its hash"))
        if event.prev_hash != prev_hash:
            return ChainReport(
                checked,
                ChainProblem(event.seq, pid, "inserted", "it does not link to the event before it (chain re-linked)"),
            )
        prev_hash = event.hash
        last_seq = event.seq
        expected_seq += 1
    head = AccessChainHead.objects.filter(id=1).first()
    if head is not None and (head.seq != last_seq or (head.seq and head.hash != prev_hash)):
        if head.seq > last_seq:
            return ChainReport(
                checked,
                ChainProblem(
                    last_seq + 1, "-", "removed", f"events {last_seq + 1}-{head.seq} missing from the end of the chain"
                ),
            )
        return ChainReport(
            checked, ChainProblem(last_seq, "-", "inserted", "the chain head does not match the last event")
        )
    return ChainReport(checked, None)
