"""`make demo` and `make test` land here (python -m misconduct.launcher demo|test|services|stop).

demo:  start the embedded PostgreSQL and Redis unless DATABASE_URL / REDIS_URL are set, migrate,
       seed demo data once, then run web (gunicorn), Celery worker and beat together; one Ctrl-C
       stops all of them (and the embedded servers this run started).
test:  the same services, then pytest (arguments after `--` go to pytest).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEMO_ACCOUNTS = (
    "investigator supervisor authority vetting reporting analyst hearings oversight auditor admin "
    "cc-officer cc-officer-2 approver staff"
)


def _say(message: str) -> None:
    print(f"==> {message}", flush=True)


def _services_env(test: bool = False) -> tuple[dict[str, str], bool]:
    from misconduct import embedded

    started_embedded = not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL"))
    if started_embedded:
        _say("starting embedded PostgreSQL and Redis (set DATABASE_URL and REDIS_URL to use your own)")
    env = dict(os.environ)
    env.update(embedded.ensure_services())
    if test and not os.environ.get("REDIS_URL"):
        # Tests use their own Redis database so a running demo's worker never takes test tasks.
        env["REDIS_URL"] = env["REDIS_URL"] + "?virtual_host=1"
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env, started_embedded


def _manage(env, *args):
    result = subprocess.run([PYTHON, str(BASE_DIR / "manage.py"), *args], env=env, cwd=BASE_DIR)
    if result.returncode != 0:
        _say(f"'manage.py {args[0]}' failed (exit {result.returncode}); see the messages above")
        sys.exit(result.returncode)
    return result


def demo() -> int:
    t0 = time.monotonic()
    env, started_embedded = _services_env()
    env.setdefault("DEMO_MODE", "1")
    port = env.get("PORT", "8000")
    _say("migrating the database")
    _manage(env, "migrate", "--noinput", "-v", "0")
    _manage(env, "collectstatic", "--noinput", "-v", "0")
    _say("loading demo data (first run only)")
    _manage(env, "seed_demo", "--if-empty", "--people", env.get("DEMO_PEOPLE", "5000"))
    _manage(env, "setup_schedules")
    bin_dir = Path(PYTHON).parent
    processes = {
        "web": [
            str(bin_dir / "gunicorn"),
            "misconduct.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--access-logfile",
            "-",
        ],
        "worker": [
            str(bin_dir / "celery"),
            "-A",
            "misconduct",
            "worker",
            "-Q",
            "interactive,default,screening,analytics",
            "--concurrency",
            "2",
            "--loglevel",
            "INFO",
            "-n",
            "demo@%h",
        ],
        "beat": [
            str(bin_dir / "celery"),
            "-A",
            "misconduct",
            "beat",
            "--loglevel",
            "INFO",
            "--schedule",
            str(BASE_DIR / "var" / "celerybeat-schedule"),
        ],
    }
    children = {
        name: subprocess.Popen(cmd, env=env, cwd=BASE_DIR, start_new_session=True) for name, cmd in processes.items()
    }

    def stop(*_):
        _say("stopping web, worker and beat")
        for child in children.values():
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
        if started_embedded:
            from misconduct import embedded

            _say("stopping the embedded PostgreSQL and Redis")
            embedded.stop_all()
        sys.exit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    import urllib.request

    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in/", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    # Show in the log that the worker takes work: one heartbeat task now (beat sends more).
    subprocess.run(
        [str(bin_dir / "celery"), "-A", "misconduct", "call", "audit.tasks.record_worker_heartbeat"],
        env=env,
        cwd=BASE_DIR,
        stdout=subprocess.DEVNULL,
    )
    print(
        f"""
================================================================================
  Professional Standards Case Management is running ({time.monotonic() - t0:.0f} s to start)

    Open:      http://127.0.0.1:{port}/
    Accounts:  {DEMO_ACCOUNTS}
    Password:  demo-password-2026   (demo mode: no second factor for demo accounts)
    API docs:  http://127.0.0.1:{port}/api/docs/
    Public reporting portal (no sign-in): http://127.0.0.1:{port}/report/

  Web, Celery worker and beat are running. Press Ctrl-C once to stop everything.
================================================================================
""",
        flush=True,
    )
    while True:
        for name, child in children.items():
            if child.poll() is not None:
                _say(f"{name} exited with code {child.returncode}; stopping the rest")
                stop()
        time.sleep(1)


def _ensure_chromium() -> None:
    if shutil.which("chromium") or os.path.exists("/usr/bin/chromium"):
        return
    _say("installing Chromium for the browser tests (Debian package)")
    apt = ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]
    if os.geteuid() != 0:
        if not shutil.which("sudo"):
            sys.exit("The browser tests need Chromium: install the 'chromium' package (apt-get install chromium).")
        apt = ["sudo", *apt]
    update = ["apt-get", "update"] if apt[0] != "sudo" else ["sudo", "apt-get", "update"]
    subprocess.run(update, check=False, stdout=subprocess.DEVNULL)
    subprocess.run(apt, check=True)


# The tests that drive processes (a real Celery worker, gunicorn, Chromium) spend most of their
# time waiting on them; they run beside the rest, each lane with its own test database and Redis
# database, so the whole suite uses both cores.
PROCESS_LANE = ["tests/e2e", "tests/integration", "tests/reporting/test_privacy.py", "tests/crawl"]


def _redis_db(url: str, db: int) -> str:
    """The same Redis server, another database number."""
    from urllib.parse import urlsplit, urlunsplit

    if url.startswith("redis+socket://"):
        return url.split("?", 1)[0] + f"?virtual_host={db}"
    return urlunsplit(urlsplit(url)._replace(path=f"/{db}"))


def _migrations_digest() -> str:
    """Names the migrated schema: every migration file, and the pinned packages that shape it."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(BASE_DIR.glob("*/migrations/*.py")) + [BASE_DIR / "requirements.txt"]:
        digest.update(str(path.relative_to(BASE_DIR)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _test_databases_from_template(env: dict[str, str], names: list[str]) -> bool:
    """Run the migrations once per set of migrations, into a template database named by their digest,
    and copy it for each lane's test database (CREATE DATABASE ... TEMPLATE takes seconds where the
    migrations take minutes). A changed migration gives a new digest, so a template is never stale;
    older templates are dropped. False if that cannot be done (the lanes then build their own)."""
    import dj_database_url
    import psycopg

    db = dj_database_url.parse(env["DATABASE_URL"])
    base = db["NAME"] or "misconduct"
    template = f"{base}_template_{_migrations_digest()}"
    params = {"dbname": "postgres", "user": db.get("USER") or None, "password": db.get("PASSWORD") or None}
    params.update({"host": db.get("HOST") or None, "port": db.get("PORT") or None})
    try:
        with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as conn:
            existing = {
                r[0]
                for r in conn.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{base}_template_%"])
            }
            if template not in existing:
                for old in existing:
                    conn.execute(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
                building = f"{template}_building"
                conn.execute(f'CREATE DATABASE "{building}"')
                _say(f"migrating a template test database once for this set of migrations ({template})")
                result = subprocess.run(
                    [PYTHON, str(BASE_DIR / "manage.py"), "migrate", "--noinput", "-v", "0"],
                    env=dict(env, DATABASE_NAME=building),
                    cwd=BASE_DIR,
                )
                if result.returncode != 0:
                    conn.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
                    return False
                conn.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return True
    except psycopg.Error as error:
        _say(f"could not copy a template test database ({error}); each lane migrates its own")
        return False


def test(pytest_args: list[str]) -> int:
    _ensure_chromium()
    env, _ = _services_env(test=True)
    env["TESTING"] = "1"
    env.pop("DEMO_MODE", None)
    if pytest_args:  # a selection: one pytest, as asked
        return subprocess.run([PYTHON, "-m", "pytest", *pytest_args], env=env, cwd=BASE_DIR).returncode
    import dj_database_url

    base_name = dj_database_url.parse(env["DATABASE_URL"])["NAME"] or "misconduct"
    lane_env = dict(env, DATABASE_NAME=f"{base_name}_lane2", REDIS_URL=_redis_db(env["REDIS_URL"], 2))
    log = BASE_DIR / "test-artifacts" / "lane2.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    ignore = [f"--ignore={path}" for path in PROCESS_LANE]
    # pytest-django's test databases are test_<name>: made from one migrated template, then reused as they are
    reuse = (
        ["--reuse-db"] if _test_databases_from_template(env, [f"test_{base_name}", f"test_{base_name}_lane2"]) else []
    )
    _say(f"running the worker, server and browser tests beside the rest (their output: {log})")
    with log.open("w") as out:
        lane2 = subprocess.Popen(
            [PYTHON, "-m", "pytest", *reuse, *PROCESS_LANE],
            env=lane_env,
            cwd=BASE_DIR,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        first = subprocess.run([PYTHON, "-m", "pytest", *reuse, *ignore], env=env, cwd=BASE_DIR).returncode
        second = lane2.wait()
    _say("worker, server and browser tests:")
    print(log.read_text()[-20000:], flush=True)
    if first or second:
        _say(f"FAILED: other tests exit {first}, worker/server/browser tests exit {second}")
    return first or second


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if rest and rest[0] == "--":
        rest = rest[1:]
    if command == "demo":
        return demo()
    if command == "test":
        return test(rest)
    if command == "services":
        env, _ = _services_env()
        print(f"DATABASE_URL={env['DATABASE_URL']}\nREDIS_URL={env['REDIS_URL']}")
        return 0
    if command == "stop":
        from misconduct import embedded

        embedded.stop_all()
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
