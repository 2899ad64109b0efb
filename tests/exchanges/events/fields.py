"""Gatherings as the tests publish them: a date to come, in the quartier's timezone."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from exchanges.events import services
from exchanges.events.models import Event
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def local(day: datetime.date, hour: int = 14, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=PARIS)


def days_ahead(days: int) -> datetime.date:
    return datetime.datetime.now(PARIS).date() + datetime.timedelta(days=days)


def event_fields(**overrides: Any) -> dict[str, Any]:
    day = overrides.pop("day", days_ahead(10))
    fields: dict[str, Any] = {
        "title": "Repair café",
        "description": "Bring what is broken.",
        "address": "12 rue d'Austerlitz, Lyon",
        "starts_at": local(day, 14),
        "ends_at": local(day, 17),
        "registration": True,
        "capacity": 12,
    }
    fields.update(overrides)
    return fields


def publish(quartier: Quartier, organiser: User, **overrides: Any) -> Event:
    return services.event_create(
        quartier=quartier, organiser=organiser, **event_fields(**overrides)
    )


def next_spring_forward() -> datetime.date:
    """The next night Paris's clocks go forward (the last Sunday of March): 02:30 does not
    exist that day."""
    today = days_ahead(1)
    year = today.year if today < datetime.date(today.year, 3, 25) else today.year + 1
    last_of_march = datetime.date(year, 3, 31)
    return last_of_march - datetime.timedelta(days=(last_of_march.weekday() + 1) % 7)
