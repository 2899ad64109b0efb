"""A member's rides as an iCalendar feed, for any calendar app: the dates they drive and the
seats they asked for, built with the `icalendar` library."""

from __future__ import annotations

import datetime

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.rides.selectors import MyTrip, my_trips
from neighbourhood.accounts.models import User

TRIP_LENGTH = datetime.timedelta(minutes=30)
HORIZON_DAYS = 90


def calendar_for(*, user: User) -> bytes:
    upcoming, past = my_trips(user=user, days=HORIZON_DAYS)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Voisinage//Covoiturage//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("My rides · Voisinage"))
    for line in [*past, *upcoming]:
        calendar.add_component(_event(line))
    return calendar.to_ical()


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
