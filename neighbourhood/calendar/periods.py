"""The quartier page's weeks and months, and its items set out by day.

A week runs Monday to Sunday, and shows each of its days (an empty one says so); a month shows
only its days with something on. Days are the quartier's local days.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from neighbourhood.calendar.sections import Item

WEEK = "week"
MONTH = "month"
# The years a page can show: past them, an address is no page (404), not an error.
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class Period:
    kind: str
    first: datetime.date
    last: datetime.date

    @property
    def title(self) -> str:
        if self.kind == MONTH:
            return date_format(self.first, "YEAR_MONTH_FORMAT")
        return _("Week of %(day)s") % {"day": date_format(self.first, "l j F Y")}

    @property
    def previous(self) -> Period | None:
        return _inside(period_of(self.kind, self.first - datetime.timedelta(days=1)))

    @property
    def next(self) -> Period | None:
        return _inside(period_of(self.kind, self.last + datetime.timedelta(days=1)))

    def url(self, slug: str) -> str:
        if self.kind == MONTH:
            return reverse("calendar:month", args=[slug, f"{self.first:%Y-%m}"])
        return reverse("calendar:week", args=[slug, self.first.isoformat()])


def period_of(kind: str, day: datetime.date) -> Period:
    if kind == MONTH:
        first = day.replace(day=1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        return Period(MONTH, first, following - datetime.timedelta(days=1))
    monday = day - datetime.timedelta(days=day.weekday())
    return Period(WEEK, monday, monday + datetime.timedelta(days=6))


def period_from_address(kind: str, value: str) -> Period:
    """The period an address names (``2026-12-07`` for the week of that day, ``2026-12`` for a
    month); 404 for anything else."""
    try:
        if kind == MONTH:
            day = datetime.date.fromisoformat(f"{value}-01")
            if len(value) != 7:
                raise ValueError(value)
        else:
            day = datetime.date.fromisoformat(value)
            if len(value) != 10:
                raise ValueError(value)
    except ValueError:
        raise Http404 from None
    period = period_of(kind, day) if FIRST_YEAR <= day.year <= LAST_YEAR else None
    if period is None:
        raise Http404
    return period


def _inside(period: Period) -> Period | None:
    return period if period.first.year >= FIRST_YEAR and period.last.year <= LAST_YEAR else None


@dataclass(frozen=True)
class Day:
    date: datetime.date
    items: list[Item]

    @property
    def slug(self) -> str:
        return f"day-{self.date.isoformat()}"


def by_day(
    items: list[Item], period: Period, zone: zoneinfo.ZoneInfo, *, every_day: bool
) -> list[Day]:
    """The items under the local day they start on (one that began before the period, under
    its first day), whole days first, then by time."""
    found: dict[datetime.date, list[Item]] = {}
    for item in items:
        start = item.start
        day = start.astimezone(zone).date() if isinstance(start, datetime.datetime) else start
        day = max(day, period.first)
        if day <= period.last:
            found.setdefault(day, []).append(item)
    if every_day:
        dates = [period.first + datetime.timedelta(days=n) for n in range(7)]
    else:
        dates = sorted(found)
    return [Day(day, sorted(found.get(day, []), key=_in_the_day)) for day in dates]


def _in_the_day(item: Item) -> tuple[bool, datetime.time, str]:
    start = item.start
    if isinstance(start, datetime.datetime):
        return True, start.astimezone(item.zone).time(), item.title.lower()
    return False, datetime.time.min, item.title.lower()
