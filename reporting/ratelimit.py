"""Rate limits for the public portal without storing anyone's address.

The client address is turned into an HMAC under a key that changes every day (so a stored value
cannot be linked to an address, nor across days) and only that hash is counted, in Redis, with a
short expiry. django-ratelimit was considered: it keys its counters with an unkeyed MD5 of the
address, which anyone holding the cache could reverse over the IPv4 space; this module is small.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit

import redis
from django.conf import settings
from django.utils import timezone

PREFIX = "portal:rl:"


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
    return redis.Redis.from_url(redis_py_url(settings.REDIS_URL), socket_timeout=2, socket_connect_timeout=2)


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


def exceeded(bucket: str, key: str) -> bool:
    """Whether this key has used up its allowance in the bucket (without counting a new try)."""
    limit, _window = settings.PORTAL_RATE_LIMITS[bucket]
    value = _redis().get(_counter(bucket, key))
    return value is not None and int(value) >= limit


def count(bucket: str, key: str) -> bool:
    """Count one event; True while still within the allowance (including this one)."""
    limit, window = settings.PORTAL_RATE_LIMITS[bucket]
    name = _counter(bucket, key)
    pipe = _redis().pipeline()
    pipe.set(name, 0, ex=window, nx=True)  # the window starts with the first event (any Redis version)
    pipe.incr(name)
    _, used = pipe.execute()
    return int(used) <= limit


def retry_minutes(bucket: str) -> int:
    return max(1, settings.PORTAL_RATE_LIMITS[bucket][1] // 60)


def reset_all() -> None:
    """Forget every counter (tests, and an administrator after an incident)."""
    client = _redis()
    for name in client.scan_iter(match=PREFIX + "*", count=1000):
        client.delete(name)
