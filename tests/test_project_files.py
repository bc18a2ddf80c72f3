"""docker-compose.yml, the Makefile, CI and the README agree, and what they run exists.

No Docker engine runs here, so the compose file is checked statically: it parses, has the
services the README promises, and every command it runs exists in this project.
"""

import re
import shutil
from pathlib import Path

import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(shutil.which("python") or "").parent


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_web_worker_beat_postgres_and_redis():
    services = _compose()["services"]
    assert {"web", "worker", "beat", "postgres", "redis"} <= set(services)
    for name in ("web", "worker", "beat", "setup"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://") and env["REDIS_URL"].startswith("redis://")


def test_every_compose_command_exists_in_the_project():
    manage_commands = set(get_commands())
    for name, service in _compose()["services"].items():
        command = service.get("command")
        if not command or name in ("postgres", "redis"):
            continue
        text = " ".join(command)
        for sub in re.findall(r"manage\.py (\w+)", text):
            assert sub in manage_commands, f"{name}: manage.py {sub} does not exist"
        executable = command[0] if command[0] != "sh" else None
        if executable:
            assert executable in ("gunicorn", "celery")
            assert (Path(__import__("sys").executable).parent / executable).exists(), executable
        if "celery" in text:
            assert "-A misconduct" in text
        if "gunicorn" in text:
            assert "misconduct.wsgi" in text


def test_the_demo_uses_the_same_commands_as_compose():
    launcher = (ROOT / "misconduct" / "launcher.py").read_text()
    for fragment in ('"misconduct.wsgi"', '"worker"', '"beat"', '"seed_demo"', '"setup_schedules"', '"migrate"'):
        assert fragment in launcher


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make demo" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.M)


def test_the_dockerfile_installs_the_pinned_requirements():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --no-cache-dir -r requirements.txt" in dockerfile
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            assert "==" in line, f"unpinned requirement: {line}"
