"""The gatherings a place's page lists ("Gatherings held here"): this app's provider for
`neighbourhood.places.gatherings`, which knows nothing of gatherings. Scheduled ones only, each
by its next date (a weekly gathering whose first date has passed is there with its next one,
a cancelled one is not), with its rule in words."""

from __future__ import annotations

import datetime

from exchanges.events.selectors import upcoming
from exchanges.events.words import repeat_words
from neighbourhood.places.gatherings import Gathering, register_gatherings_at
from neighbourhood.places.models import Place


def gatherings_at_place(place: Place, now: datetime.datetime) -> list[Gathering]:
    """Two queries: the gatherings at the place and their dates off."""
    return [
        Gathering(
            title=row.event.title,
            url=row.event.get_absolute_url(),
            starts_at=row.next.starts_at,
            rule=repeat_words(row.event),
        )
        for row in upcoming(quartier=place.quartier, place=place, now=now)
    ]


def register_gatherings() -> None:
    register_gatherings_at(gatherings_at_place)
