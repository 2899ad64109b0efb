"""The dates of an event, and the same rule as iCalendar writes it.

A repeating event is its first date plus a rule (`Event.repeat`, `interval`, `repeat_until`)
minus its exceptions. The rule is read in the quartier's local time: the dates are local days,
each starting at the first date's local time, so a 14:00 gathering stays at 14:00 across the
change to summer time. Pages expand only the window they show (`dates_between`); the `.ics`
feeds write the rule itself (`rrule_for`) and the exceptions as EXDATEs, never copies.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dateutil import rrule

if TYPE_CHECKING:
    from exchanges.events.models import Event

# However long the rule, a page never expands more than this many dates.
MAX_DATES = 400


@dataclass(frozen=True)
class When:
    """One date of an event: its local day and its aware start and end."""

    date: datetime.date
    starts_at: datetime.datetime
    ends_at: datetime.datetime


def zone_of(event: Event) -> zoneinfo.ZoneInfo:
    return event.quartier.zone


def nth_weekday(day: datetime.date) -> int:
    """Which of its month's weekdays ``day`` is: 1 for the first Saturday… 4 for the fourth,
    -1 for a fifth (then "the last")."""
    n = (day.day - 1) // 7 + 1
    return -1 if n == 5 else n


def _rule(event: Event, local_start: datetime.datetime) -> rrule.rrule | None:
    until = None
    if event.repeat_until is not None:
        until = datetime.datetime.combine(event.repeat_until, datetime.time.max)
    first = local_start.replace(tzinfo=None)
    common: dict[str, Any] = {"dtstart": first, "interval": event.interval, "until": until}
    if event.repeat == "weekly":
        return rrule.rrule(rrule.WEEKLY, **common)
    if event.repeat == "monthly_weekday":
        weekday = rrule.weekdays[first.weekday()](nth_weekday(first.date()))
        return rrule.rrule(rrule.MONTHLY, byweekday=weekday, **common)
    if event.repeat == "monthly_day":
        return rrule.rrule(rrule.MONTHLY, bymonthday=first.day, **common)
    return None


def _when(event: Event, local: datetime.datetime, zone: zoneinfo.ZoneInfo) -> When:
    starts = local.replace(tzinfo=zone)
    # The length is wall-clock too: 14:00–17:00 on the day the clocks change is 14:00–17:00.
    first_local = event.starts_at.astimezone(zone)
    wall_length = event.ends_at.astimezone(zone).replace(tzinfo=None) - first_local.replace(
        tzinfo=None
    )
    ends = (local + wall_length).replace(tzinfo=zone)
    return When(date=local.date(), starts_at=starts, ends_at=ends)


def dates_between(
    event: Event,
    start: datetime.date,
    end: datetime.date,
    *,
    exceptions: set[datetime.date] | None = None,
) -> list[When]:
    """The dates of ``event`` from ``start`` to ``end`` (both local days, included), without
    its exceptions (read from the database unless given). A once-only gathering spanning days
    is there whenever it overlaps the window, by its one date (the day it starts): the calendar
    shows a weekend that began before the week; registering still names the first day."""
    zone = zone_of(event)
    local_start = event.starts_at.astimezone(zone)
    rule = _rule(event, local_start)
    if rule is None:
        from_ = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
        overlaps = local_start.date() <= end and event.ends_at > from_
        locals_ = [local_start.replace(tzinfo=None)] if overlaps else []
    else:
        window_start = datetime.datetime.combine(start, datetime.time.min)
        window_end = datetime.datetime.combine(end, datetime.time.max)
        locals_ = []
        for moment in rule.xafter(window_start, count=MAX_DATES, inc=True):
            if moment > window_end:
                break
            locals_.append(moment)
    if exceptions is None:
        exceptions = exceptions_of(event)
    return [_when(event, moment, zone) for moment in locals_ if moment.date() not in exceptions]


def exceptions_of(event: Event) -> set[datetime.date]:
    """The event's dates off: from ``prefetch_related("exceptions")`` when the list prefetched
    them (no query per event), else read."""
    if not event.pk:
        return set()
    prefetched = getattr(event, "_prefetched_objects_cache", {})
    if "exceptions" in prefetched:
        return {exception.date for exception in prefetched["exceptions"]}
    return set(event.exceptions.values_list("date", flat=True))


def is_a_date(event: Event, day: datetime.date) -> bool:
    """Whether ``day`` is one of the event's dates, the local days they start on (its
    exceptions excluded)."""
    return any(when.date == day for when in dates_between(event, day, day))


def next_dates(event: Event, after: datetime.datetime, count: int) -> list[When]:
    """The next ``count`` dates that have not started at ``after``."""
    zone = zone_of(event)
    start = after.astimezone(zone).date()
    if not event.repeats:
        # Once: its one date, however far ahead.
        day = event.starts_at.astimezone(zone).date()
        return [w for w in dates_between(event, day, day) if w.starts_at >= after][:count]
    exceptions = exceptions_of(event)
    found: list[When] = []
    horizon = start
    # Look ahead a year at a time, at most five years.
    for _year in range(5):
        window_end = horizon + datetime.timedelta(days=366)
        window = dates_between(event, horizon, window_end, exceptions=exceptions)
        found += [w for w in window if w.starts_at >= after]
        if len(found) >= count:
            break
        horizon = window_end + datetime.timedelta(days=1)
    return found[:count]


def rrule_for(event: Event) -> dict[str, Any] | None:
    """The event's rule as the parts of an iCalendar RRULE (for ``icalendar.vRecur``), or None
    for an event that happens once. UNTIL is in UTC, as RFC 5545 asks when DTSTART has a TZID."""
    if not event.repeats:
        return None
    zone = zone_of(event)
    local_start = event.starts_at.astimezone(zone)
    parts: dict[str, Any] = {}
    if event.repeat == "weekly":
        parts["FREQ"] = "WEEKLY"
    elif event.repeat == "monthly_weekday":
        parts["FREQ"] = "MONTHLY"
        code = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][local_start.weekday()]
        parts["BYDAY"] = f"{nth_weekday(local_start.date())}{code}"
    else:
        parts["FREQ"] = "MONTHLY"
        parts["BYMONTHDAY"] = local_start.day
    if event.interval > 1:
        parts["INTERVAL"] = event.interval
    if event.repeat_until is not None:
        last_local = datetime.datetime.combine(event.repeat_until, datetime.time.max).replace(
            microsecond=0, tzinfo=zone
        )
        parts["UNTIL"] = last_local.astimezone(datetime.UTC)
    return parts
