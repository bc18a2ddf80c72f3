"""Redis stopped while people write: no user error, no request waits seconds, and once Redis is
back every pending task runs exactly once (real worker, a redis-server of the test's own)."""

import json
import os
import time
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from infra.models import OutboxMessage
from tests.conftest import quick_sign_in
from tests.factories import PersonFactory, UserFactory
from tests.integration.conftest import Worker, wait_for
from tests.integration.outage import OwnRedis
from tests.reporting.conftest import REPORT

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def own_redis(tmp_path, settings):
    """The project (this process and a worker of its own) pointed at a redis-server of its own."""
    from misconduct.celery import app
    from reporting import ratelimit

    server = OwnRedis(tmp_path).start()
    real_broker, real_redis = app.conf.broker_url, settings.REDIS_URL
    app.conf.broker_url = server.url
    settings.REDIS_URL = server.url
    ratelimit._redis.cache_clear()
    env = dict(os.environ, DATABASE_NAME=connection.settings_dict["NAME"], TESTING="1", REDIS_URL=server.url)
    worker = Worker(env, tmp_path / "worker.log").start()
    try:
        yield server, worker
    finally:
        worker.stop()
        server.stop()
        app.conf.broker_url = real_broker
        settings.REDIS_URL = real_redis
        ratelimit._redis.cache_clear()


def _ready(worker) -> bool:
    from audit.models import WorkerHeartbeat
    from infra.outbox import enqueue

    token = f"outage-{time.monotonic_ns()}"
    enqueue("audit.tasks.record_worker_heartbeat", token)
    return wait_for(lambda: WorkerHeartbeat.objects.filter(token=token).exists(), timeout=60)


def _timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def _screening_run(tmp_path):
    from vetting.models import ScreeningRequestRow, ScreeningRun

    people = [PersonFactory() for _ in range(5)]
    run = ScreeningRun.objects.create(thresholds={"match": 85, "possible": 55})
    for i, person in enumerate(people):
        ScreeningRequestRow.objects.create(run=run, request_ref=f"RQ{i:05d}", person=person)
    lines = []
    for n in range(30):
        p = people[n % 5]
        lines.append(
            json.dumps(
                {
                    "request_ref": f"RQ{n % 5:05d}",
                    "pnd_person_id": f"PND-{n}",
                    "names": [{"surname": p.surname, "forenames": p.forenames, "type": "primary"}],
                    "dates_of_birth": [p.date_of_birth.isoformat()],
                    "gender": "",
                    "postcodes": [],
                    "records": [{"record_id": f"PND-R-{n}", "category": "arrest", "date": "2026-01-01"}],
                }
            )
        )
    return run, ("\n".join(lines) + "\n").encode()


def test_writes_during_a_redis_outage_succeed_and_their_work_runs_once_when_it_returns(own_redis, tmp_path, settings):
    from cases.models import AllegationCategory, CasePriority, Standard
    from cases.services import allegation_add, case_open, severity_assess, subject_add
    from cases.tasks import priority_sweep
    from infra.tasks import outbox_sweep
    from oversight.models import DisparityRefresh, RefreshStatus
    from oversight.tasks import sweep_refreshes
    from reporting.models import Report
    from vetting.models import RunStatus, ScreeningRun
    from vetting.tasks import screening_sweep
    from workforce.models import WorkforceImport
    from workforce.synthetic import generate_people, people_to_csv
    from workforce.tasks import sweep_workforce_imports

    server, worker = own_redis
    settings.SCREENING_DIR = str(tmp_path / "screening")
    assert _ready(worker), worker.log.read_text()[-3000:]
    admin = quick_sign_in(UserFactory(role="administrator"))
    analyst = quick_sign_in(UserFactory(role="analyst"))
    vetting = quick_sign_in(UserFactory(role="vetting_officer"))
    aa = UserFactory(role="appropriate_authority")
    case = case_open(actor=aa, source="public_complaint", received_date=date(2026, 10, 1), summary="outage")
    subject = subject_add(actor=aa, case=case, person=PersonFactory())
    allegation_add(
        actor=aa,
        subject=subject,
        category=AllegationCategory.objects.get(code="sexual_misconduct"),
        standards=[Standard.objects.get(number=1)],
        description="d",
    )
    run, response_file = _screening_run(tmp_path)
    assert wait_for(lambda: not CasePriority.objects.filter(case=case, requested_at__isnull=False).exists())
    before = OutboxMessage.objects.count()
    # the pages once first, so the timings below are the writes, not the first request's start-up
    for client, url in (
        (admin, "/workforce/imports/"),
        (vetting, f"/vetting/screening/runs/{run.public_id}/"),
        (analyst, "/disparities/"),
        (Client(), "/report/new/"),
    ):
        assert client.get(url).status_code == 200, url

    server.stop()  # ---------------------------------------------------------------- Redis down
    upload = SimpleUploadedFile("hr.csv", people_to_csv(generate_people(30, seed=5)), content_type="text/csv")
    hr, hr_s = _timed(lambda: admin.post("/workforce/imports/", {"file": upload}))
    screening, screening_s = _timed(
        lambda: vetting.post(
            f"/vetting/screening/runs/{run.public_id}/",
            {"file": SimpleUploadedFile("response.jsonl", response_file, content_type="application/jsonl")},
        )
    )
    refresh, refresh_s = _timed(lambda: analyst.post("/disparities/refresh/"))
    _, rescore_s = _timed(
        lambda: severity_assess(
            actor=aa, subject=subject, severity="gross_misconduct", likely_forum="hearing", rationale="Serious"
        )
    )
    report, report_s = _timed(
        lambda: Client().post("/report/new/", {**REPORT, "submission_token": "6f1c1b54-0000-4000-8000-000000000001"})
    )
    assert (hr.status_code, screening.status_code, refresh.status_code, report.status_code) == (302, 302, 302, 200)
    assert b'data-testid="reference"' in report.content and Report.objects.count() == 1
    timings = {"hr": hr_s, "screening": screening_s, "refresh": refresh_s, "rescore": rescore_s, "report": report_s}
    assert max(timings.values()) < 2, timings
    pending = OutboxMessage.objects.filter(sent_at__isnull=True)
    assert set(pending.values_list("task", flat=True)) == {
        "workforce.tasks.run_workforce_import",
        "vetting.tasks.screening_start",
        "oversight.tasks.refresh_disparities",
        "cases.tasks.rescore_case",
    }
    assert OutboxMessage.objects.count() == before + 4
    # the sweepers while Redis is away: nothing breaks, nothing is sent twice later
    assert outbox_sweep(older_than_seconds=0)["sent"] == 0
    refresh_row = DisparityRefresh.objects.get()
    assert refresh_row.status == RefreshStatus.RUNNING

    server.start()  # --------------------------------------------------------------- Redis back
    assert outbox_sweep(older_than_seconds=0)["sent"] == 4  # what the every-minute schedule does
    hr_run = WorkforceImport.objects.get()
    assert wait_for(lambda: WorkforceImport.objects.get(pk=hr_run.pk).status == "done", timeout=90), (
        worker.log.read_text()[-3000:]
    )
    assert wait_for(lambda: ScreeningRun.objects.get(pk=run.pk).status == RunStatus.COMPLETE, timeout=90)
    assert wait_for(lambda: DisparityRefresh.objects.get().status != RefreshStatus.RUNNING, timeout=120)
    assert DisparityRefresh.objects.get().status == RefreshStatus.COMPLETE, DisparityRefresh.objects.get().error
    assert wait_for(lambda: not CasePriority.objects.filter(case=case, requested_at__isnull=False).exists())
    assert CasePriority.objects.get(case=case).components
    assert WorkforceImport.objects.get().created == 30

    # every sweeper once more, as their schedules would: nothing is sent or run a second time
    priority_sweep(older_than_seconds=0)
    sweep_workforce_imports()
    sweep_refreshes()
    screening_sweep(minutes=0)
    outbox_sweep(older_than_seconds=0)
    assert wait_for(lambda: not OutboxMessage.objects.filter(finished_at__isnull=True).exists(), timeout=30)
    time.sleep(1)
    runs = list(OutboxMessage.objects.filter(id__gt=0).values_list("task", "runs"))
    assert all(count == 1 for _task, count in runs), runs
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
