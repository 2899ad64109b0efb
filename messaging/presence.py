"""Who is looking at the site right now: someone with at least one socket open.

Each socket records its user's presence in the shared cache when it connects and again at each
heartbeat that comes back, for a little more than two heartbeats. Nothing is deleted when a
socket closes (another tab may still be open): the key simply expires. A cache that is down acts
as empty, so nobody is present and people are notified rather than missed.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.base import BaseCache
from django.core.signals import setting_changed
from django.dispatch import receiver

_WRITERS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="presence")


@functools.cache
def _cache() -> BaseCache:
    """One cache object for the whole process. Django gives each thread, and each task of the
    event loop, a cache object of its own, and a Redis cache object opens connections of its
    own: through `django.core.cache.cache`, every socket opened a connection to Redis of its
    own to record its presence. This one's connections are pooled and shared by every socket
    of the process (a Redis cache object is safe to share between threads)."""
    return caches.create_connection(DEFAULT_CACHE_ALIAS)


@receiver(setting_changed)
def _cache_settings_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == "CACHES":
        _cache.cache_clear()


def presence_key(user_id: int) -> str:
    return f"presence:{user_id}"


def presence_seconds() -> int:
    # Two and a half heartbeats: one late heartbeat (a busy server) does not make anyone absent.
    return math.ceil(2.5 * settings.WEBSOCKET_HEARTBEAT_SECONDS)


def presence_record(*, user_id: int) -> None:
    """The user has a socket open now (synchronous: from a worker thread)."""
    _cache().set(presence_key(user_id), 1, timeout=presence_seconds())


async def presence_mark(*, user_id: int) -> None:
    """Called by the consumer at each heartbeat: the user has a socket open now."""
    # In threads of its own: the cache's own `aset` would queue behind the database calls of
    # every socket on the one thread synchronous code shares, and the default worker threads
    # are the sockets' database calls' (messaging.threads).
    await sync_to_async(presence_record, thread_sensitive=False, executor=_WRITERS)(user_id=user_id)


def is_present(user_id: int) -> bool:
    return _cache().get(presence_key(user_id)) is not None


def present_ids(user_ids: Iterable[int]) -> set[int]:
    """Which of ``user_ids`` are present, in one round trip to the cache."""
    keys = {presence_key(user_id): user_id for user_id in user_ids}
    if not keys:
        return set()
    return {keys[key] for key in _cache().get_many(list(keys))}
