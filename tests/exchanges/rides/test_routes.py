"""The geometry of a ride, without the database."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exchanges.rides import routes
from neighbourhood.geo import haversine_km
from tests.factories import CROIX_ROUSSE, HOTEL_DE_VILLE, PART_DIEU, VAISE, VILLEURBANNE

STRAIGHT = [CROIX_ROUSSE, PART_DIEU]


def test_a_passenger_on_the_way_costs_the_driver_almost_nothing():
    fit = routes.fit(STRAIGHT, 3.0, HOTEL_DE_VILLE, PART_DIEU)
    assert fit is not None
    # Croix-Rousse → Hôtel de Ville → Part-Dieu, against Croix-Rousse → Part-Dieu.
    expected = (
        haversine_km(*CROIX_ROUSSE, *HOTEL_DE_VILLE)
        + haversine_km(*HOTEL_DE_VILLE, *PART_DIEU)
        - haversine_km(*CROIX_ROUSSE, *PART_DIEU)
    )
    assert fit.extra_km == pytest.approx(expected)
    assert fit.pickup.walk_km == 0 and fit.dropoff.walk_km == 0
    assert fit.extra_minutes == routes.minutes_for_km(expected).__ceil__()


def test_it_refuses_a_passenger_going_the_other_way():
    assert routes.fit(STRAIGHT, 50.0, PART_DIEU, HOTEL_DE_VILLE) is None


def test_it_refuses_a_detour_beyond_the_drivers_tolerance():
    extra = (
        haversine_km(*CROIX_ROUSSE, *VAISE)
        + haversine_km(*VAISE, *PART_DIEU)
        - haversine_km(*CROIX_ROUSSE, *PART_DIEU)
    )
    assert routes.fit(STRAIGHT, extra - 0.1, VAISE, PART_DIEU) is None
    assert routes.fit(STRAIGHT, extra + 0.1, VAISE, PART_DIEU) is not None


def test_a_passenger_near_the_start_walks_to_it_when_the_detour_is_too_long():
    near_start = (45.7770, 4.8290)  # about 350 m from the Croix-Rousse
    door_to_door = routes.fit(STRAIGHT, 5.0, near_start, PART_DIEU)
    assert door_to_door is not None and door_to_door.pickup.walk_km == 0
    walking = routes.fit(STRAIGHT, 0.01, near_start, PART_DIEU)
    assert walking is not None
    assert walking.pickup.point == CROIX_ROUSSE
    assert walking.pickup.walk_km == pytest.approx(haversine_km(*near_start, *CROIX_ROUSSE))
    assert walking.extra_km == pytest.approx(0, abs=1e-9)


def test_along_a_route_through_meeting_points_the_order_of_stops_counts():
    route = [VAISE, CROIX_ROUSSE, PART_DIEU, VILLEURBANNE]
    assert routes.fit(route, 1.0, CROIX_ROUSSE, VILLEURBANNE) is not None
    assert routes.fit(route, 1.0, PART_DIEU, CROIX_ROUSSE) is None
    # The straight line Vaise → Villeurbanne would not pass by the Croix-Rousse for free.
    assert routes.fit([VAISE, VILLEURBANNE], 0.2, CROIX_ROUSSE, PART_DIEU) is None


def test_stops_are_put_in_the_order_the_driver_meets_them():
    stops = [PART_DIEU, HOTEL_DE_VILLE]
    assert routes.order_stops(VAISE, VILLEURBANNE, stops) == [1, 0]


def test_the_suggested_contribution_is_six_cents_a_km_rounded_to_fifty_cents():
    assert routes.suggested_contribution_cents(3) == 50
    assert routes.suggested_contribution_cents(25) == 150
    assert routes.suggested_contribution_cents(100) == 600


lyon_points = st.tuples(
    st.floats(min_value=45.6, max_value=45.9), st.floats(min_value=4.7, max_value=5.0)
)


@settings(max_examples=300, deadline=None)
@given(
    route=st.lists(lyon_points, min_size=2, max_size=4),
    detour=st.floats(min_value=0.5, max_value=30),
    origin=lyon_points,
    destination=lyon_points,
)
def test_every_passenger_the_driver_can_take_lies_in_the_rides_reach_box(
    route, detour, origin, destination
):
    """The index narrows candidates on this box: a point outside it must never fit."""
    box = routes.reach_box(route, detour)
    found = routes.fit(route, detour, origin, destination)
    if found is not None:
        assert box.holds(origin)
        assert box.holds(destination)
