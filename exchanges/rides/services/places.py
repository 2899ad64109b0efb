"""Where rides go: the quartier's meeting points, and the places of rides and requests."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from exchanges.rides.models import (
    MeetingPoint,
    Ride,
    RideRequest,
)
from neighbourhood.accounts.models import User
from neighbourhood.geo import haversine_km
from neighbourhood.places.services import name_taken, name_taken_error, save_named
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import require_coordinator

MIN_TRIP_KM = 0.2


@dataclass(frozen=True)
class Place:
    """A point of a ride or request: a meeting point of the quartier, or a label and
    coordinates typed or picked on the map."""

    label: str = ""
    latitude: float | None = None
    longitude: float | None = None
    point: MeetingPoint | None = None


@transaction.atomic
def meeting_point_create(
    *,
    quartier: Quartier,
    actor: User,
    name: str,
    latitude: float,
    longitude: float,
    address: str = "",
) -> MeetingPoint:
    """A meeting point is a place of the quartier: its name is free among all the quartier's
    places (the directory's, and those still suggested), not only its meeting points."""
    require_coordinator(user=actor, quartier=quartier)
    point = MeetingPoint(
        quartier=quartier,
        name=name.strip(),
        address=address.strip(),
        latitude=latitude,
        longitude=longitude,
    )
    point.full_clean(exclude=["quartier"], validate_unique=False)
    if name_taken(point):
        raise name_taken_error()
    save_named(point)
    return point


@transaction.atomic
def meeting_point_delete(*, point: MeetingPoint, actor: User) -> None:
    """Rides and requests keep their label and coordinates; they lose only the link."""
    require_coordinator(user=actor, quartier=point.quartier)
    point.delete()


def set_places(
    item: Ride | RideRequest,
    origin: Place,
    destination: Place,
    quartier: Quartier,
    errors: dict[str, list[str]],
) -> None:
    for prefix, place in (("origin", origin), ("destination", destination)):
        point = place.point
        if point is not None and point.quartier_id != quartier.pk:
            errors.setdefault(prefix, []).append(_("Choose a meeting point of this quartier."))
            continue
        label = (place.label or (point.name if point else "")).strip()
        latitude = point.latitude if point else place.latitude
        longitude = point.longitude if point else place.longitude
        if not label:
            errors.setdefault(f"{prefix}_label", []).append(_("Say where, in a few words."))
        if latitude is None or longitude is None:
            errors.setdefault(prefix, []).append(
                _("Choose a meeting point, pick the place on the map or type its coordinates.")
            )
            continue
        if not -90 <= latitude <= 90:
            errors.setdefault(f"{prefix}_latitude", []).append(
                _("A latitude lies between -90 and 90.")
            )
        if not -180 <= longitude <= 180:
            errors.setdefault(f"{prefix}_longitude", []).append(
                _("A longitude lies between -180 and 180.")
            )
        setattr(item, f"{prefix}_label", label[:200])
        setattr(item, f"{prefix}_latitude", latitude)
        setattr(item, f"{prefix}_longitude", longitude)
        setattr(item, f"{prefix}_point", point)
    if errors:
        return
    distance = haversine_km(
        item.origin_latitude,
        item.origin_longitude,
        item.destination_latitude,
        item.destination_longitude,
    )
    if distance < MIN_TRIP_KM:
        errors.setdefault("destination", []).append(
            _("The destination must be somewhere else than the departure.")
        )
