"""The gatherings held at a place, as its page lists them ("Gatherings held here").

The places app knows nothing of gatherings: an app that holds them (``exchanges.events``)
registers a provider in its ``AppConfig.ready()``. A provider answers, for a place and a moment,
the gatherings still to come there, each by its next date: it knows which are cancelled, how
they repeat and which dates are off, so the page shows a weekly gathering whose first date has
passed, and not a cancelled one.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from neighbourhood.places.models import Place

GATHERINGS_SHOWN = 10


@dataclass(frozen=True)
class Gathering:
    """A gathering at the place: its title, its page, its next start (aware) and how it
    repeats, in words ("Every week on tuesday"; empty when it happens once)."""

    title: str
    url: str
    starts_at: datetime.datetime
    rule: str = ""


GatheringsProvider = Callable[[Place, datetime.datetime], list[Gathering]]
_providers: list[GatheringsProvider] = []


def register_gatherings_at(provider: GatheringsProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def gatherings_at(
    place: Place, *, now: datetime.datetime | None = None, limit: int = GATHERINGS_SHOWN
) -> list[Gathering]:
    """Every provider's gatherings at the place still to come after ``now``, the soonest
    first."""
    now = now or timezone.now()
    found = [gathering for provider in _providers for gathering in provider(place, now)]
    found.sort(key=lambda gathering: (gathering.starts_at, gathering.title))
    return found[:limit]
