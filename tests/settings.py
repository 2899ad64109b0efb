"""The project's settings, with two changes: one app more, `tests.kinds_app`, a kind of exchange
that exists only in the tests, to show that an app adds its kinds without touching `messaging` or
the feed; and the photos the tests make (the demo's, the stories') kept in a folder of the run's
own, removed when it ends, never in var/."""

import atexit
import shutil
import tempfile
from pathlib import Path

from neighbourhood.settings import *  # noqa: F403 (the settings themselves, then the changes)
from neighbourhood.settings import INSTALLED_APPS, PHOTOS_URL, STORAGES

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
