"""A member's rides in the calendars (neighbourhood.calendar): the dates they drive and the seats
they asked for, on the quartier's calendar page and in their private feed. Registered as the
"rides" section in RidesConfig.ready, with the private feed's address, whose token rides keep
(`CalendarFeed`): the feed was rides' before it gathered the other sections."""

from __future__ import annotations

import datetime

from django.db.models import Exists, Prefetch, Q
from django.utils.translation import gettext as _

from exchanges.rides import services
from exchanges.rides.models import Booking, Ride, WeeklyDeparture
from exchanges.rides.schedule import local_datetime
from exchanges.rides.selectors import MyTrip, trip_lines
from neighbourhood.accounts.models import User
from neighbourhood.calendar import (
    Item,
    PrivateFeed,
    Section,
    register_calendar_section,
    register_private_feed,
)
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import member_of_quartier

TRIP_LENGTH = datetime.timedelta(minutes=30)


class RidesSection(Section):
    def page_items(
        self, *, member: User, quartier: Quartier, first: datetime.date, last: datetime.date
    ) -> list[Item]:
        return [_item(line) for line in trips_between(member, first, last, quartier)]

    def private_items(
        self, *, member: User, first: datetime.date, last: datetime.date
    ) -> list[Item]:
        return [_item(line) for line in trips_between(member, first, last, None)]


def register_section() -> None:
    register_calendar_section("rides", RidesSection())
    register_private_feed(
        PrivateFeed(address=_private_feed_address, settings_url_name="rides:calendar_settings")
    )


def _private_feed_address(user: User) -> str:
    return services.calendar_feed_for(user=user).get_absolute_url()


def trips_between(
    user: User, first: datetime.date, last: datetime.date, quartier: Quartier | None
) -> list[MyTrip]:
    """The dates ``user`` drives and the seats they asked for, from ``first`` to ``last`` (the
    site's dates, where rides happen), in ``quartier``, or (None) in every quartier they are
    still an active member of: four queries."""
    driving = list(
        Ride.objects.filter(driver=user)
        .filter(_in(user, quartier, "quartier_id"))
        .filter(
            Q(
                kind=Ride.Kind.ONE_OFF,
                departs_at__gte=local_datetime(first, datetime.time.min),
                departs_at__lt=local_datetime(last + datetime.timedelta(days=1), datetime.time.min),
            )
            | Q(kind=Ride.Kind.REGULAR, valid_from__lte=last, valid_until__gte=first)
        )
        .select_related("quartier")
        .prefetch_related(Prefetch("weekly", queryset=WeeklyDeparture.objects.order_by("weekday")))
    )
    bookings = (
        Booking.objects.filter(passenger=user, trip__date__gte=first, trip__date__lte=last)
        .filter(_in(user, quartier, "trip__ride__quartier_id"))
        .select_related("trip__ride__driver", "trip__ride__quartier")
    )
    return trip_lines(driving, bookings, first, last)


def _in(user: User, quartier: Quartier | None, field: str) -> Q | Exists:
    """The rows of ``quartier`` (``field`` leads to its id), or of any quartier ``user`` is an
    active member of."""
    if quartier is not None:
        return Q(**{field: quartier.pk})
    return member_of_quartier(user, field)


def _item(line: MyTrip) -> Item:
    ride = line.ride
    role = "driver" if line.as_driver else f"seat-{line.booking.pk if line.booking else 0}"
    if line.as_driver:
        title = _("Driving: %(route)s") % {"route": ride}
        status = "cancelled" if line.is_cancelled else "confirmed"
        description = _("%(taken)s of %(seats)s seats booked.") % {
            "taken": line.seats_taken,
            "seats": ride.seats,
        }
        mine = _("You drive")
    else:
        assert line.booking is not None
        title = _("Ride: %(route)s") % {"route": ride}
        live = line.booking.status in {"requested", "confirmed"} and not line.is_cancelled
        status = (
            "cancelled"
            if not live
            else ("confirmed" if line.booking.status == "confirmed" else "tentative")
        )
        description = _("Driver: %(name)s. Seat: %(status)s.") % {
            "name": ride.driver.public_name,
            "status": line.booking.get_status_display(),
        }
        mine = _("Your seat: %(status)s") % {"status": line.booking.get_status_display()}
    return Item(
        # The UIDs the feed has always given: subscribed calendars keep their events.
        uid=f"ride-{ride.pk}-{line.date:%Y%m%d}-{role}@voisinage",
        kind="ride",
        title=title,
        start=line.departs_at,
        end=line.departs_at + TRIP_LENGTH,
        zone=ride.quartier.zone,
        place=ride.origin_label,
        url=ride.get_absolute_url(),
        mine=mine,
        status=status,
        description=description,
    )
