"""How the socket reaches the database: each call in a worker thread of its own, with a pooled
connection it gives back at the end (Channels' `database_sync_to_async`, not bound to the one
thread that synchronous code shares), so that hundreds of sockets opening or posting at once
wait on the database side by side rather than one behind the other; and how those threads
share the interpreter with the event loop that serves every socket of the process."""

from __future__ import annotations

import sys
from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec, TypeVar

from channels.db import database_sync_to_async
from django.db import connection

P = ParamSpec("P")
R = TypeVar("R")

# Seconds a thread holds the interpreter while another waits for it (Python's default: 0.005).
# The event loop gives it up at every write to a socket, thousands of times a second while it
# delivers a message to each one; with a worker thread running Django at the same time, the loop
# then waited up to the whole interval to take it back, at each of those writes.
SWITCH_INTERVAL_SECONDS = 0.0005


def database_call(func: Callable[P, R]) -> Callable[P, Coroutine[Any, Any, R]]:
    """``func`` as a coroutine run in a worker thread; the connection it used is closed (given
    back to the pool) when it returns, as after a request. On SQLite (`make run`, the tests
    without DATABASE_URL) the calls take turns in the one thread synchronous code shares:
    SQLite has one writer, and its in-memory database answers a second one at the same moment
    with "database table is locked" rather than waiting."""
    one_writer = connection.vendor == "sqlite"
    return database_sync_to_async(func, thread_sensitive=one_writer)


def favour_the_event_loop() -> None:
    """Hands the interpreter back and forth SWITCH_INTERVAL_SECONDS apart rather than Python's
    5 ms: a worker thread running a socket's database call no longer holds the event loop back
    for 5 ms at each socket write (measured with the chat bench: at 100 sockets × 50 messages/s
    the median latency fell from about 500 ms, and rising, to about 30 ms). Set once for the
    process when Django starts (`MessagingConfig.ready`)."""
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
