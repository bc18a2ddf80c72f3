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
