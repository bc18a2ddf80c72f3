from misconduct.launcher import PROCESS_LANE, _redis_db


def test_the_second_test_lane_gets_its_own_redis_database():
    assert _redis_db("redis://127.0.0.1:6379/1", 2) == "redis://127.0.0.1:6379/2"
    assert _redis_db("redis://:secret@cache:6379", 2) == "redis://:secret@cache:6379/2"
    assert (
        _redis_db("redis+socket:///srv/var/redis.sock?virtual_host=1", 2)
        == "redis+socket:///srv/var/redis.sock?virtual_host=2"
    )


def test_the_process_lane_names_paths_that_exist():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    assert all((root / path).exists() for path in PROCESS_LANE)


def test_the_template_test_database_is_named_by_the_migrations(tmp_path, monkeypatch):
    """make test copies one migrated template per set of migrations: any change to a migration (or to
    the pinned packages) must give another name, so a stale template is never used."""
    from misconduct import launcher

    (tmp_path / "app" / "migrations").mkdir(parents=True)
    migration = tmp_path / "app" / "migrations" / "0001_initial.py"
    migration.write_text("operations = []\n")
    (tmp_path / "requirements.txt").write_text("Django==5.2\n")
    monkeypatch.setattr(launcher, "BASE_DIR", tmp_path)
    first = launcher._migrations_digest()
    assert launcher._migrations_digest() == first
    migration.write_text("operations = ['changed']\n")
    second = launcher._migrations_digest()
    (tmp_path / "app" / "migrations" / "0002_more.py").write_text("")
    third = launcher._migrations_digest()
    (tmp_path / "requirements.txt").write_text("Django==5.3\n")
    assert len({first, second, third, launcher._migrations_digest()}) == 4
