"""The access log is anchored outside the database.

Someone with the database's own rights could cut events from the end and move the chain head
back, wipe the log with TRUNCATE, or (with a stolen chain key) re-compute the chain after editing
it: each of these is consistent inside PostgreSQL. The chain heads are also appended to a witness
file outside the database on every commit, and `audit_verify` compares the two. Besides, the
application's own role cannot change the log at all: it does not own the tables, has no UPDATE,
DELETE or TRUNCATE on them, and the append-only triggers are plain triggers with no switch.
"""

import json
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import DatabaseError

from audit.models import AccessChainHead, AccessEvent
from audit.services import access_chain_verify, access_event_record, event_hash

pytestmark = pytest.mark.django_db


@pytest.fixture
def witness(settings, tmp_path):
    settings.AUDIT_WITNESS_FILE = str(tmp_path / "audit" / "witness.log")
    return tmp_path / "audit" / "witness.log"


def _events(n: int, capture):
    events = []
    for i in range(n):
        with capture(execute=True):  # each one committed, as in a request
            events.append(
                access_event_record(
                    actor=None,
                    action="view",
                    object_type="case",
                    object_id=f"id{i}",
                    object_label=f"PSD-{i}",
                    purpose="test",
                )
            )
    return events


def _as_owner_without_guards(*statements):
    """What someone with the owner's (or a superuser's) rights could do."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE audit_accessevent DISABLE TRIGGER USER")
        cursor.execute("ALTER TABLE audit_accesschainhead DISABLE TRIGGER USER")
        for statement, params in statements:
            cursor.execute(statement, params)
        cursor.execute("ALTER TABLE audit_accessevent ENABLE TRIGGER USER")
        cursor.execute("ALTER TABLE audit_accesschainhead ENABLE TRIGGER USER")


def test_every_committed_event_is_witnessed_outside_the_database(witness, django_capture_on_commit_callbacks):
    events = _events(3, django_capture_on_commit_callbacks)
    lines = [json.loads(line) for line in witness.read_text().splitlines()]
    assert [(line["seq"], line["hash"]) for line in lines] == [(e.seq, e.hash) for e in events]
    assert len({line["db"] for line in lines}) == 1
    # a rolled-back event is not witnessed (it never existed)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        access_event_record(actor=None, action="view", object_type="case", object_id="x", object_label="x", purpose="t")
        raise RuntimeError("rolled back")
    assert len(witness.read_text().splitlines()) == 3
    report = access_chain_verify()
    assert report.problem is None and report.witnessed == 3


def test_cutting_events_from_the_end_and_moving_the_head_back_is_named(witness, django_capture_on_commit_callbacks):
    events = _events(6, django_capture_on_commit_callbacks)
    keep = events[3]
    _as_owner_without_guards(
        ("DELETE FROM audit_accessevent WHERE seq > %s", [keep.seq]),
        ("UPDATE audit_accesschainhead SET seq = %s, hash = %s", [keep.seq, keep.hash]),
    )
    report = access_chain_verify()
    assert report.problem is not None and report.problem.kind == "removed"
    assert f"{events[4].seq}-{events[5].seq}" in report.problem.detail and "witness" in report.problem.detail
    with pytest.raises(CommandError, match=rf"events {events[4].seq}-{events[5].seq} missing"):
        call_command("audit_verify")


def test_a_wiped_log_is_named(witness, django_capture_on_commit_callbacks):
    events = _events(4, django_capture_on_commit_callbacks)
    _as_owner_without_guards(("TRUNCATE audit_accessevent, audit_accesschainhead", []))
    assert not AccessEvent.objects.exists() and not AccessChainHead.objects.exists()
    report = access_chain_verify()
    assert report.problem is not None and report.problem.kind == "removed"
    assert f"{events[0].seq}-{events[-1].seq}" in report.problem.detail
    # and a new chain started over the wiped one does not hide it
    _events(2, django_capture_on_commit_callbacks)
    assert access_chain_verify().problem.kind in {"removed", "rewritten"}


def test_a_chain_recomputed_with_a_stolen_key_is_named(witness, django_capture_on_commit_callbacks):
    events = _events(5, django_capture_on_commit_callbacks)
    # the attacker has the chain key: edits event 2 and re-computes every hash after it, and the head
    statements = []
    prev = events[1].hash
    for original in events[2:]:
        event = AccessEvent.objects.get(pk=original.pk)
        if original is events[2]:
            event.actor_username = "somebody-else"
        event.prev_hash = prev
        event.hash = event_hash(event)
        prev = event.hash
        statements.append(
            (
                "UPDATE audit_accessevent SET actor_username = %s, prev_hash = %s, hash = %s WHERE id = %s",
                [event.actor_username, event.prev_hash, event.hash, event.pk],
            )
        )
    statements.append(("UPDATE audit_accesschainhead SET hash = %s", [prev]))
    _as_owner_without_guards(*statements)
    report = access_chain_verify()
    assert report.problem is not None
    assert report.problem.kind == "rewritten" and report.problem.seq == events[2].seq
    with pytest.raises(CommandError, match=rf"event seq {events[2].seq} .*rewritten"):
        call_command("audit_verify")


@pytest.fixture
def app_role():
    """A role made the way the deployment makes the application's role (inside the test's
    transaction, so it disappears with it)."""
    name = f"test_app_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{name}" NOLOGIN')
    call_command("grant_app_role", name)
    return name


def _as_role(role, statement, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # (no pending foreign-key checks in the way)
        cursor.execute(f'SET LOCAL ROLE "{role}"')
        cursor.execute("SET LOCAL pgtrigger.ignore = '{pgtrigger_access_event_append_only_6ec80}'")
        cursor.execute(statement, params)


def _current_user():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        return cursor.fetchone()[0]


def test_the_application_role_cannot_change_or_empty_the_log(app_role, django_capture_on_commit_callbacks):
    owner = _current_user()
    event = _events(1, django_capture_on_commit_callbacks)[0]
    for statement in (
        "UPDATE audit_accessevent SET purpose = 'nothing to see'",
        "DELETE FROM audit_accessevent",
        "TRUNCATE audit_accessevent",
        "TRUNCATE audit_accesschainhead",
        "DELETE FROM audit_accesschainhead",
        "ALTER TABLE audit_accessevent DISABLE TRIGGER USER",
    ):
        with pytest.raises(DatabaseError, match="permission denied|must be owner"):
            _as_role(app_role, statement)
        assert _current_user() == owner
    # ... but it appends, as the service does
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL ROLE "{app_role}"')
        appended = access_event_record(
            actor=None, action="view", object_type="case", object_id="y", object_label="y", purpose="t"
        )
        cursor.execute("RESET ROLE")
    assert appended.seq == event.seq + 1
    assert AccessEvent.objects.get(pk=event.pk).purpose == "test"


def test_the_append_only_guards_have_no_switch_even_with_table_rights():
    """A role that was (wrongly) granted every right on the log still cannot change or empty it:
    the guards are plain triggers, not ones `SET pgtrigger.ignore` turns off."""
    event = access_event_record(
        actor=None, action="view", object_type="case", object_id="z", object_label="z", purpose="t"
    )
    role = f"test_rights_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
        cursor.execute(f'GRANT ALL ON audit_accessevent, audit_accesschainhead TO "{role}"')
    for statement in (
        "UPDATE audit_accessevent SET purpose = 'nothing to see'",
        "DELETE FROM audit_accessevent",
        "TRUNCATE audit_accessevent",
        "TRUNCATE audit_accesschainhead",
        "DELETE FROM audit_accesschainhead",
        "UPDATE audit_accesschainhead SET seq = 0, hash = ''",
    ):
        with pytest.raises(DatabaseError, match="append-only|Cannot update or delete|chain head"):
            _as_role(role, statement)
    assert AccessEvent.objects.get(pk=event.pk).purpose == "t"
