"""When a place is open, read in its quartier's timezone.

Opening hours are wall-clock times: 9:00 is 9:00 on the night the clocks change as on any other,
so every comparison here is between the local date and time of a moment (``moment`` read in
``Quartier.zone``) and the hours as written. An interval that closes at or before it opens runs
past midnight and belongs to the day it starts (Friday 22:00–02:00 is Friday's, and decides
Saturday 01:00); 00:00–00:00 is the whole day. A `ClosedPeriod` covering a day replaces that
day's hours: none (closed), or its own.

The same rules are written twice: in Python for one place (`status_at`, with its sentence), and
as one SQL condition for the directory's "open now" filter (`open_now_condition`). The tests
check that they agree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from neighbourhood.places.models import ClosedPeriod, OpeningHours, Place

MIDNIGHT = datetime.time(0, 0)
ONE_DAY = datetime.timedelta(days=1)
# How far ahead "opens Monday at 9:00" looks: beyond the longest closed period one expects.
LOOKAHEAD_DAYS = 62

Interval = tuple[datetime.datetime, datetime.datetime]  # naive, local wall-clock times


def is_all_day(opens: datetime.time, closes: datetime.time) -> bool:
    return opens == MIDNIGHT and closes == MIDNIGHT


def local_now(place: Place, moment: datetime.datetime) -> datetime.datetime:
    """``moment`` as the wall clock of the place's quartier shows it (naive)."""
    return moment.astimezone(place.quartier.zone).replace(tzinfo=None)


def _periods(place: Place) -> list[ClosedPeriod]:
    # .all(): prefetched rows when the list prefetched them, one query otherwise.
    return list(place.closed_periods.all())


def _weekly(place: Place) -> list[OpeningHours]:
    return list(place.hours.all())


def period_on(periods: list[ClosedPeriod], day: datetime.date) -> ClosedPeriod | None:
    return next((p for p in periods if p.starts_on <= day <= p.ends_on), None)


def hours_of_day(
    day: datetime.date, weekly: list[OpeningHours], periods: list[ClosedPeriod]
) -> list[tuple[datetime.time, datetime.time]]:
    """The (opens, closes) pairs that start on ``day``: its closed period's, or its weekday's."""
    period = period_on(periods, day)
    if period is not None:
        if period.opens is None or period.closes is None:
            return []
        return [(period.opens, period.closes)]
    return sorted((row.opens, row.closes) for row in weekly if row.weekday == day.weekday())


def intervals_starting(
    day: datetime.date, weekly: list[OpeningHours], periods: list[ClosedPeriod]
) -> list[Interval]:
    """The day's intervals as local datetimes, the end on the next day past midnight."""
    found = []
    for opens, closes in hours_of_day(day, weekly, periods):
        start = datetime.datetime.combine(day, opens)
        end_day = day + ONE_DAY if closes <= opens else day
        found.append((start, datetime.datetime.combine(end_day, closes)))
    return found


@dataclass(frozen=True)
class OpenStatus:
    """Whether a place is open at a moment, until when (local), or when it opens next."""

    is_open: bool
    local: datetime.datetime
    until: datetime.datetime | None = None
    opens_next: datetime.datetime | None = None
    # False for a place whose hours nobody gave: it says so rather than "Closed".
    known: bool = True

    @property
    def sentence(self) -> str:
        return open_sentence(self)


def status_at(place: Place, moment: datetime.datetime) -> OpenStatus:
    """Open or closed at ``moment`` (an aware datetime), read in the quartier's timezone."""
    now = local_now(place, moment)
    weekly, periods = _weekly(place), _periods(place)
    if not weekly and not any(period.opens is not None for period in periods):
        return OpenStatus(False, now, known=False)
    today = now.date()
    # Yesterday's intervals past midnight first, then today's, then the days ahead.
    days = [today - ONE_DAY + datetime.timedelta(days=n) for n in range(LOOKAHEAD_DAYS + 2)]
    intervals = [i for day in days for i in intervals_starting(day, weekly, periods)]
    current = [(start, end) for start, end in intervals if start <= now < end]
    if current:
        until = max(end for _start, end in current)
        # Intervals that follow on (12:00–14:00 after 9:00–12:00, or day after day) extend it.
        extended = True
        while extended:
            extended = False
            for start, end in intervals:
                if start <= until < end:
                    until, extended = end, True
            if until - now > datetime.timedelta(days=7):
                return OpenStatus(True, now, until=None)  # always open
        return OpenStatus(True, now, until=until)
    upcoming = [start for start, _end in intervals if start > now]
    return OpenStatus(False, now, opens_next=min(upcoming) if upcoming else None)


def is_open_at(place: Place, moment: datetime.datetime) -> bool:
    return status_at(place, moment).is_open


def _day_words(day: datetime.date, today: datetime.date) -> str:
    if day == today:
        return _("today")
    if day == today + ONE_DAY:
        return _("tomorrow")
    if day - today < datetime.timedelta(days=7):
        return date_format(day, "l")
    return date_format(day, "l j F")


def _time_words(moment: datetime.datetime) -> str:
    return time_format(moment.time(), "H:i")


def open_sentence(status: OpenStatus) -> str:
    """ "Open until 18:00", "Closed, opens Monday at 9:00", in the reader's language."""
    today = status.local.date()
    if not status.known:
        return _("Opening hours not given")
    if status.is_open:
        if status.until is None:
            return _("Open day and night")
        if status.until.date() == today or status.until == datetime.datetime.combine(
            today + ONE_DAY, MIDNIGHT
        ):
            if status.until.time() == MIDNIGHT:
                return _("Open until midnight")
            return _("Open until %(time)s") % {"time": _time_words(status.until)}
        return _("Open until %(day)s at %(time)s") % {
            "day": _day_words(status.until.date(), today),
            "time": _time_words(status.until),
        }
    if status.opens_next is None:
        return closed_words()
    return _("Closed, opens %(day)s at %(time)s") % {
        "day": _day_words(status.opens_next.date(), today),
        "time": _time_words(status.opens_next),
    }


# --- the directory's filter: the same rules, as one SQL condition ---------------------------


def _running(opens: str, closes: str, at: datetime.time) -> Q:
    """Rows whose interval started today by ``at`` and has not closed (or runs past midnight)."""
    return Q(**{f"{opens}__lte": at}) & (
        Q(**{f"{closes}__gt": at}) | Q(**{f"{closes}__lte": F(opens)})
    )


def _from_yesterday(opens: str, closes: str, at: datetime.time) -> Q:
    """Rows whose interval started yesterday, ran past midnight and has not closed yet."""
    return Q(**{f"{closes}__lte": F(opens)}) & Q(**{f"{closes}__gt": at})


def open_now_condition(local: datetime.datetime) -> Q:
    """The places open at the local wall-clock time ``local`` (naive, the quartier's): their
    weekday's hours, unless a closed period covers the day (then its own hours, if any), and
    yesterday's hours running past midnight, under the same rule for yesterday. One query's
    WHERE, made of EXISTS subqueries on indexed columns."""
    today, at = local.date(), local.time()
    yesterday = today - ONE_DAY

    def covered(day: datetime.date) -> Exists:
        return Exists(
            ClosedPeriod.objects.filter(place=OuterRef("pk"), starts_on__lte=day, ends_on__gte=day)
        )

    def weekly(day: datetime.date, rule: Q) -> Exists:
        return Exists(
            OpeningHours.objects.filter(rule, place=OuterRef("pk"), weekday=day.weekday())
        )

    def replaced(day: datetime.date, rule: Q) -> Exists:
        return Exists(
            ClosedPeriod.objects.filter(
                rule,
                place=OuterRef("pk"),
                starts_on__lte=day,
                ends_on__gte=day,
                opens__isnull=False,
            )
        )

    started_today = _running("opens", "closes", at)
    still_from_yesterday = _from_yesterday("opens", "closes", at)
    return (
        (~Q(covered(today)) & Q(weekly(today, started_today)))
        | Q(replaced(today, started_today))
        | (~Q(covered(yesterday)) & Q(weekly(yesterday, still_from_yesterday)))
        | Q(replaced(yesterday, still_from_yesterday))
    )


# --- the week, in words --------------------------------------------------------------------


@dataclass(frozen=True)
class DayHours:
    weekday: int
    name: str
    hours: str  # "9:00–12:00, 14:00–18:00", or "Closed"


def closed_words() -> str:
    return pgettext("opening hours", "Closed")


def interval_words(opens: datetime.time, closes: datetime.time) -> str:
    if is_all_day(opens, closes):
        return _("all day")
    return f"{time_format(opens, 'H:i')}–{time_format(closes, 'H:i')}"


def week_table(place: Place) -> list[DayHours]:
    """The usual week, Monday first, each day's intervals in words."""
    weekly = _weekly(place)
    names = [
        date_format(datetime.date(2024, 1, 1) + datetime.timedelta(days=n), "l") for n in range(7)
    ]
    days = []
    for weekday in range(7):
        rows = sorted((r.opens, r.closes) for r in weekly if r.weekday == weekday)
        words = ", ".join(interval_words(o, c) for o, c in rows) if rows else closed_words()
        days.append(DayHours(weekday, names[weekday], words))
    return days


def week_summary(place: Place) -> str:
    """The week in one line, days with the same hours together: "Monday–Friday 09:00–12:00,
    14:00–18:00; Saturday 09:00–12:00". Empty when no hours are known."""
    table = [day for day in week_table(place)]
    if not _weekly(place):
        return ""
    groups: list[list[DayHours]] = []
    for day in table:
        if (
            groups
            and groups[-1][-1].hours == day.hours
            and groups[-1][-1].weekday == day.weekday - 1
        ):
            groups[-1].append(day)
        else:
            groups.append([day])
    parts = []
    for group in groups:
        if group[0].hours == closed_words():
            continue
        names = group[0].name if len(group) == 1 else f"{group[0].name}–{group[-1].name}"
        parts.append(f"{names} {group[0].hours}")
    return "; ".join(parts)
