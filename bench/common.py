from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass(frozen=True)
class Row:
    scenario: str
    case: str
    median_ms: float
    p90_ms: float
    queries: int
    ratio: str


def measure(action: Callable[[], object], *, repeat: int = 30) -> tuple[float, float, int]:
    """Median and 90th percentile in milliseconds, and the queries of one run."""
    action()  # warm up caches and connections
    with CaptureQueriesContext(connection) as captured:
        action()
    # Read now: each test-client request clears Django's query log when it starts.
    queries = len(captured.captured_queries)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p90 = timings[min(len(timings) - 1, int(len(timings) * 0.9))]
    return statistics.median(timings), p90, queries


def scaled(size: int) -> int:
    """A scenario's size times ``BENCH_SIZE`` (``make bench SIZE=0.2`` for a quick run, ``SIZE=4``
    for a bigger quartier; 1 by default), at least 1: every row names the size it measured."""
    import os

    raw = os.environ.get("BENCH_SIZE", "").strip() or "1"
    try:
        factor = float(raw)
    except ValueError:
        raise SystemExit(f"SIZE must be a number (a factor of every size), not {raw!r}.") from None
    if factor <= 0:
        raise SystemExit(f"SIZE must be above 0, not {raw!r}.")
    return max(1, round(size * factor))


@dataclass(frozen=True)
class Timing:
    median_ms: float
    p90_ms: float
    queries: int


def interleaved(actions: dict[str, Callable[[], object]], *, repeat: int = 30) -> dict[str, Timing]:
    """Several actions timed in turn (A, B, C, A, B, C, …) rather than each ``repeat`` times in
    a row, so that a burst of load on the shared machine falls on all of them alike."""
    queries: dict[str, int] = {}
    for name, action in actions.items():
        action()  # warm up caches and connections
        with CaptureQueriesContext(connection) as captured:
            action()
        queries[name] = len(captured.captured_queries)
    timings: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeat):
        for name, action in actions.items():
            started = time.perf_counter()
            action()
            timings[name].append((time.perf_counter() - started) * 1000)
    result = {}
    for name, values in timings.items():
        values.sort()
        p90 = values[min(len(values) - 1, int(len(values) * 0.9))]
        result[name] = Timing(statistics.median(values), p90, queries[name])
    return result
