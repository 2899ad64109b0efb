"""A member's private calendar feed (`.ics`), for any calendar app: one feed, made of the
sections the apps register in their ``ready()`` (rides' dates, the loans of objects…).

A section is a function ``events(user)`` returning ``icalendar.Event``s with UIDs of its own
(``ride-…``, ``loan-…``), so a calendar app keeps each event as its section changes. The feed's
address belongs to rides (``rides:calendar``, its token in ``CalendarFeed``): subscriptions made
before the feed had other sections keep working.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import icalendar
from django.utils.translation import gettext as _

from neighbourhood.accounts.models import User

Section = Callable[[User], Iterable[icalendar.Event]]

_sections: dict[str, Section] = {}


def register_calendar_section(key: str, events: Section) -> None:
    """Called from an app's ``ready()``; the sections come in the order they were registered."""
    _sections[key] = events


def calendar_for(*, user: User) -> bytes:
    """The whole feed, in the language and timezone active at the call (the owner's)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Voisinage//Calendrier//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("My calendar · Voisinage"))
    for events in _sections.values():
        for event in events(user):
            calendar.add_component(event)
    return calendar.to_ical()
