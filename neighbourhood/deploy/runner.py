"""Starts the production set (``Procfile``) on this machine, waits until it answers, and stops it.

    with ProductionSet(port=8480, app_workers=2, environment={...}) as production:
        production.url        # nginx, in front
        production.app_urls   # the app processes' own addresses, behind nginx
        production.pids()     # {"nginx": …, "app-1": …, "app-2": …, "worker": …, "beat": …}

It needs nginx (Debian: ``apt-get install nginx-light``), a PostgreSQL ``DATABASE_URL`` and a
``REDIS_URL`` shared by every process (the channel layer carries a chat between app processes),
and refuses to start otherwise, saying what is missing. Each process logs to
``<run folder>/logs/<name>.log``; a process that stops while the set starts is named, with the
end of its log.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import IO
from urllib.parse import urlsplit

from neighbourhood.deploy.procfile import PROCFILE, SINGLETON, read_procfile, render_nginx

ROOT = Path(__file__).resolve().parents[2]
NGINX_MISSING = (
    "nginx is not installed: install the distribution's package "
    "(Debian: `apt-get install nginx-light`), or set NGINX to its path."
)
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}
STOP_SECONDS = 15.0


class ProductionSetError(RuntimeError):
    """The production set could not start: the message names what failed and how to fix it."""


def find_nginx() -> str:
    """nginx's path: $NGINX, or the one on PATH, or Debian's /usr/sbin/nginx."""
    explicit = os.environ.get("NGINX", "")
    candidates: list[str | None] = (
        [explicit] if explicit else [shutil.which("nginx"), "/usr/sbin/nginx"]
    )
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise ProductionSetError(NGINX_MISSING)


def check_services(environment: dict[str, str]) -> None:
    """The set shares one PostgreSQL and one Redis between its processes: refuse without them."""
    if urlsplit(environment.get("REDIS_URL", "")).scheme not in {"redis", "rediss"}:
        raise ProductionSetError(
            "REDIS_URL must name the Redis every process shares (the channel layer carries a "
            "chat from one app process to another; Celery's broker), e.g. "
            "REDIS_URL=redis://127.0.0.1:6379/0."
        )
    if urlsplit(environment.get("DATABASE_URL", "")).scheme not in POSTGRES_SCHEMES:
        raise ProductionSetError(
            "DATABASE_URL must name a PostgreSQL database (SQLite serves one process only), "
            "e.g. DATABASE_URL=postgres://voisinage@127.0.0.1:5432/voisinage."
        )


def check_port_free(port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            raise ProductionSetError(
                f"Port {port} is taken (another server, or a set still running): choose another "
                "port (--port)."
            ) from None


def local_environment(port: int, run: Path, environment: dict[str, str]) -> dict[str, str]:
    """The processes' environment: this one, then what the set needs on this machine when not
    set already (production settings, plain HTTP on 127.0.0.1, mails into the run folder), then
    ``environment``, which wins."""
    merged = dict(os.environ)
    local = {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_URL": f"file://{run / 'mail'}",
        # This machine speaks plain HTTP; a real host has TLS in front and keeps the redirect.
        "SECURE_SSL_REDIRECT": "false",
        "VOISINAGE_VAR_DIR": str(run / "var"),
    }
    for name, value in local.items():
        if not merged.get(name):
            merged[name] = value
    # The site's own settings, whatever module the calling process runs under (the tests').
    merged["DJANGO_SETTINGS_MODULE"] = "neighbourhood.settings"
    merged["PYTHONUNBUFFERED"] = "1"
    merged.update(environment)
    return merged


def child_pids(parent: int) -> list[int]:
    """The processes a process forked (gunicorn's workers), read from /proc."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            children.append(int(stat.parent.name))
    return sorted(children)


class ProductionSet:
    """nginx on ``port``, ``app_workers`` app processes on the ports after it, and (``celery``)
    the Celery worker and the one beat, as the Procfile lists them."""

    def __init__(
        self,
        port: int = 8480,
        app_workers: int = 2,
        environment: dict[str, str] | None = None,
        celery: bool = True,
        run_dir: Path | None = None,
        procfile: Path = PROCFILE,
        timeout: float = 90.0,
    ) -> None:
        if app_workers < 1:
            raise ProductionSetError("app_workers must be at least 1.")
        self.port = port
        self.app_workers = app_workers
        self.celery = celery
        self.timeout = timeout
        self.entries = read_procfile(procfile)
        self._given_run_dir = run_dir
        self._extra_environment = dict(environment or {})
        self.run_dir = Path()
        self.environment: dict[str, str] = {}
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self._logs: list[IO[bytes]] = []
        # One process forks the workers itself when its command takes {workers} (gunicorn).
        self.forking = "{workers}" in self.entries["app"].command
        app_ports = [port + 1] if self.forking else [port + n for n in range(1, app_workers + 1)]
        self.app_ports = app_ports

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def app_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.app_ports]

    def pids(self) -> dict[str, int]:
        """Every process of the set by name; a forking app server's workers as app-1, app-2…"""
        pids = {name: process.pid for name, process in self.processes.items()}
        if self.forking and "app" in self.processes:
            for number, pid in enumerate(child_pids(self.processes["app"].pid), start=1):
                pids[f"app-{number}"] = pid
        return pids

    def ended(self) -> dict[str, int]:
        """The processes of the set that have stopped, with their exit codes."""
        return {
            name: code
            for name, process in self.processes.items()
            if (code := process.poll()) is not None
        }

    def log(self, name: str) -> str:
        """What a process of the set wrote so far (nginx's access log: ``nginx-access``)."""
        path = self.run_dir / "logs" / f"{name}.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def __enter__(self) -> ProductionSet:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # --- Starting ---------------------------------------------------------------------------

    def start(self) -> None:
        nginx = find_nginx()
        if self._given_run_dir is None:
            self.run_dir = Path(tempfile.mkdtemp(prefix="voisinage-production-"))
        else:
            self.run_dir = self._given_run_dir.resolve()
        try:
            for folder in ("logs", "tmp", "mail"):
                (self.run_dir / folder).mkdir(parents=True, exist_ok=True)
            # nginx's workers run as another user when it starts as root: they read the static
            # files under the run folder, never the mails.
            self.run_dir.chmod(0o755)
            (self.run_dir / "mail").chmod(0o700)
            self.environment = local_environment(self.port, self.run_dir, self._extra_environment)
            check_services(self.environment)
            for port in [self.port, *self.app_ports]:
                check_port_free(port)
            self._prepare(nginx)
            self._spawn_all(nginx)
            self._wait_until_answering()
        except BaseException:
            self.stop()
            raise

    def _prepare(self, nginx: str) -> None:
        settings = self._collect_static()
        mime_types = Path(nginx).resolve().parent.parent / "etc" / "nginx" / "mime.types"
        if not mime_types.exists():
            mime_types = Path("/etc/nginx/mime.types")
        servers = "\n".join(
            f"        server 127.0.0.1:{port} max_fails=3 fail_timeout=10s;"
            for port in self.app_ports
        )
        config = render_nginx(
            {
                "run": str(self.run_dir),
                "listen": f"127.0.0.1:{self.port}",
                "mime_types": str(mime_types),
                "upstream_servers": servers,
                **settings,
            }
        )
        (self.run_dir / "nginx.conf").write_text(config, encoding="utf-8")
        check = subprocess.run(
            [*self._argv("nginx", nginx=nginx), "-t"], capture_output=True, text=True, check=False
        )
        if check.returncode != 0:
            raise ProductionSetError(f"nginx refuses its configuration:\n{check.stderr.strip()}")

    def _collect_static(self) -> dict[str, str]:
        """``collectstatic`` in the set's environment, and the folders nginx serves as the
        site's settings name them there (one start of Django for both)."""
        script = (
            "import django; django.setup(); from django.conf import settings as s; "
            "from django.core.management import call_command; "
            "call_command('collectstatic', interactive=False, verbosity=0); "
            "print(s.STATIC_ROOT); print(s.PHOTOS_ROOT); print(s.PHOTOS_URL)"
        )
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env=self.environment,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise ProductionSetError(
                f"collectstatic failed in the set's environment:\n{_tail(result.stderr)}"
            )
        static_root, photos_root, photos_url = result.stdout.splitlines()[-3:]
        if not photos_url.startswith("/"):
            photos_url = "/media/photos/"  # photos on another host: nothing for nginx to serve
        return {"static_root": static_root, "photos_root": photos_root, "photos_url": photos_url}

    def _argv(self, name: str, *, port: int = 0, nginx: str = "") -> list[str]:
        return self.entries[name].argv(
            python=sys.executable,
            port=str(port),
            run=str(self.run_dir),
            nginx=nginx,
            workers=str(self.app_workers),
        )

    def _spawn_all(self, nginx: str) -> None:
        if self.forking:
            self._spawn("app", self._argv("app", port=self.app_ports[0]))
        else:
            for number, port in enumerate(self.app_ports, start=1):
                self._spawn(f"app-{number}", self._argv("app", port=port))
        self._spawn("nginx", self._argv("nginx", nginx=nginx))
        if self.celery:
            for name in self.entries:
                if name not in {"nginx", "app"}:
                    self._spawn(name, self._argv(name))

    def _spawn(self, name: str, argv: list[str]) -> None:
        log = open(self.run_dir / "logs" / f"{name}.log", "ab")  # noqa: SIM115 (closed in stop)
        self._logs.append(log)
        self.processes[name] = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=self.environment,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            # Its own process group: a Ctrl-C in the terminal reaches the runner, which stops
            # each process in order, rather than every process at once.
            start_new_session=True,
        )

    def _wait_until_answering(self) -> None:
        deadline = time.monotonic() + self.timeout
        waiting = [*self.app_urls, self.url]
        while waiting:
            self._check_alive()
            if _answers(f"{waiting[0]}/healthz"):
                waiting.pop(0)
                continue
            if time.monotonic() > deadline:
                raise ProductionSetError(
                    f"{waiting[0]} did not answer /healthz within {self.timeout:.0f} s; logs in "
                    f"{self.run_dir / 'logs'}."
                )
            time.sleep(0.2)
        while self.celery and "worker" in self.processes and " ready." not in self.log("worker"):
            self._check_alive()
            if time.monotonic() > deadline:
                raise ProductionSetError(
                    f"The Celery worker was not ready within {self.timeout:.0f} s:\n"
                    f"{_tail(self.log('worker'))}"
                )
            time.sleep(0.2)

    def _check_alive(self) -> None:
        for name, code in self.ended().items():
            raise ProductionSetError(
                f"{name} stopped with code {code} while the set was starting; "
                f"the end of its log:\n{_tail(self.log(name))}"
            )

    # --- Stopping ---------------------------------------------------------------------------

    def stop(self) -> None:
        """nginx first (no new requests), then the app processes, the worker and beat; each is
        asked to stop (SIGTERM) and killed, with what it forked, if it has not within 15 s."""
        order = sorted(self.processes, key=lambda name: (name != "nginx", name == SINGLETON))
        for name in order:
            _signal(self.processes[name], signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        for name in order:
            process = self.processes[name]
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal(process, signal.SIGKILL, group=True)
                process.wait()
            else:
                _signal(process, signal.SIGKILL, group=True)  # what it forked and left behind
        self.processes.clear()
        for log in self._logs:
            log.close()
        self._logs.clear()
        if self._given_run_dir is None and self.run_dir != Path():
            shutil.rmtree(self.run_dir, ignore_errors=True)


def _signal(process: subprocess.Popen[bytes], number: int, *, group: bool = False) -> None:
    try:
        if group:
            os.killpg(process.pid, number)
        else:
            process.send_signal(number)
    except (ProcessLookupError, PermissionError):
        pass


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (our own address)
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _tail(text: str, lines: int = 30) -> str:
    return "\n".join(text.splitlines()[-lines:]) or "(nothing)"
