"""`make run`: daphne on 127.0.0.1:8000 and a Celery worker with beat, stopped together."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serves the site with daphne and runs a Celery worker with beat beside it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-worker", action="store_true", help="Serve without Celery.")

    def handle(self, *args: Any, host: str, port: int, no_worker: bool, **options: Any) -> None:
        python = sys.executable
        processes = {
            "daphne": subprocess.Popen(
                [
                    python,
                    "-m",
                    "daphne",
                    "-b",
                    host,
                    "-p",
                    str(port),
                    "neighbourhood.asgi:application",
                ]
            )
        }
        if not no_worker:
            processes["celery"] = subprocess.Popen(
                [
                    python,
                    "-m",
                    "celery",
                    "-A",
                    "neighbourhood",
                    "worker",
                    "--beat",
                    "--loglevel=INFO",
                    "--concurrency=1",
                    "--schedule",
                    settings.CELERY_BEAT_SCHEDULE_FILENAME,
                ]
            )
            # Beat ticks the digests on the hour; the digests already due (the demo residents'
            # weekly one) are sent now instead of at the next full hour.
            from messaging.tasks import digests_tick

            digests_tick.delay()
        self.stdout.write(self.style.SUCCESS(f"Voisinage is served on http://{host}:{port}/"))
        self.stdout.write("Press Ctrl-C to stop.")
        stopping = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping:
                for name, process in processes.items():
                    if process.poll() is not None:
                        self.stderr.write(f"{name} stopped with code {process.returncode}.")
                        stopping = True
                time.sleep(0.5)
        finally:
            self.stdout.write("Stopping…")
            for process in processes.values():
                if process.poll() is None:
                    process.terminate()
            deadline = time.monotonic() + 10
            for process in processes.values():
                try:
                    process.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    process.kill()
            self.stdout.write("Stopped.")
