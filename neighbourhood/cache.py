"""A Redis cache that an unreachable Redis turns into an empty cache, not into errors.

The cache holds only what can be lost: rate limits (the API's, allauth's, the message rate
limit) and the progress of long operations. While Redis is down (stopped, restarting,
unreachable) every read is a miss and every write is dropped, with a warning; the site keeps
serving pages and the API, and the rate limits stop counting until Redis is back. After a
failure, Redis is left alone for PAUSE_SECONDS so that each request does not wait on the
connect timeout again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

T = TypeVar("T")

PAUSE_SECONDS = 5.0
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)

# Django gives each thread its own cache object: the pause is shared by all of them, per server.
_paused_until: dict[str, float] = {}
_pause_lock = threading.Lock()


# Django makes a cache object, and with it a connection pool, for each request context (each
# request's thread under ASGI): every request would open a new connection to Redis. The pools
# and their clients are kept here instead, one per server and options, for the whole process.
_shared_pools: dict[tuple[str, str], Any] = {}
_shared_clients: dict[int, Any] = {}
_shared_lock = threading.Lock()


class SharedPoolRedisClient(RedisCacheClient):
    """Django's Redis client, whose connection pools and clients are shared by every cache
    object of the process (redis-py's pools and clients are thread-safe)."""

    # Set by Django's client, which its type stubs do not describe.
    _servers: list[str]
    _pool_options: dict[str, Any]
    _pool_class: Any
    _client: Any
    _get_connection_pool_index: Callable[[bool], int]

    def _get_connection_pool(self, write: bool) -> Any:
        index = self._get_connection_pool_index(write)
        key = (self._servers[index], repr(sorted(self._pool_options.items())))
        pool = _shared_pools.get(key)
        if pool is None:
            with _shared_lock:
                pool = _shared_pools.get(key)
                if pool is None:
                    pool = self._pool_class.from_url(self._servers[index], **self._pool_options)
                    _shared_pools[key] = pool
        return pool

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = _shared_clients.get(id(pool))
        if client is None:
            client = _shared_clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


@dataclass(frozen=True)
class Window:
    """An event counted in a window of time: how many the window holds with it, and how long
    until the window ends."""

    count: int
    seconds_left: float


# Run by `ResilientRedisCache.count_in_window`: KEYS[1] the counter, ARGV[1] the window's seconds.
_COUNT_IN_WINDOW = """
redis.call('SET', KEYS[1], 0, 'EX', ARGV[1], 'NX')
local counted = redis.call('INCR', KEYS[1])
return {counted, redis.call('PTTL', KEYS[1])}
"""


class ResilientRedisCache(RedisCache):
    _cache: SharedPoolRedisClient  # Django's client, made on first use, which its stubs omit

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = SharedPoolRedisClient
        self._server_key = server if isinstance(server, str) else ",".join(server)

    def _call(self, operation: Callable[[], T], fallback: Callable[[], T], name: str) -> T:
        server = self._server_key
        if time.monotonic() < _paused_until.get(server, 0.0):
            return fallback()
        try:
            return operation()
        except UNREACHABLE as error:
            with _pause_lock:
                already_paused = time.monotonic() < _paused_until.get(server, 0.0)
                _paused_until[server] = time.monotonic() + PAUSE_SECONDS
            if not already_paused:
                logger.warning(
                    "The cache is unreachable (%s: %r); it acts as empty for %.0f s.",
                    name,
                    error,
                    PAUSE_SECONDS,
                )
            return fallback()

    def add(
        self, key: Any, value: Any, timeout: float | None = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        return self._call(
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version),
            lambda: False,
            "add",
        )

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._call(
            lambda: super(ResilientRedisCache, self).get(key, default, version),
            lambda: default,
            "get",
        )

    def set(
        self, key: Any, value: Any, timeout: float | None = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        self._call(
            lambda: super(ResilientRedisCache, self).set(key, value, timeout, version),
            lambda: None,
            "set",
        )

    def touch(self, key: Any, timeout: float | None = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        return self._call(
            lambda: super(ResilientRedisCache, self).touch(key, timeout, version),
            lambda: False,
            "touch",
        )

    def delete(self, key: Any, version: Any = None) -> bool:
        return self._call(
            lambda: super(ResilientRedisCache, self).delete(key, version),
            lambda: False,
            "delete",
        )

    def get_many(self, keys: Iterable[Any], version: Any = None) -> dict[Any, Any]:
        return self._call(
            lambda: super(ResilientRedisCache, self).get_many(keys, version),
            dict,
            "get_many",
        )

    def has_key(self, key: Any, version: Any = None) -> bool:
        return self._call(
            lambda: super(ResilientRedisCache, self).has_key(key, version),
            lambda: False,
            "has_key",
        )

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        def missing() -> int:
            # As for a key that is not there: callers already handle it (and decr comes here).
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).")

        return self._call(
            lambda: super(ResilientRedisCache, self).incr(key, delta, version), missing, "incr"
        )

    def set_many(
        self, data: dict[Any, Any], timeout: float | None = DEFAULT_TIMEOUT, version: Any = None
    ) -> list[Any]:
        # The keys that could not be stored: all of them.
        return self._call(
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version),
            lambda: list(data),
            "set_many",
        )

    def delete_many(self, keys: Iterable[Any], version: Any = None) -> None:
        self._call(
            lambda: super(ResilientRedisCache, self).delete_many(keys, version),
            lambda: None,
            "delete_many",
        )

    def clear(self) -> None:
        self._call(super().clear, lambda: None, "clear")

    def count_in_window(self, key: str, *, seconds: int) -> Window:
        """See `count_in_window`: the counter made with its expiry if missing, counted, and its
        time left read, by one script that Redis runs as a whole (so the window cannot end
        between its making and the count, which would leave a counter without expiry). It was
        a MULTI/EXEC of the same three commands: five commands to send and five replies to
        read, for every message sent and every API request."""

        def count() -> Window:
            name = self.make_and_validate_key(key)
            client = self._cache.get_client(key, write=True)
            counted, left_ms = client.register_script(_COUNT_IN_WINDOW)(keys=[name], args=[seconds])
            return Window(int(counted), max(int(left_ms), 0) / 1000)

        return self._call(count, lambda: Window(1, float(seconds)), "count_in_window")


def count_in_window(key: str, *, seconds: int) -> Window:
    """Counts one more event under ``key`` in a window of ``seconds`` that starts with the first
    event, in the shared cache: how the project's rate limits count (API requests, messages,
    address lookups). One trip to Redis. While the cache is unreachable every event counts as
    the first."""
    from django.core.cache import caches

    cache = caches["default"]
    if isinstance(cache, ResilientRedisCache):
        return cache.count_in_window(key, seconds=seconds)
    # Another cache (the one process of `make run`): the same count, in a few calls.
    ends_key = f"{key}:ends"
    if cache.add(key, 0, timeout=seconds):
        cache.set(ends_key, time.time() + seconds, timeout=seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=seconds)
        cache.set(ends_key, time.time() + seconds, timeout=seconds)
        count = 1
    ends = cache.get(ends_key, time.time() + seconds)
    return Window(count, max(ends - time.time(), 0.0))
