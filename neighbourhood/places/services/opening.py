"""A place's week of opening hours and its closed periods, as the directory's writes take them:
checked and refused in words (a ``ValidationError`` under ``hours`` or ``closed_periods``)
before anything is written, then replaced as a whole in the transaction of the place's own
write (`neighbourhood.places.services.places`)."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from neighbourhood.places.hours import is_all_day
from neighbourhood.places.models import ClosedPeriod, OpeningHours, Place

MAX_INTERVALS_A_DAY = 4
MAX_CLOSED_PERIODS = 30
# A closed period is a holiday or a few weeks: at most this long, at most this far ahead.
MAX_PERIOD_DAYS = 366

Errors = dict[str, list[str]]


def _same_time() -> str:
    return _("An interval cannot close at the time it opens (00:00 to 00:00 means all day).")


@dataclass(frozen=True)
class Hours:
    """One interval of a weekday (0 is Monday): closes at or before it opens runs past
    midnight; 00:00–00:00 is the whole day."""

    weekday: int
    opens: datetime.time
    closes: datetime.time


@dataclass(frozen=True)
class Closing:
    """Days from ``starts_on`` to ``ends_on`` (both included): closed, or open only from
    ``opens`` to ``closes`` when both are given."""

    starts_on: datetime.date
    ends_on: datetime.date
    label: str = ""
    opens: datetime.time | None = None
    closes: datetime.time | None = None


def check_hours(hours: Iterable[Hours], errors: Errors) -> None:
    """Each interval within a day; never closing when it opens but for 00:00–00:00 (all day);
    a few a day, none overlapping another of the same day."""
    by_day: dict[int, list[Hours]] = {}
    problems: list[str] = []
    for row in hours:
        if not (isinstance(row.weekday, int) and 0 <= row.weekday <= 6):
            problems.append(_("Choose a day from Monday to Sunday."))
            continue
        if not isinstance(row.opens, datetime.time) or not isinstance(row.closes, datetime.time):
            problems.append(_("Type an hour between 00:00 and 23:59, for example 09:30."))
            continue
        if row.opens == row.closes and not is_all_day(row.opens, row.closes):
            problems.append(_same_time())
            continue
        by_day.setdefault(row.weekday, []).append(row)
    for rows in by_day.values():
        if len(rows) > MAX_INTERVALS_A_DAY:
            problems.append(
                _("At most %(count)d intervals a day.") % {"count": MAX_INTERVALS_A_DAY}
            )
            continue
        spans = sorted((_minutes(r.opens), _end_minutes(r)) for r in rows)
        if any(later[0] < earlier[1] for earlier, later in itertools.pairwise(spans)):
            problems.append(_("Two intervals of the same day overlap."))
    if problems:
        errors.setdefault("hours", []).extend(dict.fromkeys(problems))


def _minutes(moment: datetime.time) -> int:
    return moment.hour * 60 + moment.minute


def _end_minutes(row: Hours) -> int:
    end = _minutes(row.closes)
    return end + 24 * 60 if row.closes <= row.opens else end


def check_periods(periods: Sequence[Closing], errors: Errors) -> None:
    problems: list[str] = []
    if len(periods) > MAX_CLOSED_PERIODS:
        problems.append(_("At most %(count)d closed periods.") % {"count": MAX_CLOSED_PERIODS})
    for period in periods:
        if period.ends_on < period.starts_on:
            problems.append(_("A closed period cannot end before it starts."))
        elif (period.ends_on - period.starts_on).days >= MAX_PERIOD_DAYS:
            problems.append(_("A closed period lasts a year at most."))
        if (period.opens is None) != (period.closes is None):
            problems.append(
                _("Give both hours of a closed period's day, or none when it is closed.")
            )
        elif (
            period.opens is not None
            and period.closes is not None
            and period.opens == period.closes
            and not is_all_day(period.opens, period.closes)
        ):
            problems.append(_same_time())
        if len(period.label) > 100:
            problems.append(_("Say why in 100 characters at most."))
    if problems:
        errors.setdefault("closed_periods", []).extend(dict.fromkeys(problems))


def replace_hours(place: Place, hours: Sequence[Hours]) -> None:
    OpeningHours.objects.filter(place=place).delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(place=place, weekday=row.weekday, opens=row.opens, closes=row.closes)
        for row in hours
    )


def replace_periods(place: Place, periods: Sequence[Closing]) -> None:
    ClosedPeriod.objects.filter(place=place).delete()
    ClosedPeriod.objects.bulk_create(
        ClosedPeriod(
            place=place,
            starts_on=period.starts_on,
            ends_on=period.ends_on,
            label=period.label.strip(),
            opens=period.opens,
            closes=period.closes,
        )
        for period in periods
    )
