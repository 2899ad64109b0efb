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
