"""What a digest is made of, and how the apps that have news add theirs.

`messaging` never imports the exchanges: each app that has something to say registers a
`Section` in its `AppConfig.ready()`. A section answers for a whole chunk of readers at once, in a
fixed number of queries whatever the number of readers, so that a chunk of 200 users costs the
same handful of queries as a chunk of 5.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model
from django.urls import get_script_prefix
from django.utils.functional import Promise

from neighbourhood.accounts.models import User


@dataclass(frozen=True)
class Reader:
    """One recipient of the chunk, and the stretch of time their digest covers."""

    user: User
    since: datetime.datetime
    until: datetime.datetime
    quartier_ids: frozenset[int]
    # The quartiers where they are a coordinator (pending decisions are theirs).
    coordinates: frozenset[int] = field(default_factory=frozenset)

    def is_new(self, moment: datetime.datetime) -> bool:
        return self.since <= moment < self.until


@dataclass(frozen=True)
class Item:
    """One line of a digest. ``title`` is shown as written (escaped in the HTML part); ``note``
    may be a lazy translation, rendered in the reader's language; ``when`` is shown in the
    reader's timezone."""

    title: str | Promise
    url: str
    quartier_id: int | None = None
    note: str | Promise = ""
    when: datetime.datetime | None = None


Collect = Callable[[list[Reader]], dict[int, list[Item]]]

# Pages kept by `page_of`: a worker links the same swaps and rides in chunk after chunk.
PAGES_KEPT = 16_384


def page_of(model: type[Model], pk: int) -> str:
    """The ``get_absolute_url()`` of ``model``'s row ``pk``, kept for the process: ``reverse()``
    costs more than the rest of an item. Only for models whose page is named by their primary
    key alone (a swap, a ride), so that the same key always means the same page."""
    return _page(model, pk, get_script_prefix())


# `prefix` is the active script prefix, in the arguments so that each has its own pages.
@functools.lru_cache(maxsize=PAGES_KEPT)
def _page(model: type[Model], pk: int, prefix: str) -> str:
    return str(model(pk=pk).get_absolute_url())  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Section:
    """``collect`` returns, for each reader's user id, the items of this section (best first;
    the digest shows the first `MAX_ITEMS` of each). A section that is not ``news`` (the
    reader's own upcoming rides, say) is shown with the news but never makes a digest worth
    sending on its own."""

    key: str
    title: str | Promise
    order: int
    collect: Collect
    news: bool = True


MAX_ITEMS = 10

_registry: dict[str, Section] = {}


def register(section: Section) -> None:
    """Adds (or replaces, when an app is loaded twice in tests) a section of the digest."""
    _registry[section.key] = section


def registered() -> list[Section]:
    return sorted(_registry.values(), key=lambda section: (section.order, section.key))
