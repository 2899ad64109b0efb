"""How the settings reach PostgreSQL, read from the environment as each process of the set
reads it: through psycopg's pool by default in production (DEBUG off), never with persistent
connections beside it, and never on SQLite."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-production-like-secret-key-of-sixty-characters-or-so-0123456789",
    "ALLOWED_HOSTS": "voisinage.example.org",
    "SITE_URL": "https://voisinage.example.org",
    "EMAIL_URL": "console://",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "DATABASE_URL": "postgres://voisinage@127.0.0.1:5432/voisinage",
}
READ = (
    "from django.conf import settings; import json; d = settings.DATABASES['default']; "
    "print(json.dumps({'pool': d.get('OPTIONS', {}).get('pool'), "
    "'conn_max_age': d['CONN_MAX_AGE'], 'health_checks': d.get('CONN_HEALTH_CHECKS')}))"
)


def _settings(**environment: str) -> subprocess.CompletedProcess[str]:
    names = {*PRODUCTION, "DATABASE_POOL", "CONN_MAX_AGE", "DJANGO_SETTINGS_MODULE"}
    clean = {k: v for k, v in os.environ.items() if k not in names and not k.startswith("DATABASE")}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {READ}"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "neighbourhood.settings", **environment},
        capture_output=True,
        text=True,
        check=False,
    )


def _databases(**environment: str) -> dict[str, object]:
    result = _settings(**environment)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout.splitlines()[-1]))


def test_production_reaches_postgresql_through_a_pool_and_keeps_no_connection_beside_it():
    databases = _databases(**PRODUCTION)
    assert databases["pool"] == {"min_size": 2, "max_size": 10, "timeout": 10.0}
    assert databases["conn_max_age"] == 0


def test_the_pool_sizes_come_from_the_environment():
    databases = _databases(**PRODUCTION, DATABASE_POOL_MIN_SIZE="1", DATABASE_POOL_MAX_SIZE="4")
    assert databases["pool"] == {"min_size": 1, "max_size": 4, "timeout": 10.0}


def test_without_the_pool_kept_connections_are_checked_before_reuse():
    databases = _databases(**PRODUCTION, DATABASE_POOL="false", CONN_MAX_AGE="60")
    assert databases["pool"] is None
    assert databases["conn_max_age"] == 60
    assert databases["health_checks"] is True


def test_the_embedded_default_on_sqlite_has_no_pool():
    assert _databases()["pool"] is None


@pytest.mark.parametrize(
    "environment, message",
    [
        ({**PRODUCTION, "CONN_MAX_AGE": "60"}, "CONN_MAX_AGE must be 0 with DATABASE_POOL"),
        ({"DATABASE_POOL": "true"}, "DATABASE_POOL needs a PostgreSQL DATABASE_URL"),
    ],
)
def test_a_pool_beside_persistent_connections_or_on_sqlite_stops_start_up(environment, message):
    result = _settings(**environment)
    assert result.returncode != 0
    assert message in result.stderr
