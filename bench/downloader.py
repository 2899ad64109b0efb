"""The coordinator of the isolation scenario (bench/isolation.py), downloading a cycle's files
in a loop from a process of its own: as the coordinator's browser is another machine, its
client work (reading files, parsing HTTP) never holds the bench process, whose thread times the
other members' requests. The process is spawned: this module sets Django up for it."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "neighbourhood.settings")

import django

django.setup()

import contextlib  # noqa: E402
import multiprocessing  # noqa: E402
import multiprocessing.queues  # noqa: E402
import queue  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

from bench.production_client import Visitor  # noqa: E402

PREPARED_LIMIT = 300.0  # seconds a file may take to be built before the scenario gives up


def download(visitor: Visitor, path: str, stop: Any = None) -> int:
    """Bytes of the file at ``path``, asked again while the site says it is being prepared."""
    deadline = time.monotonic() + PREPARED_LIMIT
    while True:
        status, headers, body = visitor.request(path)
        if status == 200:
            return len(body)
        if status != 202 or time.monotonic() > deadline:
            raise RuntimeError(f"{path} answered {status}")
        if stop is not None and stop.is_set():
            return 0
        time.sleep(float(headers.get("Retry-After", "1")))


class Downloader:
    """Downloads the links in a loop while ``running`` is set, in a process of its own: as the
    coordinator's browser is another machine, its client work (reading files, parsing HTTP)
    never holds the bench process, whose thread times the other members' requests."""

    def __init__(self, visitor: Visitor, links: list[str]) -> None:
        context = multiprocessing.get_context("spawn")
        self.running, self.done = context.Event(), context.Event()
        self._files = context.Value("i", 0)
        self._failures: multiprocessing.queues.Queue[str] = context.Queue()
        self._failure: str | None = None
        self.process = context.Process(
            target=_download_loop,
            args=(
                (visitor.base, visitor.language, visitor.cookies),
                links,
                (self.running, self.done),
                self._files,
                self._failures,
            ),
            daemon=True,
        )

    def start(self) -> None:
        self.process.start()

    def join(self, timeout: float) -> None:
        self.process.join(timeout)

    @property
    def files(self) -> int:
        return int(self._files.value)

    @property
    def failure(self) -> str | None:
        """What stopped the loop, if anything has."""
        if self._failure is None:
            with contextlib.suppress(queue.Empty):
                self._failure = self._failures.get_nowait()
        return self._failure


def _download_loop(
    browser: tuple[str, str, dict[str, str]],
    links: list[str],
    events: tuple[Any, Any],
    files: Any,
    failures: Any,
) -> None:
    """The coordinator's loop, in the downloader's process: the same cookies, the same links."""
    base, language, cookies = browser
    running, done = events
    visitor = Visitor(base, language)
    visitor.cookies = dict(cookies)
    try:
        while not done.is_set():
            if not running.wait(0.1):
                continue
            for link in links:
                if not running.is_set():
                    break
                download(visitor, link, done)
                with files.get_lock():
                    files.value += 1
    except Exception as error:  # shown by the scenario, which stops
        failures.put(repr(error))
