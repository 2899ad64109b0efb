"""Real processes for the messaging tests: daphne servers, Celery workers and redis-server
instances.

Each process writes its output to a file under the test's tmp_path (a pipe nobody reads would
fill up and stall it); the file is printed when the test fails. Every process is stopped when
the test ends (terminate, wait, kill), and its port was free when chosen.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

from tests.conftest import IN_CI
from tests.workers import worker_command

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0


def free_port() -> int:
    """A port nobody listens on now: the system picks it, we release it at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def database_url_of_the_test() -> str:
    """DATABASE_URL of the database this test runs on (pytest-django's, not the configured one),
    for a process of our own to read and write the same rows."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise RuntimeError("another process can share only a PostgreSQL test database")
    user = quote(str(database.get("USER") or ""), safe="")
    password = quote(str(database.get("PASSWORD") or ""), safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = database.get("HOST") or "127.0.0.1"
    port = f":{database['PORT']}" if database.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{quote(str(database['NAME']), safe='')}"


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT)


def _tail(path: Path, lines: int = 60) -> str:
    if not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


@dataclass
class RedisServer:
    """A redis-server of the test's own: no file written, stopped and started at will."""

    port: int
    log: Path
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        assert self.process is None or self.process.poll() is not None, "already running"
        self.starts += 1
        with self.log.open("ab") as output:
            output.write(f"--- start {self.starts} ---\n".encode())
            output.flush()
            self.process = subprocess.Popen(
                [
                    "redis-server",
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--daemonize",
                    "no",
                ],
                stdout=output,
                stderr=subprocess.STDOUT,
                cwd=self.log.parent,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server stopped at once:\n{_tail(self.log)}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"redis-server did not answer on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            _stop(self.process)


def new_redis_server(folder: Path) -> RedisServer:
    if shutil.which("redis-server") is None:
        if IN_CI:
            pytest.fail("CI requires redis-server, which is not installed.", pytrace=False)
        pytest.skip("needs redis-server")
    port = free_port()
    return RedisServer(port=port, log=folder / f"redis-{port}.log")


@dataclass
class DaphneServer:
    port: int
    log: Path
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/"

    def wait_until_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        last_error = ""
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"daphne stopped at once:\n{_tail(self.log)}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except urllib.error.HTTPError as error:
                last_error = f"{error.code}: {error.read()[:300]!r}"
            except OSError as error:
                last_error = str(error)
            time.sleep(0.1)
        raise RuntimeError(f"daphne is not healthy: {last_error}\n{_tail(self.log)}")


@dataclass
class CeleryWorker:
    """A worker process on the Redis broker, consuming one queue with one task at a time."""

    log: Path
    process: subprocess.Popen[bytes]

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@dataclass
class Processes:
    """Starts daphne, Celery worker and redis-server processes; the fixture stops them all at
    the end."""

    folder: Path
    daphnes: list[DaphneServer] = field(default_factory=list)
    redises: list[RedisServer] = field(default_factory=list)
    workers: list[CeleryWorker] = field(default_factory=list)

    @property
    def mail_dir(self) -> Path:
        """Where every process started here writes the e-mails it sends (one file each)."""
        return self.folder / "mail"

    def _environment(
        self, *, redis_url: str, var: str, extra_env: dict[str, str] | None
    ) -> dict[str, str]:
        return os.environ | {
            "DJANGO_SETTINGS_MODULE": "neighbourhood.settings",
            "DATABASE_URL": database_url_of_the_test(),
            "REDIS_URL": redis_url,
            "VOISINAGE_VAR_DIR": str(self.folder / var),
            "EMAIL_URL": f"file://{self.mail_dir}",
            "PYTHONUNBUFFERED": "1",
            **(extra_env or {}),
        }

    def redis(self) -> RedisServer:
        server = new_redis_server(self.folder)
        self.redises.append(server)
        server.start()
        return server

    def daphne(self, *, redis_url: str, extra_env: dict[str, str] | None = None) -> DaphneServer:
        port = free_port()
        log = self.folder / f"daphne-{port}.log"
        env = self._environment(redis_url=redis_url, var=f"var-{port}", extra_env=extra_env)
        with log.open("wb") as output:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "daphne",
                    "-b",
                    "127.0.0.1",
                    "-p",
                    str(port),
                    "neighbourhood.asgi:application",
                ],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        server = DaphneServer(port=port, log=log, process=process)
        self.daphnes.append(server)
        return server

    def celery_worker(
        self, *, redis_url: str, queue: str, extra_env: dict[str, str] | None = None
    ) -> CeleryWorker:
        """A worker reading ``queue`` only; the tasks it queues go there too (the default queue),
        so that no other test's worker, nor a message left over by one, takes part."""
        name = f"worker-{len(self.workers) + 1}"
        log = self.folder / f"{name}.log"
        env = self._environment(
            redis_url=redis_url,
            var=f"var-{name}",
            extra_env={"CELERY_TASK_DEFAULT_QUEUE": queue, **(extra_env or {})},
        )
        with log.open("wb") as output:
            process = subprocess.Popen(
                worker_command(
                    queue, "--concurrency=1", "--without-heartbeat", f"--hostname={name}@%h"
                ),
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        worker = CeleryWorker(log=log, process=process)
        self.workers.append(worker)
        return worker

    def stop_all(self) -> None:
        for worker in self.workers:  # first: they write to the database
            _stop(worker.process)
        for daphne in self.daphnes:
            _stop(daphne.process)
        for redis in self.redises:
            redis.stop()

    def logs(self) -> str:
        parts = []
        logs = [worker.log for worker in self.workers] + [server.log for server in self.daphnes]
        for log in logs + [r.log for r in self.redises]:
            parts.append(f"===== {log.name} =====\n{_tail(log, 80)}")
        return "\n".join(parts)


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server of the test's own, for a test that needs no database."""
    server = new_redis_server(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def processes(tmp_path: Path, transactional_db: None) -> Iterator[Processes]:
    """The processes read the test's rows: they must be committed (a transactional test), and
    the processes stop before the database is emptied."""
    started = Processes(folder=tmp_path)
    try:
        yield started
    finally:
        started.stop_all()
        print(started.logs())  # shown by pytest when the test fails
