"""Claims taken with `skip_locked` lock the claimed row only (item 27 of issue 12).

`select_for_update(skip_locked=True).select_related(...)` locks the joined rows too, so a claim
is skipped whenever anyone holds a lock on a shared parent row (the run of a chunk, the level or
person of a clearance): the work is silently dropped. Each test holds such a parent-row lock in
another connection, as a concurrent worker or officer does, and checks the claim still happens.
"""

import json
import threading
from datetime import date, timedelta

import pytest
from django.db import connection, transaction

from tests.factories import PersonFactory, UserFactory
from vetting.clearance_services import clearance_apply, clearance_decide, clearances_expire, expiry_reminders_send
from vetting.models import Clearance, ClearanceLevel, ScreeningChunk, ScreeningRequestRow, ScreeningRun

pytestmark = pytest.mark.django_db(transaction=True)


class Holder:
    """A transaction in another thread (so another connection) that takes a lock and holds it."""

    def __init__(self, take):
        self.take, self.locked, self.release = take, threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._run)

    def _run(self):
        try:
            with transaction.atomic():
                self.take()
                self.locked.set()
                self.release.wait(20)
        finally:
            self.locked.set()
            connection.close()

    def __enter__(self):
        self.thread.start()
        assert self.locked.wait(20)
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.thread.join(20)


def test_a_chunk_is_resolved_while_another_worker_updates_its_run(tmp_path, settings):
    import vetting.services as services

    settings.SCREENING_DIR = str(tmp_path / "store")
    person = PersonFactory()
    run = ScreeningRun.objects.create(thresholds={"match": 85, "possible": 55})
    ScreeningRequestRow.objects.create(run=run, request_ref="RL00001", person=person)
    path = tmp_path / "response.jsonl"
    line = {
        "request_ref": "RL00001", "pnd_person_id": "PND-1", "dates_of_birth": [person.date_of_birth.isoformat()],
        "names": [{"surname": person.surname, "forenames": person.forenames}], "records": [],
    }  # fmt: skip
    path.write_text((json.dumps(line) + "\n") * 4)
    settings_lines = services.CHUNK_LINES
    services.CHUNK_LINES = 2
    try:
        services.response_attach(run=run, source=path, filename="r.jsonl")
        services.response_split(ScreeningRun.objects.get(id=run.id))
    finally:
        services.CHUNK_LINES = settings_lines
    first, second = ScreeningChunk.objects.filter(run=run).order_by("number")
    # another worker, finishing its chunk, updates the run row and has not committed yet
    with Holder(lambda: ScreeningRun.objects.filter(id=run.id).update(error="")):
        assert services.chunk_resolve(second.id) == 2
    assert services.chunk_resolve(first.id) == 2
    assert ScreeningRun.objects.get(id=run.id).status == "complete"


def _granted(officer, level, granted_on):
    clearance = clearance_apply(
        actor=officer, person=PersonFactory(), level=ClearanceLevel.objects.get(code=level),
        applied_on=granted_on - timedelta(days=20),
    )  # fmt: skip
    clearance_decide(actor=officer, clearance=clearance, to_state="granted", rationale="Clear", decided_on=granted_on)
    return clearance


def test_expiry_is_not_skipped_while_an_officer_decides_another_clearance_of_the_level():
    officer = UserFactory(role="vetting_officer")
    due = _granted(officer, "NPPV1", date(2020, 5, 4))
    # an officer's decision on another NPPV1 clearance locks it with its level and person rows
    other = _granted(officer, "NPPV1", date(2022, 5, 4))
    with Holder(
        lambda: list(Clearance.objects.select_for_update().select_related("level", "person").filter(id=other.id))
    ):
        assert clearances_expire(today=date(2023, 5, 4)) == 1
    due.refresh_from_db()
    assert due.state == "expired"


def test_a_reminder_is_not_skipped_while_the_person_row_is_locked():
    officer = UserFactory(role="vetting_officer")
    today = date(2030, 6, 1)
    soon = _granted(officer, "MV", date(2024, 2, 1))
    Clearance.objects.filter(id=soon.id).update(expires_on=today + timedelta(days=60))
    with Holder(lambda: list(type(soon.person).objects.select_for_update().filter(id=soon.person_id))):
        assert expiry_reminders_send(today=today) == 1
