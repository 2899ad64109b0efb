"""Which rides serve a passenger: times, weekdays, route, detour, seats, and who may see what."""

import datetime
import random

import pytest
from django.utils import timezone

from exchanges.rides import matching, services
from exchanges.rides.models import Ride
from neighbourhood.quartiers.models import Membership
from tests.factories import (
    BELLECOUR,
    CROIX_ROUSSE,
    HOTEL_DE_VILLE,
    PART_DIEU,
    VAISE,
    VILLEURBANNE,
    MembershipFactory,
    QuartierFactory,
    UserFactory,
    in_days,
    place,
    request_fields,
    ride_fields,
)

pytestmark = pytest.mark.django_db


def next_weekday(weekday: int, *, at_least: int = 2) -> datetime.date:
    day = timezone.localdate() + datetime.timedelta(days=at_least)
    while day.weekday() != weekday:
        day += datetime.timedelta(days=1)
    return day


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def ride(quartier, driver, **overrides) -> Ride:
    return services.ride_create(quartier=quartier, driver=driver, **ride_fields(**overrides))


def commute(quartier, driver, weekdays=range(5), hour=8, **overrides) -> Ride:
    """Every weekday at 8:00 for five weeks, from the Croix-Rousse to Part-Dieu."""
    return ride(
        quartier,
        driver,
        kind="regular",
        departs_at=None,
        weekly={day: datetime.time(hour) for day in weekdays},
        valid_from=timezone.localdate(),
        valid_until=timezone.localdate() + datetime.timedelta(days=35),
        **overrides,
    )


def wish(quartier, passenger, start, end, origin=HOTEL_DE_VILLE, destination=PART_DIEU, seats=1):
    return matching.Wish(
        quartier_id=quartier.pk,
        passenger_id=passenger.pk,
        origin=origin,
        destination=destination,
        seats=seats,
        windows=[matching.Window(start, end)],
    )


def ride_ids(found) -> list[int]:
    return [match.ride.pk for match in found]


def test_a_one_off_ride_serves_a_window_give_or_take_fifteen_minutes(quartier, alice, bob):
    offered = ride(quartier, alice, departs_at=in_days(2, 8, 0))
    day = timezone.localdate(offered.departs_at)
    assert ride_ids(matching.rides_for(wish(quartier, bob, at(day, 8, 15), at(day, 9)))) == [
        offered.pk
    ]
    assert matching.rides_for(wish(quartier, bob, at(day, 8, 16), at(day, 9))) == []
    assert ride_ids(matching.rides_for(wish(quartier, bob, at(day, 7), at(day, 7, 45)))) == [
        offered.pk
    ]
    assert matching.rides_for(wish(quartier, bob, at(day, 7), at(day, 7, 44))) == []
    found = matching.rides_for(wish(quartier, bob, at(day, 8, 10), at(day, 9)))[0]
    assert found.gap == datetime.timedelta(minutes=10)


def test_a_regular_ride_serves_only_its_weekdays_within_its_period(quartier, alice, bob):
    tuesdays_and_thursdays = commute(quartier, alice, weekdays=[1, 3])
    tuesday, saturday = next_weekday(1), next_weekday(5)
    assert ride_ids(matching.rides_for(wish(quartier, bob, at(tuesday, 8), at(tuesday, 8)))) == [
        tuesdays_and_thursdays.pk
    ]
    assert matching.rides_for(wish(quartier, bob, at(saturday, 8), at(saturday, 8))) == []
    assert tuesdays_and_thursdays.valid_until is not None
    after = tuesdays_and_thursdays.valid_until + datetime.timedelta(days=1)
    while after.weekday() != 1:
        after += datetime.timedelta(days=1)
    assert matching.rides_for(wish(quartier, bob, at(after, 8), at(after, 8))) == []


def test_each_weekday_can_have_its_own_time(quartier, alice, bob):
    weekly = {0: datetime.time(8), 2: datetime.time(9, 30)}
    mixed = ride(
        quartier,
        alice,
        kind="regular",
        departs_at=None,
        weekly=weekly,
        valid_from=timezone.localdate(),
        valid_until=timezone.localdate() + datetime.timedelta(days=30),
    )
    monday, wednesday = next_weekday(0), next_weekday(2)
    assert ride_ids(matching.rides_for(wish(quartier, bob, at(monday, 8), at(monday, 8)))) == [
        mixed.pk
    ]
    assert matching.rides_for(wish(quartier, bob, at(wednesday, 8), at(wednesday, 8))) == []
    assert ride_ids(
        matching.rides_for(wish(quartier, bob, at(wednesday, 9, 30), at(wednesday, 9, 30)))
    ) == [mixed.pk]


def test_a_date_off_or_a_cancelled_date_is_not_offered(quartier, alice, bob):
    tuesday = next_weekday(1)
    regular = commute(quartier, alice, dates_off=[tuesday])
    assert matching.rides_for(wish(quartier, bob, at(tuesday, 8), at(tuesday, 8))) == []
    wednesday = next_weekday(2)
    services.trip_cancel(ride=regular, actor=alice, date=wednesday, reason="garage")
    assert matching.rides_for(wish(quartier, bob, at(wednesday, 8), at(wednesday, 8))) == []
    thursday = next_weekday(3)
    assert ride_ids(matching.rides_for(wish(quartier, bob, at(thursday, 8), at(thursday, 8)))) == [
        regular.pk
    ]


def test_a_regular_request_finds_the_dates_a_regular_ride_serves(quartier, alice, bob):
    tuesdays_and_wednesdays = commute(quartier, alice, weekdays=[1, 2])
    posted = services.ride_request_create(
        quartier=quartier,
        passenger=bob,
        **request_fields(
            kind="regular",
            earliest_at=None,
            latest_at=None,
            weekdays=[0, 2],
            earliest_time=datetime.time(7, 50),
            latest_time=datetime.time(8, 20),
            valid_from=timezone.localdate(),
            valid_until=timezone.localdate() + datetime.timedelta(days=20),
        ),
    )
    [found] = matching.rides_for(matching.wish_of(posted, now=timezone.now()))
    assert found.ride == tuesdays_and_wednesdays
    assert found.occurrences
    assert {occurrence.date.weekday() for occurrence in found.occurrences} == {2}
    assert all(occurrence.gap == datetime.timedelta(0) for occurrence in found.occurrences)
    # The other way round: the driver sees the request.
    assert [m.request for m in matching.requests_for(tuesdays_and_wednesdays)] == [posted]


def test_the_detour_must_stay_within_the_drivers_tolerance(quartier, alice, bob):
    strict = ride(quartier, alice, detour_value=1, detour_unit="km")
    day = timezone.localdate(strict.departs_at)
    from_vaise = wish(quartier, bob, at(day, 8), at(day, 8), origin=VAISE)
    assert matching.rides_for(from_vaise) == []
    services.ride_update(ride=strict, actor=alice, detour_value=5)
    assert ride_ids(matching.rides_for(from_vaise)) == [strict.pk]


def test_the_pick_up_must_come_before_the_drop_off(quartier, alice, bob):
    offered = ride(quartier, alice, detour_value=60)
    day = timezone.localdate(offered.departs_at)
    backwards = wish(
        quartier, bob, at(day, 8), at(day, 8), origin=PART_DIEU, destination=HOTEL_DE_VILLE
    )
    assert matching.rides_for(backwards) == []


def test_a_route_through_meeting_points_serves_passengers_along_it(quartier, alice, bob, carol):
    market = services.meeting_point_create(
        quartier=quartier,
        actor=carol,
        name="Bellecour",
        latitude=BELLECOUR[0],
        longitude=BELLECOUR[1],
    )
    day = timezone.localdate(in_days(2))
    straight = ride(quartier, alice, detour_value=1, detour_unit="km")
    via = ride(
        quartier,
        carol,
        detour_value=1,
        detour_unit="km",
        via=[market],
        departs_at=in_days(2, 8, 5),
    )
    found = matching.rides_for(
        wish(quartier, bob, at(day, 8), at(day, 8), origin=BELLECOUR, destination=PART_DIEU)
    )
    assert ride_ids(found) == [via.pk]
    assert found[0].fit.extra_km == pytest.approx(0, abs=1e-9)
    assert straight.pk not in ride_ids(found)


def test_seats_are_counted_on_each_date(quartier, alice, bob, carol):
    regular = commute(quartier, alice, seats=2)
    tuesday, wednesday = next_weekday(1), next_weekday(2)
    services.booking_request(ride=regular, passenger=carol, dates=[tuesday], seats=2)
    services.booking_accept(booking=regular.trips.get(date=tuesday).bookings.get(), actor=alice)
    assert matching.rides_for(wish(quartier, bob, at(tuesday, 8), at(tuesday, 8))) == []
    assert ride_ids(
        matching.rides_for(wish(quartier, bob, at(wednesday, 8), at(wednesday, 8)))
    ) == [regular.pk]
    assert (
        matching.rides_for(wish(quartier, bob, at(wednesday, 8), at(wednesday, 8), seats=3)) == []
    )


def test_ones_own_ride_and_other_quartiers_rides_are_never_offered(quartier, alice, bob):
    own = ride(quartier, bob)
    elsewhere = QuartierFactory.create()
    stranger = UserFactory.create()
    MembershipFactory.create(quartier=elsewhere, user=stranger)
    MembershipFactory.create(quartier=elsewhere, user=bob, status=Membership.Status.ACTIVE)
    other = services.ride_create(quartier=elsewhere, driver=stranger, **ride_fields())
    day = timezone.localdate(own.departs_at)
    assert matching.rides_for(wish(quartier, bob, at(day, 8), at(day, 8))) == []
    assert ride_ids(matching.rides_for(wish(elsewhere, bob, at(day, 8), at(day, 8)))) == [other.pk]


def test_cancelled_and_past_rides_are_not_offered(quartier, alice, bob, carol):
    cancelled = ride(quartier, alice)
    services.ride_cancel(ride=cancelled, actor=alice)
    day = timezone.localdate(cancelled.departs_at)
    assert matching.rides_for(wish(quartier, bob, at(day, 8), at(day, 8))) == []
    soon = ride(quartier, carol, departs_at=timezone.now() + datetime.timedelta(minutes=5))
    later = timezone.now() + datetime.timedelta(minutes=10)
    assert (
        matching.rides_for(wish(quartier, bob, soon.departs_at, soon.departs_at), now=later) == []
    )


def test_matches_are_ranked_by_extra_distance_then_by_time(quartier, alice, bob, carol):
    day = timezone.localdate(in_days(2))
    near_in_time = ride(
        quartier, alice, departs_at=at(day, 8, 0), origin=place(BELLECOUR), detour_value=30
    )
    on_the_way_late = ride(quartier, carol, departs_at=at(day, 8, 10))
    on_the_way_early = ride(quartier, bob, departs_at=at(day, 8, 5))
    passenger = UserFactory.create()
    MembershipFactory.create(quartier=quartier, user=passenger)
    found = matching.rides_for(wish(quartier, passenger, at(day, 7, 30), at(day, 8, 0)))
    assert ride_ids(found) == [on_the_way_early.pk, on_the_way_late.pk, near_in_time.pk]


def test_the_indexed_candidates_give_the_same_matches_as_a_full_scan(quartier, alice, bob):
    rng = random.Random(5)
    drivers = [UserFactory.create() for _ in range(5)]
    for driver in drivers:
        MembershipFactory.create(quartier=quartier, user=driver)
    spots = [CROIX_ROUSSE, HOTEL_DE_VILLE, BELLECOUR, PART_DIEU, VILLEURBANNE, VAISE]
    for _ in range(60):
        origin, destination = rng.sample(spots, 2)
        fields = ride_fields(
            origin=place(origin),
            destination=place(destination),
            detour_value=rng.choice([2, 5, 15]),
        )
        if rng.random() < 0.5:
            fields |= {
                "departs_at": in_days(rng.randint(1, 3), rng.randint(7, 9), rng.choice([0, 20, 40]))
            }
        else:
            fields |= {
                "kind": "regular",
                "departs_at": None,
                "weekly": {
                    d: datetime.time(rng.randint(7, 9), 30) for d in rng.sample(range(7), 3)
                },
                "valid_from": timezone.localdate(),
                "valid_until": timezone.localdate() + datetime.timedelta(days=10),
            }
        services.ride_create(quartier=quartier, driver=rng.choice(drivers), **fields)
    everything = list(Ride.objects.prefetch_related("weekly"))
    compared = 0
    for _ in range(25):
        origin, destination = rng.sample(spots, 2)
        day = timezone.localdate() + datetime.timedelta(days=rng.randint(1, 3))
        start = at(day, rng.randint(6, 9), rng.choice([0, 30]))
        asked = wish(quartier, bob, start, start + datetime.timedelta(hours=1), origin, destination)
        indexed = matching.rides_for(asked)
        scanned = matching.rides_for(asked, rides=everything)
        assert ride_ids(indexed) == ride_ids(scanned)
        compared += len(indexed)
    assert compared > 0  # the data set is not so sparse that nothing matches
