"""Rate limits for the public portal without storing anyone's address.

The client address is turned into an HMAC under a key that changes every day (so a stored value
cannot be linked to an address, nor across days) and only that hash is counted, in Redis, with a
short expiry. django-ratelimit was considered: it keys its counters with an unkeyed MD5 of the
address, which anyone holding the cache could reverse over the IPv4 space; this module is small.

Checking and counting is one atomic step (`take`: a Lua INCR-then-EXPIRE, compared with the limit),
so parallel posts cannot all pass a check made before any of them was counted; a try that turns out
not to count (a report refused for its attachments) is given back. When Redis cannot be reached the
counters fail safe to PostgreSQL (`infra.FallbackCounter`, one atomic upsert per try, fixed windows)
with a warning in the log: the portal keeps taking reports during a Redis outage, and the receipt
check keeps its brute-force limit (failing open would have let guessing run unlimited then).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit

import redis
from django.conf import settings
from django.utils import timezone

PREFIX = "portal:rl:"
log = logging.getLogger(__name__)
# KEYS[1] the counter; ARGV[1] the window in seconds. The window starts with the first event.
_TAKE = """
local used = redis.call('INCR', KEYS[1])
if used == 1 or redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return used
"""
_GIVE_BACK = """
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used > 0 then return redis.call('DECR', KEYS[1]) end
return 0
"""
REDIS_ERRORS = (redis.RedisError, OSError)


def redis_py_url(url: str) -> str:
    """Celery's ``redis+socket:///path?virtual_host=N`` (the embedded Redis) as redis-py's
    ``unix:///path?db=N``; other URLs unchanged."""
    if not url.startswith("redis+socket://"):
        return url
    parts = urlsplit(url)
    db = parse_qs(parts.query).get("virtual_host", ["0"])[0]
    return f"unix://{parts.path}?db={int(db)}"


@lru_cache(maxsize=1)
def _redis() -> redis.Redis:
    return redis.Redis.from_url(redis_py_url(settings.REDIS_URL), socket_timeout=0.5, socket_connect_timeout=0.5)


def _day_key() -> bytes:
    base = (settings.PORTAL_RATE_KEY or settings.SECRET_KEY).encode()
    day = timezone.now().strftime("%Y-%m-%d").encode()
    return hmac.new(base, b"portal-rate-limit:" + day, hashlib.sha256).digest()


def keyed_hash(value: str) -> str:
    """A keyed hash of an address (or a reference): the only form in which it is ever kept."""
    return hmac.new(_day_key(), value.encode(), hashlib.sha256).hexdigest()[:32]


def client_address(request) -> str:
    """The client's address as the portal sees it (behind PORTAL_PROXY_COUNT trusted proxies)."""
    meta = request.META
    proxies = settings.PORTAL_PROXY_COUNT
    if proxies:
        chain = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(chain) >= proxies:
            return chain[-proxies]
    return meta.get("REMOTE_ADDR", "") or "unknown"


def _counter(bucket: str, key: str) -> str:
    return f"{PREFIX}{bucket}:{key}"


def _fallback_window(window: int):
    from datetime import UTC, datetime, timedelta

    epoch = int(timezone.now().timestamp())
    start = datetime.fromtimestamp(epoch - epoch % window, tz=UTC)
    return start, start + timedelta(seconds=window)


def _fallback_add(bucket: str, key: str, delta: int) -> int:
    """Add `delta` (1 or -1, never below 0) to the PostgreSQL counter; the count after it."""
    from django.db import connection

    _limit, window = settings.PORTAL_RATE_LIMITS[bucket]
    start, end = _fallback_window(window)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO infra_fallbackcounter (bucket, key, window_start, expires_at, count)
            VALUES (%s, %s, %s, %s, GREATEST(%s, 0))
            ON CONFLICT (bucket, key, window_start)
            DO UPDATE SET count = GREATEST(infra_fallbackcounter.count + %s, 0)
            RETURNING count
            """,
            [bucket, key, start, end, delta, delta],
        )
        return cursor.fetchone()[0]


def _fallback_get(bucket: str, key: str) -> int:
    from infra.models import FallbackCounter

    _limit, window = settings.PORTAL_RATE_LIMITS[bucket]
    start, _end = _fallback_window(window)
    row = FallbackCounter.objects.filter(bucket=bucket, key=key, window_start=start).values_list("count", flat=True)
    return row[0] if row else 0


def _redis_down(exc: Exception) -> None:
    log.warning("portal rate limit: Redis unavailable (%s); counting in PostgreSQL", type(exc).__name__)


def take(bucket: str, key: str) -> bool:
    """Count one try and say whether it is within the allowance, in one atomic step."""
    limit, window = settings.PORTAL_RATE_LIMITS[bucket]
    try:
        used = _redis().eval(_TAKE, 1, _counter(bucket, key), window)
    except REDIS_ERRORS as exc:
        _redis_down(exc)
        used = _fallback_add(bucket, key, 1)
    return int(used) <= limit


def give_back(bucket: str, key: str) -> None:
    """Undo one `take` whose try did not count after all."""
    try:
        _redis().eval(_GIVE_BACK, 1, _counter(bucket, key))
    except REDIS_ERRORS as exc:
        _redis_down(exc)
        _fallback_add(bucket, key, -1)


def exceeded(bucket: str, key: str) -> bool:
    """Whether this key has used up its allowance in the bucket (without counting a new try)."""
    limit, _window = settings.PORTAL_RATE_LIMITS[bucket]
    try:
        value = _redis().get(_counter(bucket, key))
    except REDIS_ERRORS as exc:
        _redis_down(exc)
        value = _fallback_get(bucket, key)
    return value is not None and int(value) >= limit


def count(bucket: str, key: str) -> bool:
    """Count one event; True while still within the allowance (including this one)."""
    return take(bucket, key)


def retry_minutes(bucket: str) -> int:
    return max(1, settings.PORTAL_RATE_LIMITS[bucket][1] // 60)


def reset_all() -> None:
    """Forget every counter (tests, and an administrator after an incident)."""
    client = _redis()
    for name in client.scan_iter(match=PREFIX + "*", count=1000):
        client.delete(name)


def reset_fallback() -> None:
    """Forget the PostgreSQL fallback counters too."""
    from infra.models import FallbackCounter

    FallbackCounter.objects.all().delete()
