"""How the socket reaches the database: each call in a worker thread of its own, with a pooled
connection it gives back at the end (Channels' `database_sync_to_async`, not bound to the one
thread that synchronous code shares), so that hundreds of sockets opening or posting at once
wait on the database side by side rather than one behind the other."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec, TypeVar

from channels.db import database_sync_to_async

P = ParamSpec("P")
R = TypeVar("R")


def database_call(func: Callable[P, R]) -> Callable[P, Coroutine[Any, Any, R]]:
    """``func`` as a coroutine run in a worker thread; the connection it used is closed (given
    back to the pool) when it returns, as after a request."""
    return database_sync_to_async(func, thread_sensitive=False)
