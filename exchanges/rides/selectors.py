"""Reads of carpooling, and the access helpers every page and endpoint goes through: an
outsider gets a 404 for every ride, request, booking and meeting point."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.rides import matching
from exchanges.rides.models import (
    Booking,
    CalendarFeed,
    MeetingPoint,
    Ride,
    RideRequest,
    Trip,
    WeeklyDeparture,
)
from exchanges.rides.schedule import departures_between, local_datetime, site_date
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import active_quartier_ids, get_quartier_for_coordinator

UPCOMING_DAYS = 28
LIVE = [Booking.Status.REQUESTED, Booking.Status.CONFIRMED]


def _rides() -> QuerySet[Ride]:
    return Ride.objects.select_related(
        "driver", "quartier", "origin_point", "destination_point", "conversation"
    ).prefetch_related(
        Prefetch("weekly", queryset=WeeklyDeparture.objects.order_by("weekday")), "via"
    )


def get_ride_for_member(*, user: User, ride_id: int) -> Ride:
    if not user.is_authenticated:
        raise Http404
    try:
        return _rides().get(pk=ride_id, quartier_id__in=active_quartier_ids(user_id=user.pk))
    except Ride.DoesNotExist:
        raise Http404 from None


def get_ride_for_driver(*, user: User, ride_id: int) -> Ride:
    """As `get_ride_for_member`, and a 403 for a member who does not drive it."""
    ride = get_ride_for_member(user=user, ride_id=ride_id)
    if ride.driver_id != user.pk:
        raise PermissionDenied(_("Only the driver of this ride can do this."))
    return ride


def get_request_for_member(*, user: User, request_id: int) -> RideRequest:
    if not user.is_authenticated:
        raise Http404
    try:
        return RideRequest.objects.select_related("passenger", "quartier").get(
            pk=request_id, quartier_id__in=active_quartier_ids(user_id=user.pk)
        )
    except RideRequest.DoesNotExist:
        raise Http404 from None


def get_request_for_author(*, user: User, request_id: int) -> RideRequest:
    """As `get_request_for_member`, and a 403 for a member who did not ask."""
    ride_request = get_request_for_member(user=user, request_id=request_id)
    if ride_request.passenger_id != user.pk:
        raise PermissionDenied(_("Only the author of this request can see the rides for it."))
    return ride_request


def get_booking_for_party(*, user: User, booking_id: int) -> Booking:
    """404 unless the user is the passenger or the driver, and still a member."""
    if not user.is_authenticated:
        raise Http404
    try:
        return Booking.objects.select_related(
            "trip__ride__driver", "trip__ride__quartier", "trip__ride__conversation", "passenger"
        ).get(
            Q(passenger=user) | Q(trip__ride__driver=user),
            pk=booking_id,
            trip__ride__quartier_id__in=active_quartier_ids(user_id=user.pk),
        )
    except Booking.DoesNotExist:
        raise Http404 from None


def get_meeting_point_in(*, quartier: Quartier, point_id: int) -> MeetingPoint:
    try:
        return MeetingPoint.objects.select_related("quartier").get(quartier=quartier, pk=point_id)
    except MeetingPoint.DoesNotExist:
        raise Http404 from None


def get_meeting_point_for_coordinator(*, user: User, slug: str, point_id: int) -> MeetingPoint:
    """A meeting point of the quartier, for one of its coordinators (a member gets a 403)."""
    quartier, _membership = get_quartier_for_coordinator(user=user, slug=slug)
    return get_meeting_point_in(quartier=quartier, point_id=point_id)


def meeting_points(*, quartier: Quartier) -> QuerySet[MeetingPoint]:
    return MeetingPoint.objects.filter(quartier=quartier).order_by("name", "id")


def open_rides(*, quartier: Quartier) -> QuerySet[Ride]:
    now = timezone.now()
    return _rides().filter(
        Q(kind=Ride.Kind.ONE_OFF, departs_at__gt=now)
        | Q(kind=Ride.Kind.REGULAR, valid_until__gte=site_date(now)),
        quartier=quartier,
        status=Ride.Status.ACTIVE,
    )


def ride_list(*, quartier: Quartier, limit: int = 100) -> list[Ride]:
    return list(open_rides(quartier=quartier).order_by("departs_at", "valid_from", "id")[:limit])


def open_requests(*, quartier: Quartier) -> QuerySet[RideRequest]:
    now = timezone.now()
    return RideRequest.objects.select_related("passenger", "quartier").filter(
        Q(kind=Ride.Kind.ONE_OFF, latest_at__gt=now)
        | Q(kind=Ride.Kind.REGULAR, valid_until__gte=site_date(now)),
        quartier=quartier,
        status=RideRequest.Status.ACTIVE,
    )


def request_list(*, quartier: Quartier, limit: int = 100) -> list[RideRequest]:
    return list(
        open_requests(quartier=quartier).order_by("earliest_at", "valid_from", "id")[:limit]
    )


@dataclass(frozen=True)
class Departure:
    """One date of a ride as its page shows it."""

    date: datetime.date
    departs_at: datetime.datetime
    seats: int
    seats_taken: int
    is_cancelled: bool
    trip_id: int | None

    @property
    def seats_free(self) -> int:
        return 0 if self.is_cancelled else self.seats - self.seats_taken


def upcoming_departures(*, ride: Ride, days: int = UPCOMING_DAYS) -> list[Departure]:
    """The ride's dates still to come (a regular ride's next ``days`` days), with their seats."""
    now = timezone.now()
    today = site_date(now)
    leaves = departures_between(ride, today, today + datetime.timedelta(days=days))
    trips = {trip.date: trip for trip in Trip.objects.filter(ride=ride, date__in=list(leaves))}
    departures = []
    for day, moment in sorted(leaves.items()):
        if moment <= now:
            continue
        trip = trips.get(day)
        departures.append(
            Departure(
                date=day,
                departs_at=moment,
                seats=trip.seats if trip else ride.seats,
                seats_taken=trip.seats_taken if trip else 0,
                is_cancelled=trip.is_cancelled if trip else False,
                trip_id=trip.pk if trip else None,
            )
        )
    return departures


def bookings_of(*, ride: Ride, viewer: User) -> list[Booking]:
    """Upcoming bookings of the ride: all of them for its driver, the viewer's own otherwise."""
    bookings = Booking.objects.filter(
        trip__ride=ride, trip__departs_at__gt=timezone.now()
    ).select_related("trip", "passenger")
    if ride.driver_id != viewer.pk:
        bookings = bookings.filter(passenger=viewer)
    return list(bookings.order_by("trip__departs_at", "created_at", "id"))


def booked_dates(*, passenger: User, ride_ids: list[int]) -> dict[int, set[datetime.date]]:
    """The dates of each ride the passenger already holds or asked a seat on, in one query."""
    found: dict[int, set[datetime.date]] = {}
    rows = Booking.objects.filter(
        passenger=passenger, trip__ride_id__in=ride_ids, status__in=LIVE
    ).values_list("trip__ride_id", "trip__date")
    for ride_id, day in rows:
        found.setdefault(ride_id, set()).add(day)
    return found


def rides_for_request(*, request: RideRequest) -> list[matching.RideMatch]:
    return matching.rides_for(matching.wish_of(request, now=timezone.now()))


def requests_for_ride(*, ride: Ride) -> list[matching.RequestMatch]:
    return matching.requests_for(ride)


def search_rides(
    *,
    quartier: Quartier,
    passenger: User,
    origin: tuple[float, float],
    destination: tuple[float, float],
    date: datetime.date,
    earliest: datetime.time,
    latest: datetime.time,
    seats: int,
) -> list[matching.RideMatch]:
    """Rides that could carry someone who has posted nothing, on one date."""
    window = matching.Window(local_datetime(date, earliest), local_datetime(date, latest))
    wish = matching.Wish(
        quartier_id=quartier.pk,
        passenger_id=passenger.pk,
        origin=origin,
        destination=destination,
        seats=seats,
        windows=[window],
    )
    return matching.rides_for(wish)


@dataclass(frozen=True)
class MyTrip:
    """A line of "my rides": a date I drive, or a seat I asked for."""

    ride: Ride
    date: datetime.date
    departs_at: datetime.datetime
    as_driver: bool
    booking: Booking | None = None
    seats_taken: int = 0
    is_cancelled: bool = False


def my_trips(*, user: User, days: int = UPCOMING_DAYS) -> tuple[list[MyTrip], list[MyTrip]]:
    """What I drive and what I ride: the next ``days`` days soonest first, then the last
    month, latest first."""
    now = timezone.now()
    today = site_date(now)
    first, last = today - datetime.timedelta(days=31), today + datetime.timedelta(days=days)
    driving = list(
        _rides().filter(
            Q(kind=Ride.Kind.ONE_OFF, departs_at__date__gte=first)
            | Q(kind=Ride.Kind.REGULAR, valid_until__gte=first),
            driver=user,
        )
    )
    bookings = (
        Booking.objects.filter(passenger=user, trip__date__gte=first, trip__date__lte=last)
        .select_related("trip__ride__driver", "trip__ride__quartier")
        .order_by("trip__departs_at", "id")
    )
    lines = trip_lines(driving, bookings, first, last)
    upcoming = sorted((line for line in lines if line.departs_at > now), key=_when)
    past = sorted((line for line in lines if line.departs_at <= now), key=_when, reverse=True)
    return upcoming, past


def trip_lines(
    driving: list[Ride], bookings: Iterable[Booking], first: datetime.date, last: datetime.date
) -> list[MyTrip]:
    """The lines of "my rides" from ``first`` to ``last``: each date of the rides I drive (with
    its trip's seats, if someone booked it), then each seat I asked for. One query for the trips,
    one for the bookings."""
    trips = {
        (trip.ride_id, trip.date): trip
        for trip in Trip.objects.filter(ride__in=driving, date__gte=first, date__lte=last)
    }
    lines = []
    for ride in driving:
        for day, moment in departures_between(ride, first, last).items():
            trip = trips.get((ride.pk, day))
            if ride.status == Ride.Status.CANCELLED and trip is None:
                continue
            lines.append(
                MyTrip(
                    ride=ride,
                    date=day,
                    departs_at=moment,
                    as_driver=True,
                    seats_taken=trip.seats_taken if trip else 0,
                    is_cancelled=(trip.is_cancelled if trip else False)
                    or ride.status == Ride.Status.CANCELLED,
                )
            )
    for booking in bookings:
        lines.append(
            MyTrip(
                ride=booking.trip.ride,
                date=booking.trip.date,
                departs_at=booking.trip.departs_at,
                as_driver=False,
                booking=booking,
                is_cancelled=booking.trip.is_cancelled,
            )
        )
    return lines


def _when(line: MyTrip) -> tuple[datetime.datetime, int]:
    return line.departs_at, line.ride.pk


def trips_ahead(
    *,
    user_ids: Collection[int],
    quartier_ids: Collection[int],
    start: datetime.datetime,
    end: datetime.datetime,
) -> dict[int, list[MyTrip]]:
    """For many members at once, the dates leaving in (``start``, ``end``] that they drive or
    hold a confirmed seat on, in the given quartiers, soonest first; cancelled rides and dates
    are left out. Four queries whatever the number of members (for the digest)."""
    found: dict[int, list[MyTrip]] = {}
    for line in _drives_ahead(user_ids, quartier_ids, start, end):
        found.setdefault(line.ride.driver_id, []).append(line)
    for line in _seats_ahead(user_ids, quartier_ids, start, end):
        assert line.booking is not None
        found.setdefault(line.booking.passenger_id, []).append(line)
    return {user_id: sorted(lines, key=_when) for user_id, lines in found.items()}


def _drives_ahead(
    user_ids: Collection[int],
    quartier_ids: Collection[int],
    start: datetime.datetime,
    end: datetime.datetime,
) -> list[MyTrip]:
    first, last = site_date(start), site_date(end)
    driving = Ride.objects.filter(
        Q(kind=Ride.Kind.ONE_OFF, departs_at__gt=start, departs_at__lte=end)
        | Q(kind=Ride.Kind.REGULAR, valid_from__lte=last, valid_until__gte=first),
        driver_id__in=user_ids,
        quartier_id__in=quartier_ids,
        status=Ride.Status.ACTIVE,
    ).prefetch_related("weekly")
    # Read by driver rather than by the rides' ids, so the count never depends on the rows.
    trips = {
        (trip.ride_id, trip.date): trip
        for trip in Trip.objects.filter(
            ride__driver_id__in=user_ids, date__gte=first, date__lte=last
        )
    }
    lines = []
    for ride in driving:
        for day, moment in departures_between(ride, first, last).items():
            trip = trips.get((ride.pk, day))
            if not start < moment <= end or (trip is not None and trip.is_cancelled):
                continue
            taken = trip.seats_taken if trip else 0
            lines.append(MyTrip(ride, day, moment, as_driver=True, seats_taken=taken))
    return lines


def _seats_ahead(
    user_ids: Collection[int],
    quartier_ids: Collection[int],
    start: datetime.datetime,
    end: datetime.datetime,
) -> list[MyTrip]:
    bookings = Booking.objects.filter(
        passenger_id__in=user_ids,
        status=Booking.Status.CONFIRMED,
        trip__departs_at__gt=start,
        trip__departs_at__lte=end,
        trip__is_cancelled=False,
        trip__ride__status=Ride.Status.ACTIVE,
        trip__ride__quartier_id__in=quartier_ids,
    ).select_related("trip__ride")
    return [
        MyTrip(b.trip.ride, b.trip.date, b.trip.departs_at, as_driver=False, booking=b)
        for b in bookings
    ]


def my_rides(*, user: User) -> list[Ride]:
    return list(_rides().filter(driver=user).order_by("status", "-created_at", "-id"))


def my_requests(*, user: User) -> list[RideRequest]:
    return list(
        RideRequest.objects.filter(passenger=user)
        .select_related("quartier")
        .order_by("status", "-created_at", "-id")
    )


def get_calendar_owner(*, token: str) -> User:
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not token or not feed.user.is_active:
        raise Http404
    return feed.user
