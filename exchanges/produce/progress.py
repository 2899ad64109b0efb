"""How far a long operation is (a report file's build, a contracts import's real run), kept in
the cache so that the page of a request beside it can say so: done / total, written at most every
PROGRESS_EVERY seconds while it runs, and when done. What the cache loses only leaves the page
without a figure."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache

PROGRESS_SECONDS = 600
PROGRESS_EVERY = 0.25  # seconds between two writes to the cache


@dataclass
class Progress:
    """Done / total, kept in the cache under `key` (none: not kept)."""

    key: str | None = None
    done: int = 0
    total: int = 0
    _written_at: float = 0.0

    def start(self, total: int) -> None:
        self.done, self.total = 0, total
        self.save()

    def step(self, count: int = 1) -> None:
        self.done += count
        if self.done >= self.total or time.monotonic() - self._written_at >= PROGRESS_EVERY:
            self.save()

    def save(self) -> None:
        self._written_at = time.monotonic()
        if self.key is not None:
            cache.set(self.key, (self.done, self.total), PROGRESS_SECONDS)

    @classmethod
    def read(cls, key: str) -> Progress | None:
        found = cache.get(key)
        if not found:
            return None
        done, total = found
        return cls(key, done, total)

    def forget(self) -> None:
        if self.key is not None:
            cache.delete(self.key)

    @property
    def finished(self) -> bool:
        """Every row is prepared: what is left is laying out the pages and storing the file."""
        return self.total > 0 and self.done >= self.total
