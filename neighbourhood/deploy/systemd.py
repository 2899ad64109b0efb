"""systemd units for a real host, written from the same Procfile as the set on this machine.

``manage.py serve --production --systemd DIR`` writes into DIR:

- ``voisinage-app@.service``: one app process, its port the instance name
  (``voisinage-app@8001``); or ``voisinage-app.service`` when the app line forks its own workers;
- one ``voisinage-<name>.service`` for each other line (the worker, the one beat), except nginx,
  which is the distribution's own service with the site file of docs/operations.md;
- ``voisinage.target``, which wants them all: ``systemctl enable --now voisinage.target``.

A second app host enables the target without beat (``systemctl mask voisinage-beat``): beat is
exactly one in the whole site.
"""

from __future__ import annotations

import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from neighbourhood.deploy.procfile import PROCFILE, SINGLETON, Entry, read_procfile

ROOT = Path(__file__).resolve().parents[2]
TARGET = "voisinage.target"


@dataclass(frozen=True)
class Host:
    """Where the site lives on the host the units are written for."""

    user: str = "voisinage"
    environment_file: str = "/etc/voisinage/env"
    directory: Path = ROOT
    python: str = sys.executable
    first_port: int = 8001
    app_workers: int = 2


def _exec_start(entry: Entry, host: Host, port: str) -> str:
    argv = entry.argv(
        python=host.python,
        port=port,
        run="/run/voisinage",
        nginx="nginx",
        workers=str(host.app_workers),
    )
    # systemd wants the program's absolute path.
    if not argv[0].startswith("/"):
        argv[0] = shutil.which(argv[0]) or f"/usr/bin/{argv[0]}"
    return shlex.join(argv)


def _unit(description: str, exec_start: str, host: Host, *, patient: bool) -> str:
    lines = [
        "[Unit]",
        f"Description={description}",
        "After=network-online.target postgresql.service redis-server.service",
        "Wants=network-online.target",
        f"PartOf={TARGET}",
        "",
        "[Service]",
        f"User={host.user}",
        f"Group={host.user}",
        f"WorkingDirectory={host.directory}",
        f"EnvironmentFile={host.environment_file}",
        f"ExecStart={exec_start}",
    ]
    if patient:
        # SIGTERM to the main process only: it stops taking tasks and waits for the running ones.
        lines += ["KillMode=mixed", "TimeoutStopSec=300"]
    lines += ["Restart=always", "RestartSec=2", "", "[Install]", f"WantedBy={TARGET}", ""]
    return "\n".join(lines)


def units(host: Host, procfile: Path = PROCFILE) -> dict[str, str]:
    """Each unit's file name and text."""
    entries = read_procfile(procfile)
    app = entries["app"]
    written: dict[str, str] = {}
    wanted: list[str] = []
    if "{workers}" in app.command:
        written["voisinage-app.service"] = _unit(
            f"Voisinage app server ({host.app_workers} workers)",
            _exec_start(app, host, str(host.first_port)),
            host,
            patient=False,
        )
        wanted.append("voisinage-app.service")
    else:
        written["voisinage-app@.service"] = _unit(
            "Voisinage app process on port %i", _exec_start(app, host, "%i"), host, patient=False
        )
        ports = range(host.first_port, host.first_port + host.app_workers)
        wanted += [f"voisinage-app@{port}.service" for port in ports]
    for name, entry in entries.items():
        if name in {"nginx", "app"}:
            continue
        description = f"Voisinage {name}" + (
            " (exactly one in the whole site)" if name == SINGLETON else ""
        )
        unit = f"voisinage-{name}.service"
        written[unit] = _unit(description, _exec_start(entry, host, ""), host, patient=True)
        wanted.append(unit)
    written[TARGET] = "\n".join(
        [
            "[Unit]",
            "Description=Voisinage: app processes, Celery worker and beat (nginx in front)",
            f"Wants={' '.join(wanted)}",
            "After=network-online.target",
            "",
            "[Install]",
            "WantedBy=multi-user.target",
            "",
        ]
    )
    return written


def write_units(directory: Path, host: Host, procfile: Path = PROCFILE) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in units(host, procfile).items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
