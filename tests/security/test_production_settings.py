"""Production is not the demo: outside demo mode and test runs the settings refuse the demo's
conveniences (embedded servers, the public demo key, a missing audit chain key), and
`seed_demo` refuses to create the demo accounts with their published password."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SECRET_KEY": "a-real-secret-key-for-this-test-only-0123456789abcdef",
    "AUDIT_CHAIN_KEY": "a-real-chain-key-for-this-test-only-0123456789",
    "DATABASE_URL": "postgres://app@db.invalid:5432/misconduct",
    "REDIS_URL": "redis://redis.invalid:6379/0",
}


def _load_settings(tmp_path, code="import misconduct.settings; print('settings loaded')", **env):
    clean = {k: v for k, v in os.environ.items() if k not in ("TESTING", "DEMO_MODE", "DEBUG", *PRODUCTION)}
    clean.update(VAR_DIR=str(tmp_path / "var"), DJANGO_SETTINGS_MODULE="misconduct.settings")
    clean.update({k: v for k, v in env.items() if v is not None})
    return subprocess.run(
        [sys.executable, "-c", code],
        env=clean,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_load_when_everything_is_set(tmp_path):
    result = _load_settings(tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "settings loaded" in result.stdout


@pytest.mark.parametrize(
    "override, named",
    [
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"SECRET_KEY": "insecure-demo-key-" + "x" * 40}, "SECRET_KEY"),
        ({"AUDIT_CHAIN_KEY": None}, "AUDIT_CHAIN_KEY"),
        ({"AUDIT_CHAIN_KEY": ""}, "AUDIT_CHAIN_KEY"),
        ({"DATABASE_URL": None}, "DATABASE_URL"),
        ({"REDIS_URL": ""}, "REDIS_URL"),
    ],
)
def test_production_refuses_the_demo_conveniences(tmp_path, override, named):
    result = _load_settings(tmp_path, **{**PRODUCTION, **override})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and named in result.stderr, result.stderr[-2000:]
    # refused before anything was started: no embedded PostgreSQL or Redis under var/
    assert not (tmp_path / "var").exists() or not any((tmp_path / "var").iterdir())


def test_demo_mode_may_use_the_demo_key_and_derive_the_chain_key(tmp_path):
    result = _load_settings(
        tmp_path, DEMO_MODE="1", DATABASE_URL=PRODUCTION["DATABASE_URL"], REDIS_URL=PRODUCTION["REDIS_URL"]
    )
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.mark.django_db
def test_seed_demo_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    settings.TESTING = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("seed_demo", "--people", "10")
    assert not User.objects.filter(username__in=["admin", "investigator"]).exists()
