"""Real Celery worker processes against the real broker and the test database."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def wait_for(predicate, timeout=20.0, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """Start one real worker for the integration tests; stop it at the end."""
    from audit.models import WorkerHeartbeat
    from audit.tasks import record_worker_heartbeat
    from misconduct.celery import app

    with django_db_blocker.unblock():
        app.control.purge()  # nothing left over from an earlier run
        env = dict(os.environ, DATABASE_NAME=connection.settings_dict["NAME"], TESTING="1")
        log = tmp_path_factory.mktemp("celery") / "worker.log"
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "misconduct",
                "worker",
                "--pool",
                "solo",
                "-Q",
                "interactive,default,screening,analytics",
                "-n",
                f"test-{uuid.uuid4().hex[:8]}@%h",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        token = f"ready-{uuid.uuid4().hex}"
        record_worker_heartbeat.delay(token)
        ready = wait_for(lambda: WorkerHeartbeat.objects.filter(token=token).exists(), timeout=60)
        if not ready:
            process.kill()
            pytest.fail("Celery worker did not start:\n" + log.read_text()[-3000:])
        process.log = log
        yield process
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        connection.close()
