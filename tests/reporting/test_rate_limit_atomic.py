"""The portal's limits are checked and counted in one step, and hold when Redis is unavailable."""

import threading

import pytest
from django.db import connection

from infra.models import FallbackCounter
from reporting import ratelimit
from reporting.models import Report
from tests.reporting.conftest import submit

pytestmark = pytest.mark.django_db(transaction=True)


def _parallel_posts(n: int, address: str) -> list[int]:
    barrier = threading.Barrier(n)
    statuses: list[int] = []

    def post():
        try:
            barrier.wait()
            statuses.append(submit(address=address)[0].status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def test_twenty_parallel_reports_from_one_address_give_exactly_the_limit(settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "report": (10, 3600)}
    statuses = _parallel_posts(20, "192.0.2.80")
    assert sorted(statuses) == [200] * 10 + [429] * 10
    assert Report.objects.count() == 10


@pytest.fixture
def redis_down(settings):
    """The portal's Redis client pointed at a port where nothing listens (the machine's Redis is
    shared and must not be stopped; the integration test stops a Redis of its own)."""
    real = settings.REDIS_URL
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    ratelimit._redis.cache_clear()
    ratelimit.reset_fallback()
    yield
    settings.REDIS_URL = real
    ratelimit._redis.cache_clear()
    ratelimit.reset_fallback()


def test_with_redis_down_reports_are_taken_and_limited_in_postgresql(settings, redis_down, caplog):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "report": (3, 3600)}
    results = [submit(address="192.0.2.81")[0].status_code for _ in range(4)]
    assert results == [200, 200, 200, 429]
    assert Report.objects.count() == 3
    assert "Redis unavailable" in caplog.text
    counter = FallbackCounter.objects.get(bucket="report")
    assert counter.count == 4 and "192.0.2.81" not in counter.key


def test_with_redis_down_parallel_reports_still_give_exactly_the_limit(settings, redis_down):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "report": (10, 3600)}
    statuses = _parallel_posts(20, "192.0.2.82")
    assert sorted(statuses) == [200] * 10 + [429] * 10
    assert Report.objects.count() == 10


def test_with_redis_down_receipt_guessing_stays_limited(redis_down):
    _, reference, receipt = submit(address="192.0.2.83")
    from django.test import Client

    client = Client()
    statuses = [
        client.post(
            "/report/follow-up/", {"reference": reference, "receipt": "WRONG" * 4}, REMOTE_ADDR="203.0.113.40"
        ).status_code
        for _ in range(12)
    ]
    assert statuses == [400] * 10 + [429] * 2


def test_a_refused_attachment_gives_its_try_back(settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "report": (1, 3600)}
    from django.core.files.uploadedfile import SimpleUploadedFile

    refused = submit(
        address="192.0.2.84", files=[SimpleUploadedFile("x.exe", b"MZ\x90\x00", "application/x-msdownload")]
    )
    assert refused[0].status_code == 400
    assert submit(address="192.0.2.84")[0].status_code == 200
    assert submit(address="192.0.2.84")[0].status_code == 429
