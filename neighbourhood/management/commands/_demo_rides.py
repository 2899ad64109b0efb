"""The demo's carpooling: the meeting points of the Croix-Rousse, rides and requests that match
on purpose (and one that does not), and Amélie's confirmed seat to the market."""

import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from exchanges.rides import services as rides
from exchanges.rides.models import Booking, MeetingPoint, Ride, RideRequest
from exchanges.rides.schedule import local_datetime
from exchanges.rides.services import Place
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier

# Carpooling. The meeting points everyone in the Croix-Rousse knows: (name, address, latitude,
# longitude). The market stalls line the Saône along the quai Saint-Antoine; the Gros Caillou
# stands at the east end of the boulevard, above the Rhône.
MEETING_POINTS = [
    ("Place de la Croix-Rousse", "Place de la Croix-Rousse, 69004 Lyon", 45.7745, 4.8320),
    ("Gare Part-Dieu", "Place Charles Béraudier, 69003 Lyon", 45.7606, 4.8593),
    ("Marché Saint-Antoine", "Quai Saint-Antoine, 69002 Lyon", 45.7630, 4.8303),
    ("Le Gros Caillou", "Boulevard de la Croix-Rousse, 69004 Lyon", 45.7755, 4.8400),
]
# Where residents leave from or go to that is no meeting point: (latitude, longitude).
RUE_D_AUSTERLITZ = Place("Rue d'Austerlitz", 45.7766, 4.8319)
RUE_DE_CUIRE = Place("Rue de Cuire", 45.7790, 4.8300)
BOULEVARD = Place("Boulevard de la Croix-Rousse, côté Gros Caillou", 45.7753, 4.8372)
GRATTE_CIEL = Place("Villeurbanne, Gratte-Ciel", 45.7694, 4.8829)
VAISE = Place("Vaise, place Valmy", 45.7745, 4.8055)
# What the matching shows on purpose:
# - Amélie's wish to go down to the Saturday market finds Bernard's ride, and her seat on it is
#   confirmed: "my rides" shows it for both of them;
# - Chantal's Tuesday and Thursday mornings to Part-Dieu find Élodie's commute;
# - Bernard's trip to the station with his suitcase finds Claire's ride;
# - Didier's Sunday in Vaise finds nobody yet, so the gap shows.

LIVE = [Booking.Status.REQUESTED, Booking.Status.CONFIRMED]


def next_weekday(weekday: int) -> datetime.date:
    """The first ``weekday`` (0 is Monday) from tomorrow on: the demo rides are always ahead."""
    day = timezone.localdate() + datetime.timedelta(days=1)
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return local_datetime(day, datetime.time(hour, minute))


def label(place: Place) -> str:
    return place.label or (place.point.name if place.point else "")


def demo_meeting_points(quartier: Quartier, claire: User) -> dict[str, Place]:
    points = {}
    for name, address, latitude, longitude in MEETING_POINTS:
        point = MeetingPoint.objects.filter(quartier=quartier, name__iexact=name).first()
        if point is None:
            point = rides.meeting_point_create(
                quartier=quartier,
                actor=claire,
                name=name,
                address=address,
                latitude=latitude,
                longitude=longitude,
            )
        points[name] = Place(point=point)
    return points


def still_open(now: datetime.datetime) -> Q:
    """A ride that is not over: its departure, or the last day of its period, is ahead."""
    return Q(kind=Ride.Kind.ONE_OFF, departs_at__gt=now) | Q(
        kind=Ride.Kind.REGULAR, valid_until__gte=timezone.localdate(now)
    )


def demo_ride(
    quartier: Quartier, driver: User, origin: Place, destination: Place, **fields: Any
) -> tuple[Ride, bool]:
    """The driver's open ride between these two places, published if there is none (the last
    one has left, or this is the first run). Says whether it is new."""
    ride = Ride.objects.filter(
        still_open(timezone.now()),
        quartier=quartier,
        driver=driver,
        status=Ride.Status.ACTIVE,
        origin_label=label(origin),
        destination_label=label(destination),
    ).first()
    if ride is not None:
        return ride, False
    ride = rides.ride_create(
        quartier=quartier, driver=driver, origin=origin, destination=destination, **fields
    )
    return ride, True


def demo_request(
    quartier: Quartier, passenger: User, origin: Place, destination: Place, **fields: Any
) -> tuple[RideRequest, bool]:
    now = timezone.now()
    request = RideRequest.objects.filter(
        Q(kind=Ride.Kind.ONE_OFF, latest_at__gt=now)
        | Q(kind=Ride.Kind.REGULAR, valid_until__gte=timezone.localdate(now)),
        quartier=quartier,
        passenger=passenger,
        status=RideRequest.Status.ACTIVE,
        origin_label=label(origin),
        destination_label=label(destination),
    ).first()
    if request is not None:
        return request, False
    request = rides.ride_request_create(
        quartier=quartier, passenger=passenger, origin=origin, destination=destination, **fields
    )
    return request, True


def demo_rides(
    quartier: Quartier, people: dict[str, User], points: dict[str, Place]
) -> tuple[dict[str, Ride], int]:
    """Publishes the demo rides that are not running any more. Returns the open demo rides by
    name, and how many were published now."""
    market, station = points["Marché Saint-Antoine"], points["Gare Part-Dieu"]
    square, caillou = points["Place de la Croix-Rousse"], points["Le Gros Caillou"]
    saturday, sunday = next_weekday(5), next_weekday(6)
    published = {
        "market": demo_ride(
            quartier,
            people["Bernard"],
            square,
            market,
            kind=Ride.Kind.ONE_OFF,
            departs_at=at(saturday, 9),
            seats=3,
            contribution_cents=0,
            detour_value=10,
            notes="Je descends au marché avec mon cabas, je remonte vers 11 h 30.",
        ),
        "Sunday market": demo_ride(
            quartier,
            people["Chantal"],
            square,
            market,
            kind=Ride.Kind.ONE_OFF,
            departs_at=at(sunday, 9, 30),
            seats=2,
            contribution_cents=0,
            detour_value=5,
            notes="Le grand marché du dimanche : je peux ramener vos courses lourdes.",
        ),
        "station": demo_ride(
            quartier,
            people["Claire"],
            square,
            station,
            kind=Ride.Kind.ONE_OFF,
            departs_at=at(in_days(3), 14),
            seats=2,
            luggage=True,
            contribution_cents=200,
            detour_value=10,
            notes="Je prends le train de 14 h 34 pour Marseille. Place pour une valise.",
        ),
    }
    published["commute"] = demo_ride(
        quartier,
        people["Élodie"],
        caillou,
        station,
        kind=Ride.Kind.REGULAR,
        weekly={1: datetime.time(7, 50), 3: datetime.time(7, 50)},
        valid_from=timezone.localdate(),
        valid_until=in_days(90),
        seats=3,
        contribution_cents=150,
        detour_value=10,
        notes="Les jours où je ne prends pas le vélo. Je travaille à côté de la gare.",
    )
    commute = published["commute"][0]
    # A return cancelled while trying the demo still holds the commute's return: a new one is
    # then a ride of its own (an open return is found above and left as it is).
    has_return = Ride.objects.filter(return_of=commute)
    published["commute back"] = demo_ride(
        quartier,
        people["Élodie"],
        station,
        caillou,
        kind=Ride.Kind.REGULAR,
        weekly={1: datetime.time(18, 15), 3: datetime.time(18, 15)},
        valid_from=timezone.localdate(),
        valid_until=in_days(90),
        seats=3,
        contribution_cents=150,
        detour_value=10,
        return_of=None if has_return.exists() else commute,
    )
    published["grandchildren"] = demo_ride(
        quartier,
        people["Didier"],
        square,
        GRATTE_CIEL,
        via=[station.point],
        kind=Ride.Kind.REGULAR,
        weekly={0: datetime.time(8, 15), 2: datetime.time(8, 15), 4: datetime.time(8, 15)},
        valid_from=timezone.localdate(),
        valid_until=in_days(90),
        seats=2,
        contribution_cents=200,
        detour_value=2,
        detour_unit=Ride.DetourUnit.KILOMETRES,
        notes="Je garde mes petits-enfants à Villeurbanne ; je passe par la gare Part-Dieu.",
    )
    return (
        {name: ride for name, (ride, _new) in published.items()},
        sum(1 for _ride, new in published.values() if new),
    )


def demo_requests(
    quartier: Quartier, people: dict[str, User], points: dict[str, Place]
) -> tuple[dict[str, RideRequest], int]:
    """Publishes the demo requests that are not open any more. Returns the open demo requests by
    name, and how many were published now."""
    market, station = points["Marché Saint-Antoine"], points["Gare Part-Dieu"]
    saturday, sunday = next_weekday(5), next_weekday(6)
    published = {
        "market": demo_request(
            quartier,
            people["Amélie"],
            RUE_D_AUSTERLITZ,
            market,
            kind=Ride.Kind.ONE_OFF,
            earliest_at=at(saturday, 8, 45),
            latest_at=at(saturday, 9, 30),
            notes="Mon chariot de courses se plie, il tient dans un coffre.",
        ),
        "library": demo_request(
            quartier,
            people["Chantal"],
            BOULEVARD,
            station,
            kind=Ride.Kind.REGULAR,
            weekdays=[1, 3],
            earliest_time=datetime.time(7, 30),
            latest_time=datetime.time(8, 15),
            valid_from=timezone.localdate(),
            valid_until=in_days(60),
            notes="Je suis bénévole à la bibliothèque de la Part-Dieu le mardi et le jeudi.",
        ),
        "station": demo_request(
            quartier,
            people["Bernard"],
            RUE_DE_CUIRE,
            station,
            kind=Ride.Kind.ONE_OFF,
            earliest_at=at(in_days(3), 13, 45),
            latest_at=at(in_days(3), 14, 30),
            notes="Un train pour Paris, avec une grosse valise.",
        ),
        "Vaise": demo_request(
            quartier,
            people["Didier"],
            points["Place de la Croix-Rousse"],
            VAISE,
            kind=Ride.Kind.ONE_OFF,
            earliest_at=at(sunday, 10),
            latest_at=at(sunday, 11),
            notes="Ma voiture sera au garage ; je vais déjeuner chez ma sœur.",
        ),
    }
    return (
        {name: request for name, (request, _new) in published.items()},
        sum(1 for _request, new in published.values() if new),
    )


def demo_booking(ride: Ride, people: dict[str, User]) -> None:
    """Amélie's seat on Bernard's ride to the market, asked and confirmed."""
    amelie, bernard = people["Amélie"], people["Bernard"]
    live = Booking.objects.filter(trip__ride=ride, passenger=amelie, status__in=LIVE)
    if live.filter(status=Booking.Status.CONFIRMED).exists():
        return
    booking = live.first()
    if booking is None:
        assert ride.departs_at is not None
        [booking] = rides.booking_request(
            ride=ride,
            passenger=amelie,
            dates=[timezone.localdate(ride.departs_at)],
            pickup_label=RUE_D_AUSTERLITZ.label,
            message="Bonjour Bernard, je vous attends au coin de la rue d'Austerlitz. Amélie",
        )
    rides.booking_accept(booking=booking, actor=bernard)
