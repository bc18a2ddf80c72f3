"""A real worker killed (SIGKILL) in the middle of a screening run; the run resumes and every
candidate line is processed exactly once."""

import json
import random

import pytest

from tests.factories import PersonFactory, UserFactory
from tests.integration.conftest import Worker, wait_for
from vetting.models import RunStatus, ScreeningCandidate, ScreeningChunk, ScreeningRequestRow, ScreeningRun

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_worker_killed_mid_run_then_resumed_processes_every_candidate_exactly_once(
    celery_worker, tmp_path, settings, monkeypatch
):
    import vetting.services as services

    settings.SCREENING_DIR = str(tmp_path / "store")
    UserFactory(role="vetting_officer")
    people = [PersonFactory() for _ in range(40)]
    run = ScreeningRun.objects.create(thresholds={"match": 85, "possible": 55})
    for i, person in enumerate(people):
        ScreeningRequestRow.objects.create(run=run, request_ref=f"RK{i:05d}", person=person)
    rng = random.Random(3)
    path = tmp_path / "response.jsonl"
    lines = 0
    with path.open("w") as out:
        for n in range(6000):
            i = rng.randrange(len(people))
            p = people[i]
            out.write(json.dumps({
                "request_ref": f"RK{i:05d}", "pnd_person_id": f"PND-{n}",
                "names": [{"surname": p.surname if n % 3 else "DECOY", "forenames": p.forenames, "type": "primary"}],
                "dates_of_birth": [p.date_of_birth.isoformat()], "gender": "", "postcodes": [],
                "records": [{"record_id": f"PND-R-{n}", "category": "arrest", "date": "2026-01-01"}],
            }) + "\n")  # fmt: skip
            lines += 1
    monkeypatch.setattr(services, "CHUNK_LINES", 200)
    services.response_attach(run=run, source=path, filename="response.jsonl")
    services.response_split(ScreeningRun.objects.get(id=run.id))
    assert ScreeningChunk.objects.filter(run=run).count() == 30

    from vetting.tasks import _enqueue

    _enqueue(run.id)
    assert wait_for(lambda: ScreeningChunk.objects.filter(run=run, done_at__isnull=False).count() >= 3, timeout=60)
    celery_worker.kill()  # SIGKILL, mid-run
    done_at_kill = ScreeningChunk.objects.filter(run=run, done_at__isnull=False).count()
    assert done_at_kill < 30, "the run finished before the kill: make the chunks smaller"

    replacement = Worker(celery_worker.env, celery_worker.log).start()
    try:
        assert replacement.wait_ready()
        from vetting.tasks import screening_sweep

        screening_sweep.delay(minutes=0)  # what the 5-minute schedule does
        assert wait_for(lambda: ScreeningRun.objects.get(id=run.id).status == RunStatus.COMPLETE, timeout=120), (
            replacement.log.read_text()[-3000:]
        )
    finally:
        celery_worker.process = replacement.process  # the session fixture stops whichever runs
    stored = ScreeningCandidate.objects.filter(run=run)
    assert stored.count() == lines
    assert stored.values("line").distinct().count() == lines
    assert sorted(stored.values_list("line", flat=True)) == list(range(1, lines + 1))


def test_two_worker_processes_resolve_every_chunk_promptly_without_the_sweeper(
    celery_worker, tmp_path, settings, monkeypatch
):
    """Item 27: a chunk's claim locks the chunk row only. Locking the run row as well made the
    second worker skip (and so drop) every chunk it took while the first held one of the run."""
    import time

    import vetting.services as services
    from vetting.tasks import _enqueue

    settings.SCREENING_DIR = str(tmp_path / "store")
    people = [PersonFactory() for _ in range(30)]
    run = ScreeningRun.objects.create(thresholds={"match": 85, "possible": 55})
    for i, person in enumerate(people):
        ScreeningRequestRow.objects.create(run=run, request_ref=f"RT{i:05d}", person=person)
    path = tmp_path / "response.jsonl"
    lines = 12000
    with path.open("w") as out:
        for n in range(lines):
            p = people[n % len(people)]
            out.write(json.dumps({
                "request_ref": f"RT{n % len(people):05d}", "pnd_person_id": f"PND-{n}",
                "names": [{"surname": p.surname, "forenames": p.forenames, "type": "primary"}],
                "dates_of_birth": [p.date_of_birth.isoformat()], "gender": "", "postcodes": [],
                "records": [],
            }) + "\n")  # fmt: skip
    monkeypatch.setattr(services, "CHUNK_LINES", 200)
    services.response_attach(run=run, source=path, filename="response.jsonl")
    services.response_split(ScreeningRun.objects.get(id=run.id))
    assert ScreeningChunk.objects.filter(run=run).count() == 60

    second = Worker(celery_worker.env, tmp_path / "second.log").start()
    try:
        # its own log: ready only when this process says so (either worker may take a heartbeat)
        assert wait_for(lambda: second.log.exists() and " ready." in second.log.read_text(), timeout=60)
        started = time.monotonic()
        _enqueue(run.id)  # each chunk enqueued once; no sweep is run in this test
        complete = wait_for(lambda: ScreeningRun.objects.get(id=run.id).status == RunStatus.COMPLETE, timeout=90)
        undone = list(ScreeningChunk.objects.filter(run=run, done_at__isnull=True).values_list("number", flat=True))
        assert complete, f"chunks never resolved (dropped by a worker): {undone}"
        assert time.monotonic() - started < 90
        assert "vetting.tasks.screening_chunk" in second.log.read_text(), "the second worker took no chunk"
    finally:
        second.stop()
    stored = ScreeningCandidate.objects.filter(run=run)
    assert sorted(stored.values_list("line", flat=True)) == list(range(1, lines + 1))
