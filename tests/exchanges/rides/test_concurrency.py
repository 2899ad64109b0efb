"""Many neighbours asking for the last seat at the same moment: only a real database with row
locks can show that exactly one of them gets it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from exchanges.rides import services
from exchanges.rides.models import Booking, Trip
from tests.factories import MembershipFactory, QuartierFactory, UserFactory, ride_fields
from tests.neighbourhood.quartiers.test_concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PASSENGERS = 12


def in_english(action):
    """Each racing thread starts in the site's language (French); the refusals are read in
    English like everywhere else in the tests."""

    def run():
        with translation.override("en"):
            return action()

    return run


def neighbours(count: int):
    quartier = QuartierFactory.create()
    people = [UserFactory.create() for _ in range(count)]
    for person in people:
        MembershipFactory.create(quartier=quartier, user=person)
    return quartier, people


def test_of_many_passengers_asking_for_the_last_seat_at_once_exactly_one_gets_it():
    quartier, (driver, first, *others) = neighbours(PASSENGERS + 2)
    ride = services.ride_create(
        quartier=quartier, driver=driver, **ride_fields(seats=2, auto_accept=True)
    )
    day = timezone.localdate(ride.departs_at)
    services.booking_request(ride=ride, passenger=first, dates=[day])
    results = run_together(
        [
            in_english(lambda p=p: services.booking_request(ride=ride, passenger=p, dates=[day]))
            for p in others
        ]
    )
    winners = [r for r in results if isinstance(r, list)]
    refusals = [r for r in results if isinstance(r, ValidationError)]
    assert len(winners) == 1, results
    assert len(refusals) == PASSENGERS - 1, results
    assert all("Not enough seats left" in str(r) for r in refusals)
    trip = Trip.objects.get(ride=ride)
    assert trip.seats_taken == 2
    assert Booking.objects.filter(trip=trip, status="confirmed").count() == 2


def test_the_first_bookings_of_a_regular_date_create_one_trip_and_never_overbook():
    quartier, (driver, *others) = neighbours(PASSENGERS + 1)
    ride = services.ride_create(
        quartier=quartier,
        driver=driver,
        **ride_fields(
            kind="regular",
            departs_at=None,
            weekly={day: datetime.time(8) for day in range(7)},
            valid_from=timezone.localdate(),
            valid_until=timezone.localdate() + datetime.timedelta(days=7),
            seats=3,
            auto_accept=True,
        ),
    )
    day = timezone.localdate() + datetime.timedelta(days=2)
    results = run_together(
        [lambda p=p: services.booking_request(ride=ride, passenger=p, dates=[day]) for p in others]
    )
    assert sum(isinstance(r, list) for r in results) == 3, results
    trip = Trip.objects.get(ride=ride, date=day)
    assert trip.seats_taken == 3
    assert Booking.objects.filter(trip=trip, status="confirmed").count() == 3


def test_a_driver_accepting_requests_from_two_devices_never_overbooks():
    quartier, (driver, *others) = neighbours(7)
    ride = services.ride_create(quartier=quartier, driver=driver, **ride_fields(seats=1))
    day = timezone.localdate(ride.departs_at)
    asked = [services.booking_request(ride=ride, passenger=p, dates=[day])[0] for p in others]
    results = run_together(
        [lambda b=b: services.booking_accept(booking=b, actor=driver) for b in asked]
    )
    assert sum(isinstance(r, list) for r in results) == 1, results
    assert Trip.objects.get(ride=ride).seats_taken == 1
    assert Booking.objects.filter(status="confirmed").count() == 1
