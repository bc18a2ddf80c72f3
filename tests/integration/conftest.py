"""Real Celery worker processes against the real broker and the test database."""

import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def wait_for(predicate, timeout=20.0, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


class Worker:
    """A real `celery worker` process that a test may kill and start again."""

    def __init__(self, env, log):
        self.env, self.log, self.process = env, log, None

    def start(self):
        self.process = subprocess.Popen(
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
            env=self.env,
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
        )
        return self

    def wait_ready(self, timeout=60):
        from audit.models import WorkerHeartbeat
        from audit.tasks import record_worker_heartbeat

        token = f"ready-{uuid.uuid4().hex}"
        record_worker_heartbeat.delay(token)
        return wait_for(lambda: WorkerHeartbeat.objects.filter(token=token).exists(), timeout=timeout)

    def kill(self):
        self.process.kill()
        self.process.wait(timeout=20)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
