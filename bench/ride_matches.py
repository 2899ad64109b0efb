"""Finding the rides that serve a passenger among many: the indexed prefilter of
`matching.candidate_rides` narrows the rides by time and reach box before any distance is
computed, against measuring every ride of the quartier (what `matching.rides_for` does when it is
handed all of them)."""

from __future__ import annotations

import datetime
import gc
import math
import random
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from django.contrib.auth.hashers import make_password
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.common import Row
from bench.feed_pages import analyze
from exchanges.rides import matching, routes
from exchanges.rides.models import MeetingPoint, Ride, RideRequest, Trip, WeeklyDeparture
from exchanges.rides.schedule import local_datetime
from exchanges.rides.services import Place
from exchanges.rides.services.rides import reach_of
from neighbourhood.accounts.models import User
from neighbourhood.geo import haversine_km
from neighbourhood.quartiers.models import Membership, Quartier

NAME = "ride matches"
RIDES = 100_000
DRIVERS = 2_000
MEETING_POINTS = 40
ONE_OFF_WISHES = 24
REGULAR_WISHES = 4
INDEXED_REPEAT = 5  # the indexed search is fast: each wish is measured a few times
# Loading every ride takes seconds: the brute force with loading is measured on every twelfth
# wish only (one of them regular), to keep the scenario within about three minutes; the one in
# memory, which checks the indexed search, on every wish.
BRUTE_EVERY = 12
BATCH = 2_000
LYON = (45.76, 4.84)
REGION_KM = 40.0
T = TypeVar("T")
UNUSABLE = make_password(None)  # the drivers never log in
DESCRIPTION = (
    f"one quartier with {RIDES:,} rides (1% cancelled) by {DRIVERS:,} drivers, spread within "
    f"{REGION_KM:.0f} km of Lyon, 2 to 30 km long: 70% once over the next 30 days (6:00–21:00), "
    "30% every week on 1 to 5 weekdays for 2 to 3 months; one in five by way of one or two of "
    f"{MEETING_POINTS} meeting points; detours of 5 to 20 minutes or km; a trip (a third full, "
    f"some cancelled) on 1% of them. {ONE_OFF_WISHES} one-off wishes (a 1-hour window on a date "
    "of the next 30 days, half of them picked along an existing ride so that some match) and "
    f"{REGULAR_WISHES} regular ones (a posted weekly request: 1 to 3 weekdays, 1 hour, its next "
    "28 days). 'indexed' is `matching.rides_for(wish)`, the real search (each wish's median of "
    f"{INDEXED_REPEAT} runs); 'brute force' is `matching.rides_for(wish, rides=…)` handed every "
    "active ride of the quartier, loaded each time with their weekly departures (measured on "
    f"one wish in {BRUTE_EVERY}, loading takes seconds), and 'brute force in memory' the same "
    "with the rides loaded once beforehand (every wish). Both give the same rides in the same "
    "order, on the same dates, for every wish (checked, or the run fails). Median and p90 are "
    "over the wishes, p95 in the case; the ratio is brute force / indexed on the medians of the "
    "same wishes; 'candidates' is what `matching.candidate_rides` keeps for a wish."
)


def offset(point: routes.Point, east_km: float, north_km: float) -> routes.Point:
    latitude = point[0] + north_km / routes.KM_PER_DEGREE
    cos_lat = math.cos(math.radians(point[0]))
    return (latitude, point[1] + east_km / (routes.KM_PER_DEGREE * cos_lat))


def somewhere(rng: random.Random, centre: routes.Point, within_km: float) -> routes.Point:
    """A point spread evenly over the disc of ``within_km`` around ``centre``."""
    distance = within_km * math.sqrt(rng.random())
    bearing = rng.uniform(0, 2 * math.pi)
    return offset(centre, distance * math.sin(bearing), distance * math.cos(bearing))


def between(a: routes.Point, b: routes.Point, share: float) -> routes.Point:
    return (a[0] + (b[0] - a[0]) * share, a[1] + (b[1] - a[1]) * share)


def ride_row(
    *,
    quartier: Quartier,
    driver: User,
    kind: str,
    origin: Place,
    destination: Place,
    via: Sequence[MeetingPoint] = (),
    departs_at: datetime.datetime | None = None,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    seats: int = 3,
    detour_value: int = 10,
    detour_unit: str = Ride.DetourUnit.MINUTES,
    status: str = Ride.Status.ACTIVE,
) -> Ride:
    """The ride as `services.ride_create` stores it, unsaved and with none of its checks: the
    route through the meeting points, its length, the detour in km and the reach box, all from
    `routes`. It has no conversation nor feed entry, which matching never reads.
    tests/exchanges/rides/test_bench.py holds it to what the service stores."""
    now = timezone.now()
    ride = Ride(
        quartier=quartier,
        driver=driver,
        kind=kind,
        departs_at=departs_at,
        valid_from=valid_from,
        valid_until=valid_until,
        seats=seats,
        detour_value=detour_value,
        detour_unit=detour_unit,
        status=status,
        created_at=now,
        updated_at=now,
    )
    for prefix, place in (("origin", origin), ("destination", destination)):
        point = place.point
        setattr(ride, f"{prefix}_label", (place.label or (point.name if point else "")).strip())
        setattr(ride, f"{prefix}_latitude", point.latitude if point else place.latitude)
        setattr(ride, f"{prefix}_longitude", point.longitude if point else place.longitude)
        setattr(ride, f"{prefix}_point", point)
    start = (ride.origin_latitude, ride.origin_longitude)
    end = (ride.destination_latitude, ride.destination_longitude)
    stops = [point.position for point in via]
    route = [start, *[stops[i] for i in routes.order_stops(start, end, stops)], end]
    ride.route = [list(point) for point in route]
    ride.route_km = routes.route_length_km(route)
    if detour_unit == Ride.DetourUnit.KILOMETRES:
        ride.detour_km = float(detour_value)
    else:
        ride.detour_km = routes.km_for_minutes(detour_value)
    box = routes.reach_box(route, ride.detour_km)
    ride.box_min_latitude, ride.box_max_latitude = box.min_latitude, box.max_latitude
    ride.box_min_longitude, ride.box_max_longitude = box.min_longitude, box.max_longitude
    return ride


@dataclass
class Scene:
    quartier: Quartier
    passenger: User  # a member who drives nothing: every ride is a candidate for them
    rides: list[Ride]  # as created, for picking wishes along them
    weekly: dict[int, dict[int, datetime.time]]  # ride id → weekday → time


def _meeting_points(rng: random.Random, quartier: Quartier, count: int) -> list[MeetingPoint]:
    return MeetingPoint.objects.bulk_create(
        MeetingPoint(
            quartier=quartier,
            name=f"Point de rendez-vous {i}",
            latitude=latitude,
            longitude=longitude,
        )
        for i, (latitude, longitude) in enumerate(
            somewhere(rng, LYON, REGION_KM) for _ in range(count)
        )
    )


def _via(
    rng: random.Random, start: routes.Point, end: routes.Point, points: list[MeetingPoint]
) -> list[MeetingPoint]:
    """One or two meeting points that cost less than 3 km of detour: what a driver would pick."""
    direct = haversine_km(*start, *end)
    near = [
        point
        for point in points
        if haversine_km(*start, *point.position) + haversine_km(*point.position, *end) - direct
        < 3.0
    ]
    return rng.sample(near, min(len(near), rng.randint(1, 2)))


def _random_ride(
    rng: random.Random,
    quartier: Quartier,
    driver: User,
    points: list[MeetingPoint],
    today: datetime.date,
) -> tuple[Ride, list[MeetingPoint], dict[int, datetime.time]]:
    start = somewhere(rng, LYON, REGION_KM)
    while True:  # a destination 2 to 30 km away, still in the region (give or take 5 km)
        length, bearing = rng.uniform(2, 30), rng.uniform(0, 2 * math.pi)
        end = offset(start, length * math.sin(bearing), length * math.cos(bearing))
        if haversine_km(*LYON, *end) <= REGION_KM + 5:
            break
    # One ride in three looks for meeting points on its way, and three in five of those find
    # one: one ride in five goes by way of a meeting point.
    via = _via(rng, start, end, points) if rng.random() < 0.33 else []
    weekly: dict[int, datetime.time] = {}
    departs_at, valid_from, valid_until = None, None, None
    if rng.random() < 0.7:
        kind = Ride.Kind.ONE_OFF
        day = today + datetime.timedelta(days=rng.randint(1, 30))
        departs_at = local_datetime(day, datetime.time(rng.randint(6, 20), rng.randrange(0, 60, 5)))
    else:
        kind = Ride.Kind.REGULAR
        base = rng.randint(6 * 12, 20 * 12) * 5  # minutes after midnight, 5 by 5
        for weekday in rng.sample(range(7), rng.randint(1, 5)):
            minutes = base + rng.choice([0, 0, 0, -15, 15, 30])
            weekly[weekday] = datetime.time(minutes // 60, minutes % 60)
        valid_from = today + datetime.timedelta(days=rng.randint(0, 14))
        valid_until = today + datetime.timedelta(days=rng.randint(60, 90))
    ride = ride_row(
        quartier=quartier,
        driver=driver,
        kind=kind,
        origin=Place(f"{start[0]:.4f}, {start[1]:.4f}", *start),
        destination=Place(f"{end[0]:.4f}, {end[1]:.4f}", *end),
        via=via,
        departs_at=departs_at,
        valid_from=valid_from,
        valid_until=valid_until,
        seats=rng.randint(1, 4),
        detour_value=rng.randint(5, 20),
        detour_unit=rng.choice([Ride.DetourUnit.MINUTES, Ride.DetourUnit.KILOMETRES]),
        status=Ride.Status.CANCELLED if rng.random() < 0.01 else Ride.Status.ACTIVE,
    )
    return ride, via, weekly


def _trip(rng: random.Random, ride: Ride, weekly: dict[int, datetime.time]) -> Trip | None:
    """A trip on one date of the ride: a third full, one in ten cancelled."""
    if ride.kind == Ride.Kind.ONE_OFF:
        assert ride.departs_at is not None
        day, moment = timezone.localdate(ride.departs_at), ride.departs_at
    else:
        assert ride.valid_from is not None
        days = [ride.valid_from + datetime.timedelta(days=n) for n in range(28)]
        days = [day for day in days if day.weekday() in weekly]
        if not days:
            return None
        day = rng.choice(days)
        moment = local_datetime(day, weekly[day.weekday()])
    roll = rng.random()
    taken = ride.seats if roll < 1 / 3 else rng.randint(0, ride.seats - 1)
    return Trip(
        ride=ride,
        date=day,
        departs_at=moment,
        seats=ride.seats,
        seats_taken=taken,
        is_cancelled=roll > 0.9,
    )


def populate(
    *, rides: int = RIDES, drivers: int = DRIVERS, trip_share: float = 0.01, seed: int = RIDES
) -> Scene:
    rng = random.Random(seed)
    today = timezone.localdate()
    quartier = Quartier.objects.create(
        name="Covoiturage lyonnais", slug="bench-rides", latitude=LYON[0], longitude=LYON[1]
    )
    users = User.objects.bulk_create(
        User(email=f"ride-driver-{i}@bench.example", display_name=f"Voisin {i}", password=UNUSABLE)
        for i in range(drivers)
    )
    passenger = User.objects.create_user(email="ride-passenger@bench.example", display_name="P")
    Membership.objects.bulk_create(
        Membership(quartier=quartier, user=user) for user in [*users, passenger]
    )
    points = _meeting_points(rng, quartier, MEETING_POINTS)
    built = [_random_ride(rng, quartier, rng.choice(users), points, today) for _ in range(rides)]
    created = Ride.objects.bulk_create([ride for ride, _via, _weekly in built], batch_size=BATCH)
    Ride.via.through.objects.bulk_create(
        (
            Ride.via.through(ride_id=ride.pk, place_id=point.pk)
            for ride, via, _weekly in built
            for point in via
        ),
        batch_size=BATCH,
    )
    WeeklyDeparture.objects.bulk_create(
        (
            WeeklyDeparture(ride=ride, weekday=weekday, time=clock, **reach_of(ride))
            for ride, _via, weekly in built
            for weekday, clock in weekly.items()
        ),
        batch_size=BATCH,
    )
    trips = [_trip(rng, ride, weekly) for ride, _via, weekly in built if rng.random() < trip_share]
    Trip.objects.bulk_create([trip for trip in trips if trip is not None], batch_size=BATCH)
    if connection.vendor == "postgresql":
        analyze(Ride, WeeklyDeparture, Trip, Ride.via.through, Membership, User)
    reset_queries()  # the log keeps 9,000 queries; once full, a capture counts none
    return Scene(quartier, passenger, created, {ride.pk: weekly for ride, _v, weekly in built})


def _window(day: datetime.date, minutes: int) -> matching.Window:
    earliest = local_datetime(day, datetime.time(minutes // 60, minutes % 60))
    return matching.Window(earliest, earliest + datetime.timedelta(hours=1))


def _along(rng: random.Random, ride: Ride) -> tuple[routes.Point, routes.Point]:
    """A pick-up in the first half of the ride and a drop-off in the second, a little aside."""
    route = matching.route_of(ride)
    pickup = between(route[0], route[-1], rng.uniform(0, 0.45))
    dropoff = between(route[0], route[-1], rng.uniform(0.55, 1))
    aside = [rng.uniform(-0.8, 0.8) for _ in range(4)]
    return offset(pickup, aside[0], aside[1]), offset(dropoff, aside[2], aside[3])


def one_off_wish(rng: random.Random, scene: Scene, today: datetime.date) -> matching.Wish:
    """Half of them along a ride leaving on that date, so that some match; half anywhere."""
    ride = rng.choice(scene.rides)
    if rng.random() < 0.5:
        day = today + datetime.timedelta(days=rng.randint(1, 29))
        origin, destination = somewhere(rng, LYON, REGION_KM), somewhere(rng, LYON, REGION_KM)
        window = _window(day, rng.randint(6 * 60, 20 * 60))
    else:
        if ride.kind == Ride.Kind.ONE_OFF:
            assert ride.departs_at is not None
            leaves = timezone.localtime(ride.departs_at)
            day, minutes = leaves.date(), leaves.hour * 60 + leaves.minute
        else:
            weekly = scene.weekly[ride.pk]
            assert ride.valid_from is not None
            day = ride.valid_from + datetime.timedelta(days=rng.randint(1, 7))
            while day.weekday() not in weekly:
                day += datetime.timedelta(days=1)
            minutes = weekly[day.weekday()].hour * 60 + weekly[day.weekday()].minute
        origin, destination = _along(rng, ride)
        window = _window(day, max(0, minutes - rng.randint(0, 60)))
    return matching.Wish(
        quartier_id=scene.quartier.pk,
        passenger_id=scene.passenger.pk,
        origin=origin,
        destination=destination,
        seats=rng.choice([1, 1, 1, 2]),
        windows=[window],
    )


def regular_wish(
    rng: random.Random, scene: Scene, today: datetime.date, now: datetime.datetime
) -> matching.Wish:
    """A weekly request as a resident posts it, along a regular ride so that some match."""
    ride = rng.choice([ride for ride in scene.rides if ride.kind == Ride.Kind.REGULAR])
    weekly = scene.weekly[ride.pk]
    days = rng.sample(sorted(weekly), min(len(weekly), rng.randint(1, 3)))
    leaves = weekly[days[0]]
    earliest = max(6 * 60, leaves.hour * 60 + leaves.minute - rng.randint(0, 60))
    origin, destination = _along(rng, ride)
    request = RideRequest(
        quartier=scene.quartier,
        passenger=scene.passenger,
        kind=Ride.Kind.REGULAR,
        origin_latitude=origin[0],
        origin_longitude=origin[1],
        destination_latitude=destination[0],
        destination_longitude=destination[1],
        weekdays=sum(1 << day for day in days),
        earliest_time=datetime.time(earliest // 60, earliest % 60),
        latest_time=datetime.time(earliest // 60 + 1, earliest % 60),
        valid_from=today,
        valid_until=today + datetime.timedelta(days=60),
    )
    return matching.wish_of(request, now=now)


def wishes(
    scene: Scene,
    *,
    now: datetime.datetime,
    one_off: int = ONE_OFF_WISHES,
    regular: int = REGULAR_WISHES,
    seed: int = 30,
) -> list[matching.Wish]:
    rng = random.Random(seed)
    today = timezone.localdate(now)
    return [one_off_wish(rng, scene, today) for _ in range(one_off)] + [
        regular_wish(rng, scene, today, now) for _ in range(regular)
    ]


def every_active_ride(quartier: Quartier) -> list[Ride]:
    return list(
        Ride.objects.filter(quartier=quartier, status=Ride.Status.ACTIVE).prefetch_related("weekly")
    )


def agree(
    indexed: list[matching.RideMatch], brute: list[matching.RideMatch], wish: matching.Wish
) -> None:
    """Fails loudly unless both searches found the same rides, in the same order, on the same
    dates."""
    found = [(m.ride.pk, [o.date for o in m.occurrences]) for m in indexed]
    expected = [(m.ride.pk, [o.date for o in m.occurrences]) for m in brute]
    if found != expected:
        missing = sorted({pk for pk, _ in expected} - {pk for pk, _ in found})
        extra = sorted({pk for pk, _ in found} - {pk for pk, _ in expected})
        raise AssertionError(
            f"the indexed search disagrees with the brute force for {wish}: "
            f"indexed {found}, brute force {expected}; missing {missing}, extra {extra}"
        )


def timed(action: Callable[[], T]) -> tuple[float, T]:
    """Milliseconds, and what ``action`` returned."""
    started = time.perf_counter()
    result = action()
    return (time.perf_counter() - started) * 1000, result


def scan(
    wish: matching.Wish, quartier: Quartier, *, now: datetime.datetime
) -> tuple[list[matching.RideMatch], list[Ride]]:
    """The brute force as a page would run it: load every ride, then measure each."""
    rides = every_active_ride(quartier)
    return matching.rides_for(wish, rides=rides, now=now), rides


def queries_of(action: Callable[[], object]) -> int:
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured.captured_queries)


def percentile(timings: list[float], share: float) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def run() -> list[Row]:
    scene = populate()
    now = timezone.now()
    asked = wishes(scene, now=now)
    # The scene's 100,000 rides live for the whole run, which no web process would hold: frozen,
    # they are left out of the collections that loading the rides sets off.
    gc.collect()
    gc.freeze()
    try:
        return measured(scene, asked, now)
    finally:
        gc.unfreeze()


def measured(scene: Scene, asked: list[matching.Wish], now: datetime.datetime) -> list[Row]:
    indexed: list[float] = []  # each wish's median over INDEXED_REPEAT runs
    brute: list[float] = []
    brute_indexed: list[float] = []  # the indexed times of the same wishes, for the ratio
    brute_in_memory: list[float] = []
    candidates: list[int] = []
    matched: list[int] = []
    in_memory: list[Ride] = []
    queries: dict[str, int] = {}
    for number, wish in enumerate(asked):
        found = matching.rides_for(wish, now=now)  # warms the connection and the caches
        search = partial(matching.rides_for, wish, now=now)
        indexed.append(statistics.median(timed(search)[0] for _ in range(INDEXED_REPEAT)))
        if number % BRUTE_EVERY == 0:
            in_memory = []  # one process holds one load of the rides, not two
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                took, (scanned, in_memory) = timed(partial(scan, wish, scene.quartier, now=now))
            queries["brute"] = len(captured.captured_queries)
            brute.append(took)
            brute_indexed.append(indexed[-1])
            agree(found, scanned, wish)
        took, scanned = timed(partial(matching.rides_for, wish, rides=in_memory, now=now))
        brute_in_memory.append(took)
        agree(found, scanned, wish)
        candidates.append(len(list(matching.candidate_rides(wish, now=now))))
        matched.append(len(found))
    queries["indexed"] = queries_of(partial(matching.rides_for, asked[0], now=now))
    queries["memory"] = queries_of(partial(matching.rides_for, asked[0], rides=in_memory, now=now))
    case = f"{len(scene.rides):,} rides"

    def row(name: str, timings: list[float], queries: int, ratio: str) -> Row:
        return Row(
            NAME,
            f"{case}, {name}, {len(timings)} wishes (p95 {percentile(timings, 0.95):.1f} ms)",
            statistics.median(timings),
            percentile(timings, 0.9),
            queries,
            ratio,
        )

    def slower(timings: list[float], against: list[float]) -> str:
        return f"{statistics.median(timings) / statistics.median(against):.0f}× slower"

    return [
        row(
            f"indexed ({statistics.median(candidates):.0f} candidates kept at the median, "
            f"{sum(1 for n in matched if n)} wishes matched, {sum(matched)} matches)",
            indexed,
            queries["indexed"],
            "1.0×",
        ),
        row(
            f"brute force, {len(in_memory):,} rides loaded each time",
            brute,
            queries["brute"],
            slower(brute, brute_indexed),
        ),
        row(
            "brute force in memory",
            brute_in_memory,
            queries["memory"],
            slower(brute_in_memory, indexed),
        ),
    ]
