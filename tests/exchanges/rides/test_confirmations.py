"""Cancelling and deleting in carpooling asks first, on a page of its own."""

from __future__ import annotations

import datetime

import pytest

from exchanges.rides import selectors, services
from exchanges.rides.models import Booking, MeetingPoint, Ride, RideRequest, Trip
from tests.confirmations import asks_first_then_does, signed_in
from tests.exchanges.rides.test_pages import ask, commute, day_of, offer
from tests.factories import CROIX_ROUSSE

pytestmark = pytest.mark.django_db


def booked(quartier, alice, bob) -> Booking:
    ride = offer(quartier, alice)
    [booking] = services.booking_request(ride=ride, passenger=bob, dates=[day_of(ride)])
    return booking


def status_of(booking: Booking) -> str:
    booking.refresh_from_db()
    return booking.status


def test_it_asks_before_a_passenger_cancels_a_confirmed_seat(quartier, alice, bob, dave):
    booking = booked(quartier, alice, bob)
    services.booking_accept(booking=booking, actor=alice)
    page = asks_first_then_does(
        actor=bob,
        dave=dave,
        url=f"/rides/bookings/{booking.pk}/cancel/",
        data={"reason": "Malade"},
        done=lambda: status_of(booking) == Booking.Status.CANCELLED,
        asks="Yes, cancel this date",
    )
    assert "Alice will be told." in page and 'name="reason"' in page
    booking.refresh_from_db()
    assert booking.reason == "Malade"


def test_it_asks_before_every_date_of_a_series_is_cancelled(quartier, alice, bob, dave):
    ride = commute(quartier, alice)
    days = _next_days(ride)[:2]
    bookings = services.booking_request(ride=ride, passenger=bob, dates=days)
    asks_first_then_does(
        actor=bob,
        dave=dave,
        url=f"/rides/bookings/{bookings[0].pk}/cancel/",
        query="?whole_series=1",
        data={"whole_series": "1"},
        done=lambda: all(status_of(b) == Booking.Status.CANCELLED for b in bookings),
        asks="Cancel every date still to come?",
    )


def _next_days(ride: Ride) -> list[datetime.date]:
    return [d.date for d in selectors.upcoming_departures(ride=ride, days=13)]


def test_it_asks_before_a_driver_declines_a_request(quartier, alice, bob, dave):
    booking = booked(quartier, alice, bob)
    asks_first_then_does(
        actor=alice,
        dave=dave,
        url=f"/rides/bookings/{booking.pk}/decline/",
        done=lambda: status_of(booking) == Booking.Status.DECLINED,
        asks="Decline the request of Bob?",
    )


def test_it_asks_before_a_driver_cancels_one_date(quartier, alice, dave):
    ride = commute(quartier, alice)
    day = _next_days(ride)[0]
    page = asks_first_then_does(
        actor=alice,
        dave=dave,
        url=f"/rides/{ride.pk}/dates/cancel/",
        query=f"?date={day.isoformat()}",
        data={"date": day.isoformat()},
        done=lambda: Trip.objects.filter(ride=ride, date=day, is_cancelled=True).exists(),
        asks="Cancel one date of your ride?",
    )
    # The dates to choose from, the one tapped already chosen.
    assert f'<option value="{day.isoformat()}" selected>' in page


def test_it_asks_before_a_ride_is_cancelled_and_only_its_driver_is_asked(
    quartier, alice, bob, dave
):
    ride = offer(quartier, alice)

    def cancelled() -> bool:
        ride.refresh_from_db()
        return ride.status == Ride.Status.CANCELLED

    assert _get(bob, f"/rides/{ride.pk}/cancel/") == 403
    asks_first_then_does(
        actor=alice,
        dave=dave,
        url=f"/rides/{ride.pk}/cancel/",
        done=cancelled,
        asks="Yes, cancel the ride",
    )


def test_it_asks_before_a_passenger_closes_a_request(quartier, alice, bob, dave):
    wish = ask(quartier, bob)

    def closed() -> bool:
        wish.refresh_from_db()
        return wish.status == RideRequest.Status.CLOSED

    assert _get(alice, f"/rides/requests/{wish.pk}/close/") == 403
    asks_first_then_does(
        actor=bob,
        dave=dave,
        url=f"/rides/requests/{wish.pk}/close/",
        done=closed,
        asks="Close your request?",
    )


def test_it_asks_before_a_coordinator_deletes_a_meeting_point(quartier, carol, dave):
    point = services.meeting_point_create(
        quartier=quartier,
        actor=carol,
        name="Gros Caillou",
        latitude=CROIX_ROUSSE[0],
        longitude=CROIX_ROUSSE[1],
    )
    asks_first_then_does(
        actor=carol,
        dave=dave,
        url=f"/rides/in/{quartier.slug}/meeting-points/{point.pk}/delete/",
        done=lambda: not MeetingPoint.objects.filter(pk=point.pk).exists(),
        asks="Delete the meeting point “Gros Caillou”?",
    )


def _get(user, url: str) -> int:
    return signed_in(user).get(url).status_code
