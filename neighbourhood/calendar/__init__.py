"""One calendar, made of the sections the apps register in their ``ready()``: gatherings,
distributions and volunteer roles, rides, loans. The same sections feed

- the quartier's calendar page (`/calendar/in/<slug>/`, a week or a month as lists by day),
- a member's private `.ics` feed (what they take part in; its secret address belongs to rides,
  ``rides:calendar``, so subscriptions made before it had other sections keep working),
- a quartier's public `.ics` feed and its Atom news (`/calendar/in/<slug>/public.ics`,
  `/calendar/in/<slug>/news.atom`).

A section is a `Section` giving `Item`s (`sections.py`); `ical.py` writes them as iCalendar,
`periods.py` cuts the page's weeks and months, `views.py` and `news.py` serve them.
"""

from neighbourhood.calendar.ical import calendar_for, public_calendar_for
from neighbourhood.calendar.sections import (
    Item,
    PrivateFeed,
    Section,
    link_to,
    local_moment,
    register_calendar_section,
    register_private_feed,
)

__all__ = [
    "Item",
    "PrivateFeed",
    "Section",
    "calendar_for",
    "link_to",
    "local_moment",
    "public_calendar_for",
    "register_calendar_section",
    "register_private_feed",
]
