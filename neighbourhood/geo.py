"""Distances on the sphere. Haversine is precise enough at the scale of a town."""

import math
from typing import NamedTuple

EARTH_RADIUS_KM = 6371.0088


class BoundingBox(NamedTuple):
    min_latitude: float
    max_latitude: float
    min_longitude: float
    max_longitude: float


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lng2 - lng1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(latitude: float, longitude: float, radius_km: float) -> BoundingBox:
    """The smallest latitude/longitude box holding the circle, for an indexed pre-filter."""
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    cos_lat = math.cos(math.radians(latitude))
    dlng = (
        180.0
        if cos_lat < 1e-6
        else min(180.0, math.degrees(radius_km / (EARTH_RADIUS_KM * cos_lat)))
    )
    return BoundingBox(
        max(-90.0, latitude - dlat),
        min(90.0, latitude + dlat),
        max(-180.0, longitude - dlng),
        min(180.0, longitude + dlng),
    )
