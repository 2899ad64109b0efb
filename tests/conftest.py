"""Shared fixtures: the personas, API clients, and the real services.

The personas: alice and bob are members of the quartier Croix-Rousse, carol is its coordinator,
dave is an outsider who belongs to no quartier of theirs.

Tests that need a real service carry a marker (postgres, redis, browser, geocoder, s3, prod:
nginx for the production set). Without the service they are skipped and listed at the end of
the run; with CI=true a missing service fails them. The geocoder is addok, started by
tests/geocoder/start.sh, at GEOCODER_URL; the S3 store is moto's server, which the s3 tests
start themselves when moto[server] is installed.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import celery._state as celery_state
import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.utils import translation
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient

from neighbourhood.accounts.models import User
from neighbourhood.celery import app as celery_app
from neighbourhood.quartiers.models import Membership, Quartier
from tests.factories import PASSWORD, MembershipFactory, QuartierFactory, UserFactory

# Property tests check what holds, not how fast: on a shared machine a slow example is noise,
# so hypothesis does not time them (its default would fail an example over 200 ms).
hypothesis_settings.register_profile("voisinage", deadline=None)
hypothesis_settings.load_profile("voisinage")

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = Path("/usr/bin/chromium")


def _service_missing(marker: str) -> str | None:
    if marker == "postgres" and connection.vendor != "postgresql":
        return "PostgreSQL (set DATABASE_URL)"
    if marker == "redis" and not settings.REDIS_URL:
        return "Redis (set REDIS_URL)"
    if marker == "browser" and not CHROMIUM.exists():
        return "Chromium (apt-get install chromium)"
    if marker == "geocoder" and not settings.GEOCODER_URL:
        return "the geocoder (tests/geocoder/start.sh, then set GEOCODER_URL)"
    if marker == "s3" and importlib.util.find_spec("moto") is None:
        return "moto's S3 server (pip install -c constraints.txt -e '.[dev]')"
    if marker == "prod" and not _nginx_installed():
        return "nginx (apt-get install nginx-light)"
    return None


def _nginx_installed() -> bool:
    from neighbourhood.deploy.runner import ProductionSetError, find_nginx

    try:
        find_nginx()
    except ProductionSetError:
        return False
    return True


_not_run: dict[str, list[str]] = {}
NEEDS = "needs "


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in ("postgres", "redis", "browser", "geocoder", "s3", "prod"):
        if item.get_closest_marker(marker) is None:
            continue
        missing = _service_missing(marker)
        if missing is None:
            continue
        if IN_CI:
            pytest.fail(f"CI requires {missing}, which is not available.", pytrace=False)
        pytest.skip(f"{NEEDS}{missing}")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Gathers the tests skipped for a missing service. Under pytest-xdist the reports of every
    worker reach the main process, so the list at the end is the whole run's."""
    if not report.skipped or not isinstance(report.longrepr, tuple):
        return
    reason = str(report.longrepr[2]).removeprefix("Skipped: ")
    if reason.startswith(NEEDS):
        _not_run.setdefault(reason.removeprefix(NEEDS), []).append(report.nodeid)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _not_run:
        return
    terminalreporter.section("service tests not run")
    for service, nodeids in _not_run.items():
        terminalreporter.write_line(f"{len(nodeids)} test(s) need {service}:")
        for nodeid in nodeids:
            terminalreporter.write_line(f"    {nodeid}")


def clear_limits() -> None:
    """Rate limits live in the cache: forget every one used (only this project's keys on a
    shared Redis)."""
    cache = caches["default"]
    if settings.REDIS_URL:
        client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
        for key in client.scan_iter(match=f"{cache.key_prefix}:*"):
            client.delete(key)
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Each test starts with no rate limit used."""
    clear_limits()
    yield


@pytest.fixture(autouse=True, scope="session")
def _celery_in_process() -> Iterator[None]:
    """Tasks run in the test's own process, right after the commit that queued them.

    The real path, a worker process consuming the Redis broker, is tested on its own in
    tests/messaging/test_worker.py.
    """
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def _joins_allowed() -> None:
    """Each test starts where a task's result may be read (``.get()``). Celery keeps "a task is
    running here" in one global flag, set and restored around each eager task: two tasks run at
    once by two threads (a browser story's live server and the test beside it) may restore it in
    the wrong order and leave it set, and every later ``.get()`` in the process would fail."""
    celery_state._set_task_join_will_block(False)  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    """Service messages are asserted in English; a page request before may have left French on."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _mail_in_memory(settings) -> None:
    # SMTP is the outside world: the tests read the mails Django would have sent.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def quartier(db) -> Quartier:
    return QuartierFactory.create(name="Croix-Rousse", slug="croix-rousse")


@pytest.fixture
def carol(quartier: Quartier) -> User:
    user = UserFactory.create(email="carol@example.org", display_name="Carol")
    MembershipFactory.create(quartier=quartier, user=user, role=Membership.Role.COORDINATOR)
    return user


@pytest.fixture
def alice(quartier: Quartier) -> User:
    user = UserFactory.create(email="alice@example.org", display_name="Alice")
    MembershipFactory.create(quartier=quartier, user=user)
    return user


@pytest.fixture
def bob(quartier: Quartier) -> User:
    user = UserFactory.create(email="bob@example.org", display_name="Bob")
    MembershipFactory.create(quartier=quartier, user=user)
    return user


@pytest.fixture
def elsewhere(db) -> Quartier:
    """Another quartier than ``quartier``, whose member is eve."""
    return QuartierFactory.create(name="Guillotière", slug="guillotiere")


@pytest.fixture
def eve(elsewhere: Quartier) -> User:
    return MembershipFactory.create(quartier=elsewhere, user__display_name="Eve").user


@pytest.fixture
def dave(db) -> User:
    return UserFactory.create(email="dave@example.org", display_name="Dave")


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def api() -> APIClient:
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def api_as(user: User, language: str = "en") -> APIClient:
    """An API client signed in as ``user``; messages in English unless asked otherwise."""
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(user)
    return client


@pytest.fixture
def chromium_path() -> str:
    path = shutil.which("chromium") or str(CHROMIUM)
    return path
