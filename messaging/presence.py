"""Who is looking at the site right now: someone with at least one socket open.

Each socket records its user's presence in the shared cache when it connects and again at each
heartbeat that comes back, for a little more than two heartbeats. Nothing is deleted when a
socket closes (another tab may still be open): the key simply expires. A cache that is down acts
as empty, so nobody is present and people are notified rather than missed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.cache import cache

_WRITERS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="presence")


def presence_key(user_id: int) -> str:
    return f"presence:{user_id}"


def presence_seconds() -> int:
    # Two and a half heartbeats: one late heartbeat (a busy server) does not make anyone absent.
    return math.ceil(2.5 * settings.WEBSOCKET_HEARTBEAT_SECONDS)


def presence_record(*, user_id: int) -> None:
    """The user has a socket open now (synchronous: from a worker thread)."""
    cache.set(presence_key(user_id), 1, timeout=presence_seconds())


async def presence_mark(*, user_id: int) -> None:
    """Called by the consumer at each heartbeat: the user has a socket open now."""
    # In threads of its own: the cache's own `aset` would queue behind the database calls of
    # every socket on the one thread synchronous code shares, and the default worker threads
    # are the sockets' database calls' (messaging.threads).
    await sync_to_async(presence_record, thread_sensitive=False, executor=_WRITERS)(user_id=user_id)


def is_present(user_id: int) -> bool:
    return cache.get(presence_key(user_id)) is not None


def present_ids(user_ids: Iterable[int]) -> set[int]:
    """Which of ``user_ids`` are present, in one round trip to the cache."""
    keys = {presence_key(user_id): user_id for user_id in user_ids}
    if not keys:
        return set()
    return {keys[key] for key in cache.get_many(list(keys))}
