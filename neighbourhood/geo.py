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


def bounding_boxes(latitude: float, longitude: float, radius_km: float) -> list[BoundingBox]:
    """The latitude/longitude boxes holding the circle, for an indexed pre-filter: one box, or
    two when the circle crosses the ±180° meridian."""
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    min_lat, max_lat = max(-90.0, latitude - dlat), min(90.0, latitude + dlat)
    cos_lat = math.cos(math.radians(latitude))
    if cos_lat < 1e-6 or radius_km / (EARTH_RADIUS_KM * cos_lat) >= math.pi:
        return [BoundingBox(min_lat, max_lat, -180.0, 180.0)]
    dlng = math.degrees(radius_km / (EARTH_RADIUS_KM * cos_lat))
    west, east = longitude - dlng, longitude + dlng
    if west < -180.0:
        return [
            BoundingBox(min_lat, max_lat, -180.0, east),
            BoundingBox(min_lat, max_lat, west + 360.0, 180.0),
        ]
    if east > 180.0:
        return [
            BoundingBox(min_lat, max_lat, west, 180.0),
            BoundingBox(min_lat, max_lat, -180.0, east - 360.0),
        ]
    return [BoundingBox(min_lat, max_lat, west, east)]
