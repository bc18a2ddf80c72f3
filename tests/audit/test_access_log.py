import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import ProgrammingError

from audit.models import AccessEvent
from audit.services import access_chain_verify, access_event_record
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _events(n: int, actor=None):
    return [
        access_event_record(
            actor=actor, action="view", object_type="case", object_id=f"id{i}", object_label=f"PSD-{i}", purpose="test"
        )
        for i in range(n)
    ]


def _bypass_trigger(cursor):
    # what someone with database rights could do: check pending FKs, then switch the guard off
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("ALTER TABLE audit_accessevent DISABLE TRIGGER USER")


def _sql(statement: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE audit_accessevent DISABLE TRIGGER USER")
        cursor.execute(statement, params)
        cursor.execute("ALTER TABLE audit_accessevent ENABLE TRIGGER USER")


def test_viewing_a_case_or_person_writes_an_access_event(user_with_role, signed_in):
    user = user_with_role("investigator")
    client = signed_in(user)
    case = CaseFactory(subjects=[PersonFactory()])
    client.get(f"/cases/{case.reference}/")
    event = AccessEvent.objects.get(object_type="case")
    assert (event.actor, event.object_label, event.action) == (user, case.reference, "view")
    assert event.request_id and event.occurred_at.utcoffset().total_seconds() == 0
    person = PersonFactory()
    client.get(f"/workforce/people/{person.public_id}/")
    assert AccessEvent.objects.filter(object_type="person", object_label=person.staff_number, actor=user).exists()


def test_an_intact_chain_verifies():
    _events(5)
    report = access_chain_verify()
    assert report.checked == 5 and report.problem is None
    call_command("audit_verify")


def test_access_events_are_append_only_in_the_database():
    event = _events(1)[0]
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).update(purpose="nothing to see")
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).delete()


def test_an_altered_event_is_named_by_audit_verify():
    events = _events(6)
    _sql("UPDATE audit_accessevent SET actor_username = 'someone-else' WHERE seq = %s", [events[3].seq])
    with pytest.raises(CommandError, match=rf"event seq {events[3].seq} \({events[3].public_id}\): altered"):
        call_command("audit_verify")


def test_a_removed_event_is_named_by_audit_verify():
    events = _events(6)
    _sql("DELETE FROM audit_accessevent WHERE seq = %s", [events[2].seq])
    with pytest.raises(CommandError, match=rf"event seq {events[2].seq} .*removed"):
        call_command("audit_verify")


def test_removing_the_newest_event_is_noticed():
    events = _events(4)
    _sql("DELETE FROM audit_accessevent WHERE seq = %s", [events[-1].seq])
    report = access_chain_verify()
    assert report.problem.kind == "removed" and report.problem.seq == events[-1].seq


def test_an_inserted_event_is_named_by_audit_verify():
    events = _events(4)
    # shift later events up and forge one into the gap, without the chain key
    _sql("UPDATE audit_accessevent SET seq = seq + 1000 WHERE seq > %s", [events[1].seq])
    _sql("UPDATE audit_accessevent SET seq = seq - 999 WHERE seq > 1000")
    forged = AccessEvent(
        seq=events[1].seq + 1,
        occurred_at=events[1].occurred_at,
        actor_username="ghost",
        action="view",
        object_type="case",
        object_id="x",
        object_label="PSD-X",
        purpose="forged",
        prev_hash=events[1].hash,
        hash="0" * 64,
    )
    with connection.cursor() as cursor:
        _bypass_trigger(cursor)
    forged.save()
    report = access_chain_verify()
    assert report.problem.seq == events[1].seq + 1
    assert report.problem.kind in {"altered", "inserted"}


def test_auditor_can_see_who_viewed_a_case_and_what_a_user_viewed(user_with_role, signed_in):
    investigator = user_with_role("investigator")
    case = CaseFactory(subjects=[PersonFactory()])
    signed_in(investigator).get(f"/cases/{case.reference}/")
    auditor = signed_in(user_with_role("auditor"))
    page = auditor.get("/audit/", {"object": case.reference})
    assert investigator.username.encode() in page.content
    page = auditor.get("/audit/", {"username": investigator.username})
    assert case.reference.encode() in page.content
    # the auditor's own searches are logged too
    assert AccessEvent.objects.filter(object_type="access_log", actor_username__startswith="user").count() == 2


def test_other_roles_cannot_open_the_audit_page(user_with_role, signed_in):
    assert signed_in(user_with_role("supervisor")).get("/audit/").status_code == 404


def test_a_nul_in_a_list_pages_query_string_is_logged_visibly_not_a_server_error(user_with_role, signed_in):
    """A list read copies its query string into the event; PostgreSQL refuses NUL in text, which
    made every audited list answer 500 to ``?x=%00``."""
    client = signed_in(user_with_role("investigator"))
    CaseFactory(subjects=[PersonFactory()])
    for url in ("/cases/?x=%00", "/workforce/?x=a%00b"):
        response = client.get(url)
        assert response.status_code == 200, url
    event = AccessEvent.objects.filter(object_id="/workforce/").latest("seq")
    assert "x=a\\x00b" in event.purpose
    assert access_chain_verify().problem is None
