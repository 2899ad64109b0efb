"""Places of the directory for the tests, written straight to the database: a name, a kind, its
week (``{weekday: ["09:00-12:00", ...]}``) and closed periods."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from neighbourhood.places.models import ClosedPeriod, Kind, OpeningHours, Place
from neighbourhood.quartiers.models import Quartier


def hm(text: str) -> datetime.time:
    hour, minute = text.split(":")
    return datetime.time(int(hour), int(minute))


def place_with_hours(
    quartier: Quartier,
    name: str,
    week: dict[int, list[str]] | None = None,
    *,
    closed: Sequence[tuple[datetime.date, datetime.date, str | None]] = (),
    **fields: Any,
) -> Place:
    fields.setdefault("kind", Kind.EPN)
    fields.setdefault("status", Place.Status.APPROVED)
    place = Place.objects.create(quartier=quartier, name=name, **fields)
    for weekday, intervals in (week or {}).items():
        for interval in intervals:
            start, end = interval.split("-")
            OpeningHours.objects.create(
                place=place, weekday=weekday, opens=hm(start), closes=hm(end)
            )
    for starts_on, ends_on, hours in closed:
        opens: datetime.time | None = None
        closes: datetime.time | None = None
        if hours:
            opens, closes = (hm(part) for part in hours.split("-"))
        ClosedPeriod.objects.create(
            place=place, starts_on=starts_on, ends_on=ends_on, opens=opens, closes=closes
        )
    return place


EPN_WEEK = {day: ["09:00-12:00", "14:00-18:00"] for day in range(5)} | {5: ["09:00-12:00"]}
