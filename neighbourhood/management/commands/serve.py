"""`make run`: daphne on 127.0.0.1:8000 and a Celery worker with beat, stopped together.

``--host`` and ``--port`` choose another address; nothing else needs changing for it: the socket
accepts the page's own origin on any port (neighbourhood/origins.py), and unless ``SITE_URL`` is
set, the links in mails follow the address served here.

``--production`` starts the production set instead (`make prod-local`): nginx on ``--port`` in
front of ``--workers`` app processes, the Celery worker and the one beat, as listed in
neighbourhood/deploy/Procfile, against ``DATABASE_URL`` (PostgreSQL) and ``REDIS_URL``.
``--production --systemd DIR`` writes the same set as systemd units for a real host.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from neighbourhood.deploy.runner import ProductionSet, ProductionSetError
from neighbourhood.deploy.systemd import Host, write_units


class Command(BaseCommand):
    help = "Serves the site with daphne and runs a Celery worker with beat beside it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--host", default="127.0.0.1", help="Address to listen on (0.0.0.0: every one)."
        )
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument("--no-worker", action="store_true", help="Serve without Celery.")
        production = parser.add_argument_group("production set (neighbourhood/deploy/Procfile)")
        production.add_argument(
            "--production",
            action="store_true",
            help="nginx on --port in front of several app processes, Celery worker and beat.",
        )
        production.add_argument(
            "--workers", type=int, default=2, help="App processes behind nginx (default 2)."
        )
        production.add_argument(
            "--systemd",
            metavar="DIR",
            type=Path,
            help="Write the set's systemd units into DIR for a real host, and stop.",
        )
        production.add_argument(
            "--user", default="voisinage", help="The units' system user (default voisinage)."
        )
        production.add_argument(
            "--env-file",
            default="/etc/voisinage/env",
            help="The units' EnvironmentFile (default /etc/voisinage/env).",
        )

    def handle(self, *args: Any, host: str, port: int, no_worker: bool, **options: Any) -> None:
        if options["systemd"] is not None:
            self.write_systemd(options["systemd"], port, options)
            return
        if options["production"]:
            self.serve_production(port, options["workers"], celery=not no_worker)
            return
        python = sys.executable
        environment = served_environment(host, port)
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
                ],
                env=environment,
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
                    # The report files are built on a queue of their own (settings).
                    f"--queues={settings.CELERY_TASK_DEFAULT_QUEUE},reports",
                    "--schedule",
                    settings.CELERY_BEAT_SCHEDULE_FILENAME,
                ],
                env=environment,
            )
            # Beat ticks the digests on the hour; the digests already due (the demo residents'
            # weekly one) are sent now instead of at the next full hour.
            from messaging.tasks import digests_tick

            digests_tick.delay()
        self.stdout.write(self.style.SUCCESS(f"Voisinage is served on {environment['SITE_URL']}/"))
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

    def serve_production(self, port: int, workers: int, *, celery: bool) -> None:
        # The site's usual folder for the collected static files, photos and beat's schedule;
        # the run folder (nginx's configuration, logs) beside them.
        environment = {"VOISINAGE_VAR_DIR": str(settings.VAR_DIR)}
        run_dir = settings.VAR_DIR / "production"
        try:
            production = ProductionSet(
                port=port,
                app_workers=workers,
                environment=environment,
                celery=celery,
                run_dir=run_dir,
            )
            production.start()
        except ProductionSetError as error:
            raise CommandError(str(error)) from None
        stopping = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        pids = ", ".join(f"{name} {pid}" for name, pid in production.pids().items())
        self.stdout.write(self.style.SUCCESS(f"Voisinage is served on {production.url}/"))
        self.stdout.write(f"Processes: {pids}; logs in {run_dir / 'logs'}.")
        self.stdout.write("Press Ctrl-C to stop.")
        try:
            while not stopping:
                ended = production.ended()
                if ended:
                    for name, code in ended.items():
                        self.stderr.write(f"{name} stopped with code {code}.")
                    break
                time.sleep(0.5)
        finally:
            self.stdout.write("Stopping…")
            production.stop()
            self.stdout.write("Stopped.")

    def write_systemd(self, directory: Path, port: int, options: dict[str, Any]) -> None:
        host = Host(
            user=options["user"],
            environment_file=options["env_file"],
            first_port=port + 1,
            app_workers=options["workers"],
        )
        for path in write_units(directory, host):
            self.stdout.write(str(path))


def served_environment(host: str, port: int) -> dict[str, str]:
    """The environment of daphne and the worker: ``SITE_URL`` (links in mails, the trusted
    origin) is this address unless it is set already; a specific address to listen on is
    added to ``ALLOWED_HOSTS`` when that is not set."""
    environment = dict(os.environ)
    shown = "127.0.0.1" if host in {"0.0.0.0", "::", ""} else host  # noqa: S104
    shown = f"[{shown}]" if ":" in shown else shown
    if not environment.get("SITE_URL"):
        environment["SITE_URL"] = f"http://{shown}:{port}"
    if not environment.get("ALLOWED_HOSTS") and shown.strip("[]") not in settings.ALLOWED_HOSTS:
        environment["ALLOWED_HOSTS"] = ",".join([*settings.ALLOWED_HOSTS, shown])
    return environment
