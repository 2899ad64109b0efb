"""The project's settings, with two changes: one app more, `tests.kinds_app`, a kind of exchange
that exists only in the tests, to show that an app adds its kinds without touching `messaging` or
the feed; and the photos the tests make (the demo's, the stories') kept in a folder of the run's
own, removed when it ends, never in var/.

The suite runs in several processes (pytest-xdist): each has its own test database
(pytest-django names it after the worker), and here its own keys on a shared Redis, so that one
worker clearing its rate limits or listening on a group never touches another's."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from typing import cast

from neighbourhood.settings import *  # noqa: F403 (the settings themselves, then the changes)
from neighbourhood.settings import (
    CACHES,
    CHANNEL_LAYERS,
    INSTALLED_APPS,
    PHOTOS_URL,
    REDIS_URL,
    STORAGES,
)

INSTALLED_APPS = [*INSTALLED_APPS, "tests.kinds_app"]

PHOTOS_ROOT = Path(tempfile.mkdtemp(prefix="voisinage-test-photos-"))
atexit.register(shutil.rmtree, PHOTOS_ROOT, ignore_errors=True)
STORAGES = {
    **STORAGES,
    "photos": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PHOTOS_ROOT, "base_url": PHOTOS_URL},
    },
}

# "gw0", "gw1"… under pytest-xdist; empty in a single process.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and WORKER:
    CACHES["default"]["KEY_PREFIX"] = f"voisinage-test-{WORKER}"
    cast(dict[str, object], CHANNEL_LAYERS["default"]["CONFIG"])["prefix"] = f"asgi-test-{WORKER}"
