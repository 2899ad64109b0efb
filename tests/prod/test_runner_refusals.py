"""The production set refuses to start without what it needs, and says what to do."""

from __future__ import annotations

import socket
import tempfile
from pathlib import Path

import pytest

from neighbourhood.deploy.runner import ProductionSet, ProductionSetError

POSTGRES = "postgres://voisinage@127.0.0.1:5432/voisinage"
REDIS = "redis://127.0.0.1:6379/0"


def _runs_left() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("voisinage-production-*"))


def test_without_nginx_it_says_how_to_install_it(monkeypatch):
    monkeypatch.setenv("NGINX", "/nowhere/nginx")
    with pytest.raises(ProductionSetError, match=r"apt-get install nginx-light"):
        ProductionSet(environment={"DATABASE_URL": POSTGRES, "REDIS_URL": REDIS}).start()


@pytest.mark.parametrize(
    "environment, message",
    [
        ({"DATABASE_URL": POSTGRES, "REDIS_URL": ""}, "REDIS_URL must name the Redis"),
        ({"DATABASE_URL": "sqlite:////tmp/x.sqlite3", "REDIS_URL": REDIS}, "PostgreSQL"),
        ({"DATABASE_URL": "", "REDIS_URL": REDIS}, "DATABASE_URL must name a PostgreSQL"),
    ],
)
def test_without_a_shared_redis_or_postgresql_it_refuses(monkeypatch, environment, message):
    monkeypatch.setenv("NGINX", "/bin/true")  # found: the refusal comes from the services
    before = _runs_left()
    with pytest.raises(ProductionSetError, match=message):
        ProductionSet(environment=environment).start()
    assert _runs_left() == before, "the run folder of a refused set is removed"


def test_a_port_already_taken_is_named(monkeypatch):
    monkeypatch.setenv("NGINX", "/bin/true")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ProductionSetError, match=rf"Port {port} is taken"):
            ProductionSet(
                port=port, environment={"DATABASE_URL": POSTGRES, "REDIS_URL": REDIS}
            ).start()
