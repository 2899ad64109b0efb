"""The project's settings, with one app more: `tests.kinds_app`, a kind of exchange that exists
only in the tests, to show that an app adds its kinds without touching `messaging` or the
feed."""

from neighbourhood.settings import *  # noqa: F403 (the settings themselves, then one change)
from neighbourhood.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.kinds_app"]
