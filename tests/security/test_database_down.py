"""PostgreSQL down: a real gunicorn pointed at a PostgreSQL address where nothing listens (the
machine's own server keeps running for everyone else). Signed-in users get the service's own
error page, not the bare "Internal Server Error"; /healthz answers JSON 503 naming the failed
dependency, and 200 when all is well."""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, tmp_path: Path, database_url: str):
        self.port = _free_port()
        self.log = tmp_path / "gunicorn.log"
        env = dict(
            os.environ,
            DATABASE_URL=database_url,
            TESTING="1",
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_COOKIES="0",
            PYTHONUNBUFFERED="1",
        )
        env.pop("DATABASE_NAME", None)
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "misconduct.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            "1",
            "--threads",
            "2",
            "--error-logfile",
            "-",
            "--graceful-timeout",
            "3",
        ]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                pytest.fail("gunicorn exited:\n" + self.log.read_text()[-3000:])
            try:
                self.get("/healthz")
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("gunicorn did not answer:\n" + self.log.read_text()[-3000:])
                time.sleep(0.2)

    def get(self, path: str, cookie: str = "") -> tuple[int, str, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
            response = conn.getresponse()
            return response.status, response.getheader("Content-Type", ""), response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


@pytest.fixture
def server_without_database(tmp_path):
    server = Server(tmp_path, f"postgres://postgres@127.0.0.1:{_free_port()}/misconduct")
    yield server
    server.stop()


def test_database_down_gives_the_service_error_page_and_a_json_health_answer(server_without_database):
    server = server_without_database
    # a signed-in user's next request: their session is in the database
    for path in ("/", "/cases/", "/sign-in/"):
        status, content_type, body = server.get(path, cookie="sessionid=abcdefghijklmnopqrstuvwxyz012345")
        assert status == 500, (path, status, body[:300])
        assert "Sorry, there is a problem with the service" in body, (path, body[:300])
        assert "govuk-template" in body and "Traceback" not in body
    # the public portal's start page needs no database; following up a report does
    assert server.get("/report/")[0] == 200
    status, _, body = server.get("/report/follow-up/report/", cookie="sessionid=abcdefghijklmnopqrstuvwxyz012345")
    assert status == 500 and "Sorry, there is a problem with the service" in body, body[:300]
    status, content_type, body = server.get("/api/cases/", cookie="sessionid=abcdefghijklmnopqrstuvwxyz012345")
    assert status == 500 and content_type.startswith("application/json"), body[:300]
    for cookie in ("", "sessionid=abcdefghijklmnopqrstuvwxyz012345"):
        status, content_type, body = server.get("/healthz", cookie=cookie)
        assert status == 503 and content_type.startswith("application/json"), (status, body[:300])
        answer = json.loads(body)
        assert answer["status"] == "unavailable"
        assert answer["checks"]["database"] != "ok" and answer["checks"]["redis"] == "ok"
    assert "Traceback" not in server.get("/healthz")[2]


@pytest.mark.django_db
def test_health_is_ok_when_everything_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}
