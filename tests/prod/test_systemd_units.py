"""The systemd units of a real host, written from the same Procfile as the set on this machine
(`manage.py serve --production --systemd DIR`), read back as systemd would read them."""

from __future__ import annotations

import configparser
import shlex
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from neighbourhood.deploy.procfile import ProcfileError, read_procfile
from neighbourhood.deploy.systemd import Host, units


def _read(path: Path) -> configparser.ConfigParser:
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read_string(path.read_text(encoding="utf-8"))
    return unit


def test_serve_writes_one_unit_per_procfile_line_and_a_target_wanting_them(tmp_path):
    call_command(
        "serve", "--production", "--systemd", str(tmp_path), "--port", "8000", "--workers", "3"
    )
    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == [
        "voisinage-app@.service",
        "voisinage-beat.service",
        "voisinage-worker.service",
        "voisinage.target",
    ]
    target = _read(tmp_path / "voisinage.target")
    assert target["Unit"]["Wants"].split() == [
        "voisinage-app@8001.service",
        "voisinage-app@8002.service",
        "voisinage-app@8003.service",
        "voisinage-worker.service",
        "voisinage-beat.service",
    ]
    procfile = read_procfile()
    for name in ("app@", "worker", "beat"):
        unit = _read(tmp_path / f"voisinage-{name}.service")
        service = unit["Service"]
        assert service["User"] == "voisinage"
        assert service["EnvironmentFile"] == "/etc/voisinage/env"
        assert unit["Install"]["WantedBy"] == "voisinage.target"
        argv = shlex.split(service["ExecStart"])
        assert argv[0].startswith("/"), "systemd needs the program's absolute path"
        # The Procfile's command, its placeholders filled in for the host.
        expected = procfile[name.rstrip("@")].argv(
            python=sys.executable, port="%i", run="/run/voisinage", nginx="nginx", workers="3"
        )
        assert argv[1:] == expected[1:]
        assert Path(argv[0]).name == Path(expected[0]).name
    worker = _read(tmp_path / "voisinage-worker.service")["Service"]
    assert worker["KillMode"] == "mixed"  # running tasks finish before the worker stops
    assert "--queues celery,reports" in worker["ExecStart"]


def test_exactly_one_beat_and_no_unit_for_the_distributions_nginx():
    written = units(Host())
    assert [name for name in written if "beat" in name] == ["voisinage-beat.service"]
    assert not [name for name in written if "nginx" in name]


def test_an_app_server_that_forks_its_workers_gets_one_unit(tmp_path):
    procfile = tmp_path / "Procfile"
    procfile.write_text(
        "nginx: {nginx} -p {run}\n"
        "app: {python} -m gunicorn --workers {workers} --bind 127.0.0.1:{port} x:app\n"
        "beat: {python} -m celery -A neighbourhood beat\n"
    )
    written = units(Host(app_workers=4, first_port=9001), procfile)
    assert "voisinage-app@.service" not in written
    exec_start = _read_text(written["voisinage-app.service"])["Service"]["ExecStart"]
    assert "--workers 4 --bind 127.0.0.1:9001" in exec_start


def _read_text(text: str) -> configparser.ConfigParser:
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.read_string(text)
    return unit


@pytest.mark.parametrize(
    "text, error",
    [
        ("app: x\n", "no 'nginx' line"),
        ("nginx: x\napp: y\napp: z\n", "listed twice"),
        ("nginx: x\napp y\n", "expected `name: command`"),
    ],
)
def test_a_broken_procfile_is_refused_naming_the_line(tmp_path, text, error):
    procfile = tmp_path / "Procfile"
    procfile.write_text(text)
    with pytest.raises(ProcfileError, match=error):
        read_procfile(procfile)
