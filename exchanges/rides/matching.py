"""Which rides serve a passenger, and which passengers a ride can serve.

A passenger's wish (a posted request or a search) becomes a list of *windows*: for each date,
the earliest and latest departure they accept. A ride serves it when, on one of those dates:

- it is not the passenger's own ride and belongs to the same quartier;
- it leaves within the window, give or take ``MARGIN`` (for a regular ride, on that weekday,
  inside its period, on a date its driver has not cancelled);
- along its route the pick-up comes before the drop-off, and the driver's extra distance
  (origin → pick-up → drop-off → destination, against origin → destination) is within the
  driver's tolerance (see `routes.fit`);
- enough seats are free on that date.

Matches are ranked by extra distance, then by how far the departure is from the window.

The database narrows the candidates first, with indexes: one-off rides by departure time,
regular rides by weekday and time, both by the box where the driver can pick up and drop off
(`Ride.box_*`, copied onto `WeeklyDeparture`). Only those candidates are measured.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.utils import timezone

from exchanges.rides import routes
from exchanges.rides.models import Ride, RideRequest, Trip, WeeklyDeparture
from exchanges.rides.schedule import local_datetime, site_date, site_time

MARGIN = datetime.timedelta(minutes=15)
# How far ahead a regular wish looks for dates.
HORIZON_DAYS = 28


@dataclass(frozen=True)
class Window:
    earliest: datetime.datetime
    latest: datetime.datetime

    @property
    def start(self) -> datetime.datetime:
        return self.earliest - MARGIN

    @property
    def end(self) -> datetime.datetime:
        return self.latest + MARGIN

    def gap(self, moment: datetime.datetime) -> datetime.timedelta:
        """How far ``moment`` is from the window itself (zero inside it)."""
        if moment < self.earliest:
            return self.earliest - moment
        if moment > self.latest:
            return moment - self.latest
        return datetime.timedelta(0)


@dataclass(frozen=True)
class Wish:
    """What a passenger wants, whether posted as a request or typed in the search form."""

    quartier_id: int
    passenger_id: int
    origin: routes.Point
    destination: routes.Point
    seats: int
    windows: list[Window]


@dataclass(frozen=True)
class Occurrence:
    date: datetime.date
    departs_at: datetime.datetime
    seats_free: int
    gap: datetime.timedelta


@dataclass
class RideMatch:
    ride: Ride
    fit: routes.Fit
    occurrences: list[Occurrence] = field(default_factory=list)

    @property
    def gap(self) -> datetime.timedelta:
        return min(occurrence.gap for occurrence in self.occurrences)

    @property
    def rank(self) -> tuple[float, datetime.timedelta, int]:
        return (round(self.fit.extra_km, 3), self.gap, self.ride.pk)


@dataclass
class RequestMatch:
    request: RideRequest
    fit: routes.Fit
    occurrences: list[Occurrence] = field(default_factory=list)

    @property
    def gap(self) -> datetime.timedelta:
        return min(occurrence.gap for occurrence in self.occurrences)

    @property
    def rank(self) -> tuple[float, datetime.timedelta, int]:
        return (round(self.fit.extra_km, 3), self.gap, self.request.pk)


def _days(start: datetime.datetime, end: datetime.datetime) -> list[datetime.date]:
    first, last = site_date(start), site_date(end)
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


def request_windows(request: RideRequest, *, now: datetime.datetime) -> list[Window]:
    if request.kind == Ride.Kind.ONE_OFF:
        assert request.earliest_at is not None and request.latest_at is not None
        if request.latest_at + MARGIN < now:
            return []
        return [Window(request.earliest_at, request.latest_at)]
    assert request.valid_from is not None and request.valid_until is not None
    assert request.earliest_time is not None and request.latest_time is not None
    today = site_date(now)
    first = max(today, request.valid_from)
    last = min(request.valid_until, today + datetime.timedelta(days=HORIZON_DAYS))
    windows = []
    for n in range((last - first).days + 1):
        day = first + datetime.timedelta(days=n)
        if request.weekdays & (1 << day.weekday()):
            window = Window(
                local_datetime(day, request.earliest_time), local_datetime(day, request.latest_time)
            )
            if window.end >= now:
                windows.append(window)
    return windows


def wish_of(request: RideRequest, *, now: datetime.datetime) -> Wish:
    return Wish(
        quartier_id=request.quartier_id,
        passenger_id=request.passenger_id,
        origin=(request.origin_latitude, request.origin_longitude),
        destination=(request.destination_latitude, request.destination_longitude),
        seats=request.seats,
        windows=request_windows(request, now=now),
    )


def ride_departures(
    ride: Ride, window: Window, *, now: datetime.datetime
) -> Iterable[tuple[datetime.date, datetime.datetime]]:
    """The dates and times ``ride`` leaves within ``window`` (margin included), in the future."""
    if ride.kind == Ride.Kind.ONE_OFF:
        assert ride.departs_at is not None
        if window.start <= ride.departs_at <= window.end and ride.departs_at > now:
            yield site_date(ride.departs_at), ride.departs_at
        return
    assert ride.valid_from is not None and ride.valid_until is not None
    times = {departure.weekday: departure.time for departure in ride.weekly.all()}
    for day in _days(window.start, window.end):
        if not ride.valid_from <= day <= ride.valid_until or day.weekday() not in times:
            continue
        moment = local_datetime(day, times[day.weekday()])
        if window.start <= moment <= window.end and moment > now:
            yield day, moment


def occurrences(
    ride: Ride,
    windows: list[Window],
    *,
    seats: int,
    trips: dict[tuple[int, datetime.date], Trip],
    now: datetime.datetime,
) -> list[Occurrence]:
    """The dates ``ride`` serves the windows with ``seats`` free, each once, soonest first."""
    found: dict[datetime.date, Occurrence] = {}
    for window in windows:
        for day, moment in ride_departures(ride, window, now=now):
            trip = trips.get((ride.pk, day))
            free = ride.seats if trip is None else trip.seats_free
            if free < seats:
                continue
            gap = window.gap(moment)
            if day not in found or gap < found[day].gap:
                found[day] = Occurrence(day, moment, free, gap)
    return sorted(found.values(), key=lambda occurrence: occurrence.departs_at)


def route_of(ride: Ride) -> list[routes.Point]:
    return [(float(lat), float(lng)) for lat, lng in ride.route]


def _in_box(point: routes.Point) -> Q:
    latitude, longitude = point
    return Q(
        box_min_latitude__lte=latitude,
        box_max_latitude__gte=latitude,
        box_min_longitude__lte=longitude,
        box_max_longitude__gte=longitude,
    )


def candidate_rides(wish: Wish, *, now: datetime.datetime) -> QuerySet[Ride]:
    """The rides worth measuring: in the wish's quartier, leaving in one of its windows, with
    both of its points inside the ride's reach box. No distance is computed.

    Two indexed searches find their ids: one-off rides by quartier and departure time, weekly
    rides by weekday, time and reach box (`WeeklyDeparture` carries a copy of the box, so no
    ride is read to discard it). The rides themselves are read by id.
    """
    if not wish.windows:
        return Ride.objects.none()
    reach = _in_box(wish.origin) & _in_box(wish.destination)
    one_off = (
        Ride.objects.filter(
            reach,
            reduce(
                or_,
                (Q(departs_at__gte=max(w.start, now), departs_at__lte=w.end) for w in wish.windows),
            ),
            quartier_id=wish.quartier_id,
            kind=Ride.Kind.ONE_OFF,
            status=Ride.Status.ACTIVE,
        )
        .values("pk")
        .order_by()
    )
    slots: set[tuple[int, datetime.time, datetime.time]] = set()
    for window in wish.windows:
        for day in _days(window.start, window.end):
            start = max(window.start, local_datetime(day, datetime.time.min))
            end = min(window.end, local_datetime(day, datetime.time.max))
            slots.add((day.weekday(), site_time(start), site_time(end)))
    weekly = (
        WeeklyDeparture.objects.filter(
            reach,
            reduce(
                or_,
                (
                    Q(weekday=weekday, time__gte=start, time__lte=end)
                    for weekday, start, end in slots
                ),
            ),
        )
        .values("ride_id")
        .order_by()
    )
    first_day = site_date(min(w.start for w in wish.windows))
    last_day = site_date(max(w.end for w in wish.windows))
    return (
        Ride.objects.filter(
            Q(kind=Ride.Kind.ONE_OFF)
            | Q(
                kind=Ride.Kind.REGULAR,
                valid_from__lte=last_day,
                valid_until__gte=max(first_day, site_date(now)),
            ),
            pk__in=one_off.union(weekly, all=True),
            quartier_id=wish.quartier_id,
            status=Ride.Status.ACTIVE,
        )
        .exclude(driver_id=wish.passenger_id)
        .select_related("driver")
        .prefetch_related("weekly")
    )


def trips_of(
    ride_ids: list[int], days: set[datetime.date]
) -> dict[tuple[int, datetime.date], Trip]:
    trips = Trip.objects.filter(ride_id__in=ride_ids, date__in=days)
    return {(trip.ride_id, trip.date): trip for trip in trips}


def rides_for(
    wish: Wish, *, rides: Iterable[Ride] | None = None, now: datetime.datetime | None = None
) -> list[RideMatch]:
    """The rides that serve ``wish``, best first. ``rides`` replaces the indexed candidates
    (the benchmark passes every ride, to measure what the index saves)."""
    now = now or timezone.now()
    candidates = list(candidate_rides(wish, now=now) if rides is None else rides)
    return rides_for_wishes([wish], candidates, now=now)[0]


def rides_for_wishes(
    wishes: Sequence[Wish], rides: Iterable[Ride], *, now: datetime.datetime
) -> list[list[RideMatch]]:
    """For each wish, which of ``rides`` serve it, best first: the seats of every ride on
    every date any wish needs are read in one query, so a digest answers a whole chunk of
    passengers at once. The rides need their ``weekly`` departures prefetched."""
    by_quartier: dict[int, list[Ride]] = defaultdict(list)
    for ride in rides:
        by_quartier[ride.quartier_id].append(ride)
    days = {
        day for wish in wishes for window in wish.windows for day in _days(window.start, window.end)
    }
    ride_ids = {ride.pk for wish in wishes for ride in by_quartier.get(wish.quartier_id, ())}
    trips = trips_of(sorted(ride_ids), days)
    return [
        _serving(wish, by_quartier.get(wish.quartier_id, []), trips=trips, now=now)
        for wish in wishes
    ]


def _serving(
    wish: Wish,
    rides: list[Ride],
    *,
    trips: dict[tuple[int, datetime.date], Trip],
    now: datetime.datetime,
) -> list[RideMatch]:
    matches = []
    for ride in rides:
        if ride.driver_id == wish.passenger_id or ride.quartier_id != wish.quartier_id:
            continue
        if ride.status != Ride.Status.ACTIVE:
            continue
        fit = routes.fit(route_of(ride), ride.detour_km, wish.origin, wish.destination)
        if fit is None:
            continue
        found = occurrences(ride, wish.windows, seats=wish.seats, trips=trips, now=now)
        if found:
            matches.append(RideMatch(ride, fit, found))
    return sorted(matches, key=lambda match: match.rank)


def candidate_requests(ride: Ride, *, now: datetime.datetime) -> QuerySet[RideRequest]:
    """Open requests of the ride's quartier whose two points lie in the ride's reach box."""
    box = Q(
        origin_latitude__gte=ride.box_min_latitude,
        origin_latitude__lte=ride.box_max_latitude,
        origin_longitude__gte=ride.box_min_longitude,
        origin_longitude__lte=ride.box_max_longitude,
        destination_latitude__gte=ride.box_min_latitude,
        destination_latitude__lte=ride.box_max_latitude,
        destination_longitude__gte=ride.box_min_longitude,
        destination_longitude__lte=ride.box_max_longitude,
    )
    still_open = Q(kind=Ride.Kind.ONE_OFF, latest_at__gte=now - MARGIN) | Q(
        kind=Ride.Kind.REGULAR, valid_until__gte=site_date(now)
    )
    return (
        RideRequest.objects.filter(
            box, still_open, quartier_id=ride.quartier_id, status=RideRequest.Status.ACTIVE
        )
        .exclude(passenger_id=ride.driver_id)
        .select_related("passenger")
    )


def requests_for(ride: Ride, *, now: datetime.datetime | None = None) -> list[RequestMatch]:
    """The open requests ``ride`` can serve, best first."""
    now = now or timezone.now()
    if ride.status != Ride.Status.ACTIVE:
        return []
    requests = list(candidate_requests(ride, now=now))
    wishes = {request.pk: wish_of(request, now=now) for request in requests}
    days = {
        day
        for wish in wishes.values()
        for window in wish.windows
        for day in _days(window.start, window.end)
    }
    trips = trips_of([ride.pk], days)
    route = route_of(ride)
    matches = []
    for request in requests:
        wish = wishes[request.pk]
        fit = routes.fit(route, ride.detour_km, wish.origin, wish.destination)
        if fit is None:
            continue
        found = occurrences(ride, wish.windows, seats=wish.seats, trips=trips, now=now)
        if found:
            matches.append(RequestMatch(request, fit, found))
    return sorted(matches, key=lambda match: match.rank)
