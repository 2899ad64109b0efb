"""When a ride leaves: its one date, or the weekdays of its period.

A ride happens in one place, so its dates and times are in the site's timezone (`TIME_ZONE`),
whoever reads them: a member abroad sees the same 8:00 departure at their own hour, but it
stays on the same date and the same trip."""

from __future__ import annotations

import datetime

from django.utils import timezone

from exchanges.rides.models import Ride


def local_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day, time), timezone.get_default_timezone()
    )


def site_date(moment: datetime.datetime | None = None) -> datetime.date:
    """The date of ``moment`` (now by default) where the rides happen."""
    return timezone.localdate(moment, timezone.get_default_timezone())


def site_time(moment: datetime.datetime) -> datetime.time:
    return timezone.localtime(moment, timezone.get_default_timezone()).time()


def departures_between(
    ride: Ride, first: datetime.date, last: datetime.date
) -> dict[datetime.date, datetime.datetime]:
    """Every date from ``first`` to ``last`` the ride's schedule leaves on, with the time; dates
    the driver cancelled are included (their trip says so)."""
    if ride.kind == Ride.Kind.ONE_OFF:
        assert ride.departs_at is not None
        day = site_date(ride.departs_at)
        return {day: ride.departs_at} if first <= day <= last else {}
    assert ride.valid_from is not None and ride.valid_until is not None
    times = {departure.weekday: departure.time for departure in ride.weekly.all()}
    start, end = max(first, ride.valid_from), min(last, ride.valid_until)
    found = {}
    for n in range((end - start).days + 1):
        day = start + datetime.timedelta(days=n)
        if day.weekday() in times:
            found[day] = local_datetime(day, times[day.weekday()])
    return found
