"""A member's rides in their private calendar feed (neighbourhood.calendar): the dates they drive
and the seats they asked for, registered as the feed's "rides" section in RidesConfig.ready."""

from __future__ import annotations

import datetime

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.rides.selectors import MyTrip, my_trips
from neighbourhood.accounts.models import User
from neighbourhood.calendar import register_calendar_section

TRIP_LENGTH = datetime.timedelta(minutes=30)
HORIZON_DAYS = 90


def ride_events(user: User) -> list[icalendar.Event]:
    upcoming, past = my_trips(user=user, days=HORIZON_DAYS)
    return [_event(line) for line in [*past, *upcoming]]


def register_section() -> None:
    register_calendar_section("rides", ride_events)


def _event(line: MyTrip) -> icalendar.Event:
    ride = line.ride
    event = icalendar.Event()
    role = "driver" if line.as_driver else f"seat-{line.booking.pk if line.booking else 0}"
    event.add("uid", f"ride-{ride.pk}-{line.date:%Y%m%d}-{role}@voisinage")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", line.departs_at)
    event.add("dtend", line.departs_at + TRIP_LENGTH)
    if line.as_driver:
        summary = _("Driving: %(route)s") % {"route": ride}
        status = "CANCELLED" if line.is_cancelled else "CONFIRMED"
        description = _("%(taken)s of %(seats)s seats booked.") % {
            "taken": line.seats_taken,
            "seats": ride.seats,
        }
    else:
        assert line.booking is not None
        summary = _("Ride: %(route)s") % {"route": ride}
        live = line.booking.status in {"requested", "confirmed"} and not line.is_cancelled
        status = (
            "CANCELLED"
            if not live
            else ("CONFIRMED" if line.booking.status == "confirmed" else "TENTATIVE")
        )
        description = _("Driver: %(name)s. Seat: %(status)s.") % {
            "name": ride.driver.public_name,
            "status": line.booking.get_status_display(),
        }
    event.add("summary", summary)
    event.add("status", status)
    event.add("location", ride.origin_label)
    event.add("description", description)
    event.add("url", settings.SITE_URL.rstrip("/") + ride.get_absolute_url())
    return event
