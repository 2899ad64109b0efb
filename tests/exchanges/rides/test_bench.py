"""The ride matches benchmark, on a small scene: its rides are what the service would store, and
the indexed search and the brute force it compares agree."""

import datetime
from typing import Any

import pytest
from django.db.models import F
from django.utils import timezone

from bench import ride_matches
from exchanges.rides import matching, services
from exchanges.rides.models import Ride, Trip, WeeklyDeparture
from exchanges.rides.services import Place
from tests.factories import (
    BELLECOUR,
    CROIX_ROUSSE,
    HOTEL_DE_VILLE,
    PART_DIEU,
    VAISE,
    VILLEURBANNE,
    in_days,
    place,
)

pytestmark = pytest.mark.django_db

STORED = [
    "kind",
    "origin_label",
    "origin_latitude",
    "origin_longitude",
    "origin_point_id",
    "destination_label",
    "destination_latitude",
    "destination_longitude",
    "destination_point_id",
    "route",
    "route_km",
    "departs_at",
    "valid_from",
    "valid_until",
    "seats",
    "detour_value",
    "detour_unit",
    "detour_km",
    "box_min_latitude",
    "box_max_latitude",
    "box_min_longitude",
    "box_max_longitude",
    "status",
]


def stored(ride: Ride) -> dict[str, object]:
    ride.refresh_from_db()
    return {name: getattr(ride, name) for name in STORED}


def test_the_bench_stores_a_ride_as_the_service_does(quartier, alice, carol):
    hall = services.meeting_point_create(
        quartier=quartier,
        actor=carol,
        name="Hôtel de Ville",
        latitude=HOTEL_DE_VILLE[0],
        longitude=HOTEL_DE_VILLE[1],
    )
    square = services.meeting_point_create(
        quartier=quartier,
        actor=carol,
        name="Bellecour",
        latitude=BELLECOUR[0],
        longitude=BELLECOUR[1],
    )
    today = timezone.localdate()
    rides: list[dict[str, Any]] = [
        {
            "kind": "one_off",
            "origin": place(CROIX_ROUSSE, "Place de la Croix-Rousse"),
            "destination": place(PART_DIEU, "Gare Part-Dieu"),
            "departs_at": in_days(2, 7, 30),
            "seats": 3,
            "detour_value": 10,
            "detour_unit": "min",
        },
        {  # by way of two meeting points, given in the wrong order: the route puts them right
            "kind": "one_off",
            "origin": Place(point=hall),
            "destination": place(VAISE, "Vaise"),
            "via": [square, hall],
            "departs_at": in_days(5, 18),
            "seats": 2,
            "detour_value": 7,
            "detour_unit": "km",
        },
        {
            "kind": "regular",
            "origin": place(VILLEURBANNE, "Villeurbanne"),
            "destination": Place(point=square),
            "via": [hall],
            "valid_from": today,
            "valid_until": today + datetime.timedelta(days=70),
            "seats": 4,
            "detour_value": 20,
            "detour_unit": "km",
        },
    ]
    for fields in rides:
        by_service = services.ride_create(
            quartier=quartier,
            driver=alice,
            weekly={0: datetime.time(8)} if fields["kind"] == "regular" else None,
            **fields,
        )
        [by_bench] = Ride.objects.bulk_create(
            [ride_matches.ride_row(quartier=quartier, driver=alice, **fields)]
        )

        assert stored(by_bench) == stored(by_service)
    assert len(by_service.route) == 3  # the meeting point is on the route


def test_the_indexed_search_and_the_brute_force_agree_on_a_small_scene():
    scene = ride_matches.populate(rides=600, drivers=30, trip_share=0.2, seed=7)
    now = timezone.now()
    asked = ride_matches.wishes(scene, now=now, one_off=12, regular=3)

    found = []
    for wish in asked:
        indexed = matching.rides_for(wish, now=now)
        brute, rides = ride_matches.scan(wish, scene.quartier, now=now)
        ride_matches.agree(indexed, brute, wish)
        found.append(len(indexed))

    assert len(rides) == Ride.objects.filter(status=Ride.Status.ACTIVE).count() < 600
    assert WeeklyDeparture.objects.exists()
    assert Trip.objects.filter(seats_taken=F("seats")).exists()  # some dates are full
    # Some wishes match, some do not: the comparison is not between two empty lists.
    assert sum(1 for count in found if count) >= 3
    assert 0 in found


def test_the_check_fails_loudly_when_the_searches_disagree():
    scene = ride_matches.populate(rides=300, drivers=10, seed=3)
    now = timezone.now()
    wish, indexed = next(
        (wish, found)
        for wish in ride_matches.wishes(scene, now=now, one_off=30, regular=0)
        if (found := matching.rides_for(wish, now=now))
    )
    other_dates = [matching.RideMatch(match.ride, match.fit, []) for match in indexed]

    ride_matches.agree(indexed, list(indexed), wish)
    with pytest.raises(AssertionError, match="disagrees"):
        ride_matches.agree(indexed[1:], indexed, wish)
    with pytest.raises(AssertionError, match="disagrees"):
        ride_matches.agree(other_dates, indexed, wish)


def test_the_scenario_reports_three_rows_on_a_small_scene():
    scene = ride_matches.populate(rides=300, drivers=10, seed=5)
    now = timezone.now()
    asked = ride_matches.wishes(scene, now=now, one_off=4, regular=1)

    rows = ride_matches.measured(scene, asked, now)

    assert [row.case.split(", ")[1].split(" ")[0] for row in rows] == ["indexed", "brute", "brute"]
    assert all(row.case.startswith("300 rides") for row in rows)
    assert rows[1].queries == 3  # the rides, their weekly departures, the trips
    assert rows[2].queries <= 1  # the trips of the rides in memory
    assert all(row.median_ms > 0 for row in rows)
    assert rows[0].ratio == "1.0×" and rows[1].ratio.endswith("slower")
