"""The geometry of a ride, with no database: its route, the box around it, and what picking a
passenger up costs the driver.

Distances are on the sphere (haversine). A route is the straight segment origin–destination, or
the polyline through the ride's meeting points. Positions along it come from projecting a point
on each segment in a local flat approximation, which is exact enough at the scale of a region.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from neighbourhood.geo import EARTH_RADIUS_KM, haversine_km

Point = tuple[float, float]  # (latitude, longitude)

# The speed that turns a detour in km into minutes, and back: town and ring roads.
AVERAGE_SPEED_KMH = 40.0
# How far a passenger is asked to walk to a point of the route (its start or a meeting point).
WALK_MAX_KM = 1.0
# The suggested contribution: about 0.06 € per km and seat, rounded to 50 cents.
EUROS_PER_KM_AND_SEAT = 0.06
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180


def route_length_km(route: list[Point]) -> float:
    return sum(haversine_km(*a, *b) for a, b in itertools.pairwise(route))


def minutes_for_km(km: float) -> float:
    return km / AVERAGE_SPEED_KMH * 60


def km_for_minutes(minutes: float) -> float:
    return minutes / 60 * AVERAGE_SPEED_KMH


def suggested_contribution_cents(route_km: float) -> int:
    euros = route_km * EUROS_PER_KM_AND_SEAT
    return max(50, round(euros * 2) * 50)


def _flat(point: Point, origin: Point) -> tuple[float, float]:
    """Kilometres east and north of ``origin``."""
    cos_lat = math.cos(math.radians(origin[0]))
    return (
        (point[1] - origin[1]) * KM_PER_DEGREE * cos_lat,
        (point[0] - origin[0]) * KM_PER_DEGREE,
    )


def along(point: Point, start: Point, end: Point) -> float:
    """Where ``point`` projects on the segment start→end, from 0 (start) to 1 (end)."""
    px, py = _flat(point, start)
    ex, ey = _flat(end, start)
    length2 = ex * ex + ey * ey
    if length2 == 0:
        return 0.0
    return min(1.0, max(0.0, (px * ex + py * ey) / length2))


def order_stops(origin: Point, destination: Point, stops: list[Point]) -> list[int]:
    """The order in which a driver from ``origin`` to ``destination`` meets ``stops``."""
    return sorted(range(len(stops)), key=lambda i: along(stops[i], origin, destination))


@dataclass(frozen=True)
class Box:
    min_latitude: float
    max_latitude: float
    min_longitude: float
    max_longitude: float

    def holds(self, point: Point) -> bool:
        return (
            self.min_latitude <= point[0] <= self.max_latitude
            and self.min_longitude <= point[1] <= self.max_longitude
        )


def reach_box(route: list[Point], detour_km: float) -> Box:
    """Every point a passenger may board or leave from: within the detour of some segment, or
    within walking distance of a point of the route.

    A point p costs the driver at least d(a,p) + d(p,b) − d(a,b) on the segment a→b it joins,
    so it lies in the ellipse of foci a and b whose semi-minor axis is ½·√(T·(2L+T)) for a
    tolerance T: the route's box widened by that much holds them all.
    """
    longest = max(haversine_km(*a, *b) for a, b in itertools.pairwise(route))
    margin_km = max(0.5 * math.sqrt(detour_km * (2 * longest + detour_km)), WALK_MAX_KM)
    margin_km *= 1.01  # the flat approximation, and rounding
    latitudes = [point[0] for point in route]
    longitudes = [point[1] for point in route]
    dlat = margin_km / KM_PER_DEGREE
    widest = min(89.0, max(abs(lat) for lat in latitudes) + dlat)
    dlng = margin_km / (KM_PER_DEGREE * math.cos(math.radians(widest)))
    return Box(
        min_latitude=max(-90.0, min(latitudes) - dlat),
        max_latitude=min(90.0, max(latitudes) + dlat),
        min_longitude=max(-180.0, min(longitudes) - dlng),
        max_longitude=min(180.0, max(longitudes) + dlng),
    )


@dataclass(frozen=True)
class Stop:
    """Where a passenger boards or leaves, and how they get there."""

    point: Point
    segment: int  # the route segment the driver leaves to reach it
    position: float  # where along that segment, 0 to 1
    walk_km: float  # from the passenger's own point


@dataclass(frozen=True)
class Fit:
    pickup: Stop
    dropoff: Stop
    extra_km: float

    @property
    def extra_minutes(self) -> int:
        return math.ceil(minutes_for_km(self.extra_km) - 1e-9)

    @property
    def walk_km(self) -> float:
        return self.pickup.walk_km + self.dropoff.walk_km


def _stops(route: list[Point], point: Point) -> list[Stop]:
    """The passenger's own point, joined from the cheapest segment, and every point of the route
    within walking distance (which costs the driver nothing)."""
    segments = list(itertools.pairwise(route))
    costs = [
        haversine_km(*a, *point) + haversine_km(*point, *b) - haversine_km(*a, *b)
        for a, b in segments
    ]
    best = min(range(len(segments)), key=costs.__getitem__)
    stops = [Stop(point, best, along(point, *segments[best]), 0.0)]
    for index, vertex in enumerate(route):
        walk = haversine_km(*point, *vertex)
        if walk <= WALK_MAX_KM:
            segment = min(index, len(segments) - 1)
            stops.append(Stop(vertex, segment, 0.0 if index < len(segments) else 1.0, walk))
    return stops


def _extra_km(route: list[Point], pickup: Stop, dropoff: Stop) -> float:
    """The driver's route with the two stops inserted, against the route itself."""
    extra = 0.0
    if pickup.segment == dropoff.segment:
        a, b = route[pickup.segment], route[pickup.segment + 1]
        extra += (
            haversine_km(*a, *pickup.point)
            + haversine_km(*pickup.point, *dropoff.point)
            + haversine_km(*dropoff.point, *b)
            - haversine_km(*a, *b)
        )
    else:
        for stop in (pickup, dropoff):
            a, b = route[stop.segment], route[stop.segment + 1]
            extra += (
                haversine_km(*a, *stop.point) + haversine_km(*stop.point, *b) - haversine_km(*a, *b)
            )
    return max(0.0, extra)


def fit(route: list[Point], detour_km: float, origin: Point, destination: Point) -> Fit | None:
    """How the driver of ``route`` can carry a passenger from ``origin`` to ``destination``
    within ``detour_km`` more driving, or None. The pick-up must come before the drop-off
    along the route."""
    best: Fit | None = None
    for pickup in _stops(route, origin):
        for dropoff in _stops(route, destination):
            if (pickup.segment, pickup.position) >= (dropoff.segment, dropoff.position):
                continue
            extra = _extra_km(route, pickup, dropoff)
            if extra > detour_km + 1e-9:
                continue
            candidate = Fit(pickup, dropoff, extra)
            # Door to door whenever the driver's tolerance allows: walking is for when it
            # does not.
            if best is None or (candidate.walk_km, candidate.extra_km) < (
                best.walk_km,
                best.extra_km,
            ):
                best = candidate
    return best
