"""The calendars as iCalendar files (RFC 5545), written from the sections' items.

Times carry their timezone: a timed item is written in its quartier's zone (``DTSTART;TZID=
Europe/Paris:…``) and the file holds a VTIMEZONE for each zone it names, so a calendar app
elsewhere shows the right hour on both sides of a change of clocks. A repeating item is one
VEVENT with its RRULE and EXDATEs, never expanded copies.
"""

from __future__ import annotations

import datetime

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from neighbourhood.accounts.models import User
from neighbourhood.calendar.sections import Item, sections, site_url
from neighbourhood.quartiers.models import Quartier

PRODID = "-//Voisinage//Calendrier//FR"
# The private feed keeps the last month (what just happened) and the coming year.
PAST_DAYS = 31
AHEAD_DAYS = 366
# VTIMEZONEs describe the zone's changes of clocks at least this far ahead.
ZONE_YEARS_AHEAD = 3


def calendar_for(*, user: User) -> bytes:
    """A member's private feed, in the language and timezone active at the call (the owner's):
    what they take part in, from every section."""
    today = timezone.localdate()
    first = today - datetime.timedelta(days=PAST_DAYS)
    last = today + datetime.timedelta(days=AHEAD_DAYS)
    items = [
        item
        for section in sections()
        for item in section.private_items(member=user, first=first, last=last)
    ]
    return write(items, name=_("My calendar · Voisinage"))


def public_calendar_for(*, quartier: Quartier) -> bytes:
    """A quartier's public feed, in the language active at the call (the quartier's)."""
    items = public_items(quartier=quartier)
    return write(
        items,
        name=_("%(quartier)s · Voisinage") % {"quartier": quartier.name},
        zone=quartier.timezone,
    )


def public_items(*, quartier: Quartier) -> list[Item]:
    since = timezone.localdate(timezone=quartier.zone) - datetime.timedelta(days=PAST_DAYS)
    return [
        item
        for section in sections()
        for item in section.public_items(quartier=quartier, since=since)
    ]


def write(items: list[Item], *, name: str, zone: str = "") -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    if zone:
        calendar.add("x-wr-timezone", zone)
    stamp = timezone.now()
    for item in sorted(items, key=_order):
        calendar.add_component(vevent(item, stamp))
    if items:
        first, last = _span(items)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


def vevent(item: Item, stamp: datetime.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", item.uid)
    event.add("dtstamp", stamp)
    if item.all_day:
        # DTEND is exclusive (RFC 5545): the day after the last.
        event.add("dtstart", item.start)
        event.add("dtend", item.end + datetime.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    else:
        start = item.local_start
        event.add("dtstart", start)
        event.add("dtend", item.local_end)
        if item.rule:
            event.add("rrule", item.rule)
        if item.exdates:
            assert isinstance(start, datetime.datetime)
            event.add(
                "exdate",
                [
                    datetime.datetime.combine(day, start.time()).replace(tzinfo=item.zone)
                    for day in item.exdates
                ],
            )
    event.add("summary", item.title)
    event.add("status", item.status.upper())
    if item.place:
        event.add("location", item.place)
    if item.description:
        event.add("description", item.description)
    if item.url:
        event.add("url", site_url(item.url))
    if item.updated is not None:
        event.add("last-modified", item.updated.astimezone(datetime.UTC))
    return event


def _order(item: Item) -> tuple[datetime.date, str]:
    return _day(item.local_start), item.uid


def _day(moment: datetime.date) -> datetime.date:
    return moment.date() if isinstance(moment, datetime.datetime) else moment


def _span(items: list[Item]) -> tuple[datetime.date, datetime.date]:
    """From the first start to a few years ahead (or the last end, if later): the years the
    VTIMEZONEs must describe."""
    first = min(_day(item.local_start) for item in items)
    last = max(_day(item.local_end) for item in items)
    ahead = timezone.localdate() + datetime.timedelta(days=365 * ZONE_YEARS_AHEAD)
    return first - datetime.timedelta(days=1), max(last, ahead)
