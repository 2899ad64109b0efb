"""The cache on a Redis that stops answering: frozen (the process stopped, the host gone from the
network), every call would wait the socket timeout. After a failure the cache leaves Redis alone
for a pause, so that one call in the pause waits, not each of them: what django-redis's
IGNORE_EXCEPTIONS does not do (docs/operations.md, "Libraries instead of hand-written code")."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from neighbourhood import cache as cache_module
from neighbourhood.cache import ResilientRedisCache, count_in_window
from tests.messaging.conftest import RedisServer, new_redis_server

SOCKET_TIMEOUT = 1.0
CALLS = 5


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = new_redis_server(tmp_path)
    server.start()
    try:
        yield server
    finally:
        if server.process is not None and server.process.poll() is None:
            server.process.send_signal(signal.SIGCONT)  # a frozen one stops as any other
        server.stop()


def cache_on(server: RedisServer) -> ResilientRedisCache:
    options = {"socket_connect_timeout": 0.5, "socket_timeout": SOCKET_TIMEOUT}
    return ResilientRedisCache(server.url, {"OPTIONS": options})


def test_a_frozen_redis_costs_one_timeout_per_pause_not_one_per_call(
    redis_server: RedisServer, monkeypatch
):
    monkeypatch.setattr(cache_module, "PAUSE_SECONDS", 3.0)
    cache = cache_on(redis_server)
    cache.set("rate", 1)
    assert redis_server.process is not None
    redis_server.process.send_signal(signal.SIGSTOP)  # the connection is open, nobody answers
    try:
        started = time.monotonic()
        answers = [cache.get("rate", "missing") for _n in range(CALLS)]
        with pytest.raises(ValueError):  # as for a key that is not there
            cache.incr("rate")
        waited = time.monotonic() - started
    finally:
        redis_server.process.send_signal(signal.SIGCONT)
    assert answers == ["missing"] * CALLS
    # One call waited the socket timeout; the others, in the pause, did not ask Redis at all
    # (without the pause: CALLS + 1 timeouts, 6 s).
    assert SOCKET_TIMEOUT * 0.9 <= waited < SOCKET_TIMEOUT * 2


def test_count_in_window_counts_and_counts_each_event_as_the_first_while_redis_is_down(
    redis_server: RedisServer, monkeypatch, settings
):
    monkeypatch.setattr(cache_module, "PAUSE_SECONDS", 0.2)
    settings.CACHES = {
        "default": {
            "BACKEND": "neighbourhood.cache.ResilientRedisCache",
            "LOCATION": redis_server.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": SOCKET_TIMEOUT},
        }
    }
    assert [count_in_window("lookups:1", seconds=60).count for _n in range(3)] == [1, 2, 3]
    redis_server.stop()
    # A limit of the project's own never refuses because the cache is gone.
    assert [count_in_window("lookups:1", seconds=60).count for _n in range(3)] == [1, 1, 1]
    redis_server.start()
    time.sleep(0.25)  # the pause after the failure is over
    assert [count_in_window("lookups:2", seconds=60).count for _n in range(2)] == [1, 2]


def test_a_window_counts_from_its_first_event_and_tells_its_time_left(redis_server, settings):
    backend = "neighbourhood.cache.ResilientRedisCache"
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": redis_server.url}}
    first = count_in_window("window:1", seconds=1)
    second = count_in_window("window:1", seconds=1)
    assert (first.count, second.count) == (1, 2)
    assert 0 < second.seconds_left <= first.seconds_left <= 1
    time.sleep(second.seconds_left + 0.05)
    # The window ended: the next event opens a new one, with an expiry again.
    again = count_in_window("window:1", seconds=1)
    assert again.count == 1
    assert 0.5 < again.seconds_left <= 1


def test_a_window_counts_the_same_in_a_cache_of_the_process(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    counts = [count_in_window("window:2", seconds=60) for _n in range(3)]
    assert [window.count for window in counts] == [1, 2, 3]
    assert all(50 < window.seconds_left <= 60 for window in counts)
