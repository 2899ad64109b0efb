"""A real Celery worker in a process of its own, as in production, for the tests that need one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from neighbourhood.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[1]


def worker_command(queue: str, *options: str) -> list[str]:
    """The command of a tests' Celery worker on ``queue``: one task at a time in its own process
    (the solo pool), without the start-up exchanges with other workers."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "neighbourhood",
        "worker",
        "--pool=solo",
        "--loglevel=INFO",
        "--without-mingle",
        "--without-gossip",
        *options,
        f"--queues={queue}",
    ]


class Worker:
    """A worker on ``queue`` with ``environment`` added to the tests' own, started from an empty
    broker (tests before may have left tasks that no worker took)."""

    def __init__(self, queue: str, environment: dict[str, str]) -> None:
        celery_app.control.purge()
        self.process = subprocess.Popen(
            worker_command(queue),
            cwd=ROOT,
            env=os.environ | environment,
            stdout=subprocess.PIPE,  # read once the worker stops, and shown if the test fails
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.output: str | None = None

    def stop(self) -> str:
        """Stops the worker (once); its log, also printed for pytest to show on a failure."""
        if self.output is None:
            if self.process.returncode is None:
                self.process.send_signal(signal.SIGTERM)
            try:
                output, _ = self.process.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                output, _ = self.process.communicate()
            self.output = output or ""
            print(self.output)
        return self.output
